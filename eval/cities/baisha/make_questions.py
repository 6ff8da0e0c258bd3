import json
A="bs-housing-anju-shitiao"; AP="bs-talent-apartment-rules"; S="bs-school-places-2026"
M="bs-medical-green-channel"; C="bs-talent-card"; F="bs-foreign-expert-guide"; G="bs-gangaotai-guide"
Q="bs-talent-faq"; SC="services-service-commissioner"; O="bs-one-stop-center-en"
qs=[
# zh answerable (20)
("zh","我是二类英才卡，没住人才公寓，自己在外面租的房子，每个月能补多少？最多补几年？",[A],"housing",["2,500元","36个月"]),
("zh","刚硕士毕业来白沙，拿的三类卡，打算买第一套房，补贴是一次性给吗",[A],"housing",["20万元","分5年等额发放"]),
("zh","人才公寓押金要交多少啊",[AP],"housing",["2个月租金"]),
("zh","科技园的人才公寓，二类卡一平米一个月多少钱？物业费另外交吗",[AP],"housing",["20元","2.5元"]),
("zh","我下个月从公司离职去外地了，住的人才公寓得多久内搬出去？拖几天会怎么样",[AP],"housing",["60日","2倍"]),
("zh","孩子想明年春季学期插班，现在还来得及报吗？什么时候截止，啥时候出结果",[S],"schooling",["12月18日","2027年1月15日前"]),
("zh","我是三类卡，孩子上公办小学学位是怎么分的？能自己挑学校吗",[S],"schooling",["就近安排"]),
("zh","人才子女报名上小学要准备哪些材料",[S],"schooling",["出生医学证明","预防接种证"]),
("zh","去市一医白沙院区看病，人才窗口在哪里",[M],"medical",["门诊楼1楼东侧8号"]),
("zh","人才健康热线是多少？周末打有人接吗",[M],"medical",["0751-8836 1200","工作日 8:00—17:30"]),
("zh","我是三类卡，能带我爸妈走医院的绿色通道吗",[M],"medical",["三类英才卡人才：本人"]),
("zh","博士，今年41岁，在白沙一家企业全职上班，能认定成几类英才卡？",[C],"settlement",["二类","45周岁以下"]),
("zh","三类英才卡有效期几年？快到期了怎么续",[C],"settlement",["3年","期满前3个月内"]),
("zh","英才卡申请交上去以后多久能审完？要不要公示",[C],"settlement",["10个工作日","公示5个工作日"]),
("zh","英才卡丢了咋办",[Q],"services",["挂失","5个工作日"]),
("zh","我跟老婆都是二类人才，买房补贴能不能一人拿一份？",[Q,A],"housing",["同一家庭只能享受一次购房补贴"]),
("zh","租房补贴一般啥时候到账，打到哪个卡上",[Q],"housing",["每季度首月的20日前","社保卡金融账户"]),
("zh","一类人才的专属专员多久上门一次",[SC],"services",["每季度至少走访1次"]),
("zh","找专员反映了问题，大概几天能办好？",[SC],"services",["1个工作日内","5个工作日内办结"]),
("zh","听说白沙博士买房补30万，现在还是这个数吗？我38岁博士，还没买房",[A],"housing",["60万元"]),
# zh unanswerable (5)
("zh","白沙区人才子女参加中考有没有加分政策？",[],None,None),
("zh","我爱人跟着我过来，区里能帮忙安排工作吗",[],None,None),
("zh","海城市东湖区的人才租房补贴是多少？和白沙比哪个高",[],None,None),
("zh","研究生还没毕业，来白沙企业实习有没有实习补贴",[],None,None),
("zh","二类卡每年那次免费体检都查哪些项目？能加做胃镜吗",[],None,None),
# zh-Hant answerable (8)
("zh-Hant","我是香港人，在白沙公司上班還要不要辦就業許可？",[G],"settlement",["無需辦理就業許可"]),
("zh-Hant","臺灣來的，今年27歲，第一次來白沙找工作，人才驛站可以免費住幾天？",[G],"housing",["15天"]),
("zh-Hant","我從澳門過來，在白沙企業全職上班，每個月有住房方面的補貼嗎？能領多久",[G],"housing",["1,500元","24個月"]),
("zh-Hant","港澳臺居民居住證申請後大概多久能拿到？",[G],"settlement",["20個工作日"]),
("zh-Hant","港澳臺專員的電話幾號？",[G],"services",["0751-8839 6066"]),
("zh-Hant","小朋友要轉學過來插班讀小學，除了英才卡還要準備什麼文件？",[S],"schooling",["原学校学籍信息卡"]),
("zh-Hant","三類英才卡住科技園人才公寓，租金一平方米多少錢？",[AP],"housing",["28元"]),
("zh-Hant","我有二類卡，用住房公積金貸款最多可以貸多少？",[A],"housing",["120万元"]),
# zh-Hant unanswerable (2)
("zh-Hant","臺灣的健保卡在白沙的醫院看病可以用嗎？",[],None,None),
("zh-Hant","港澳臺人才在白沙買房有沒有放寬限購？",[],None,None),
# en answerable (20)
("en","Where exactly is the talent one-stop service center? Which metro exit should I use?",[O],"services",["88 Xinghu Road","Exit B"]),
("en","is the talent center open on saterday",[O],"services",["Talent Card matters only"]),
("en","I don't speak Chinese. Can I get an interpreter when I go to the service center?",[O],"services",["2 working days"]),
("en","Where do I go to apply for my son's school place in person?",[O,S],"schooling",["Education Window 12","3rd floor"]),
("en","How long does it take to get a work permit in Baisha?",[F],"settlement",["5 working days"]),
("en","I just landed with my work permit. How many days do I have to apply for the residence permit, and where?",[F],"settlement",["30 days","90 Xinghu Road"]),
("en","I have a Class 2 card and two kids at an international school. Is there any help with tuition?",[F],"schooling",["50%","RMB 60,000"]),
("en","is there a hospital with english speaking doctors around here",[F,M],"medical",["International Clinic","5th floor"]),
("en","What's the English hotline number?",[F,O],"services",["0751-8839 6088"]),
("en","I'm renting a flat from a private landlord. Do I need to register with the police?",[F],"settlement",["24 hours"]),
("en","I have a PhD and I'm 41, working full time at a chip company in Baisha. Which talent card class would I get?",[C],"settlement",["二类","45周岁以下"]),
("en","how much monthly rent subsidy does a class 3 card holder get?",[A],"housing",["1,500元"]),
("en","My wife and I are buying our first flat in Baisha, neither of us owns property in Haicheng. I hold a Class 1 card. How much is the purchase subsidy?",[A],"housing",["200万元"]),
("en","If I leave Baisha after 3 years, do I have to pay back the home purchase subsidy?",[A],"housing",["服务满5年","按未满年限比例退回"]),
("en","I'm class 1 so I live rent-free in the talent apartment - do I still pay a deposit?",[AP],"housing",["3,000元"]),
("en","How much notice do I need to give before moving out of the talent apartment?",[AP],"housing",["30日"]),
("en","I only have a bachelor's degree and no talent card, works at a park company. can I apply for the talent apartment?",[AP],"housing",["全日制本科及以上学历","1年以上劳动合同"]),
("en","Where do I go for the free annual health check?",[M],"medical",["体检中心4楼"]),
("en","We missed the online application for primary school this autumn. Was there still a way to apply, and until when?",[S],"schooling",["2026年8月10日前"]),
("en","how do i find out who my service commissioner is and how to reach them",[SC],"services",["我的专员","0751-8839 6000"]),
# en unanswerable (5)
("en","Does Baisha pay for Chinese language classes for my spouse?",[],None,None),
("en","What are the talent apartment rules in Shenzhen Nanshan? Are they cheaper than Baisha?",[],None,None),
("en","Can foreign experts in Baisha get an individual income tax refund or subsidy?",[],None,None),
("en","How much is the yearly tuition at Haicheng Baisha International School?",[],None,None),
("en","Can my parents come over on a family visa, and how long could they stay?",[],None,None),
]
with open("questions.jsonl","w",encoding="utf-8") as f:
    for i,(lang,q,exp,topic,facts) in enumerate(qs,1):
        o={"id":f"bs{i:03d}","question":q,"lang":lang,"expect":exp}
        if exp:
            o["topic"]=topic; o["answerable"]=True; o["facts"]=facts
        else:
            o["answerable"]=False
        f.write(json.dumps(o,ensure_ascii=False)+"\n")
print(len(qs))
