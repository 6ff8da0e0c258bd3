# Generates questions.jsonl for the Yunzhou corpus. Run: python3 tools/make_questions.py
import json, random, os

A = "housing-rencai-anju-banfa"
OLD = "yz-anju-2021"
APT, APTEN = "yz-talent-apartment-rules", "yz-talent-apartment-rules-en"
QH, LT = "qinghe-youth-rent-2026", "lanting-youth-rent-2026"
G = "housing-goufang-butie-shenbao-tongzhi-2026"
CH, CHEN = "yz-children-schooling", "yz-children-schooling-en"
W = "schooling-zinv-ruxue-wenda"
INTL = "yz-international-schools-guide"
MED, MEDEN = "yz-medical-care", "yz-medical-care-en"
GC = "medical-lvse-tongdao-banshi-zhinan"
INS = "medical-buchong-yiliao-baoxian-tongzhi-2026"
HK, HKEN = "yz-hukou-rules", "yz-hukou-rules-en"
PERMIT = "yz-foreign-permits-guide"
SP = "settlement-peiou-jiuye-anzhi-banfa"
HMT = "yz-hkmotw-talent-measures"
CAT = "yz-talent-catalogue"
CARD, CARDEN = "yz-talent-card", "yz-talent-card-en"
ONE = "services-yizhanshi-fuwu-banshi-zhinan"
COM = "services-fuwu-zhuanyuan-wenda"
STA = "services-international-talent-service-station-en"

Q = []
def a(lang, topic, q, expect, facts):
    Q.append(dict(question=q, lang=lang, expect=expect, topic=topic, answerable=True, facts=facts))
def u(lang, q):
    Q.append(dict(question=q, lang=lang, expect=[], answerable=False))

# ---------------- zh, answerable (44) ----------------
a("zh","housing","我是骨干人才，刚来云州还没买房，也没住人才公寓，租房补帖一个月给多少？",[A],["每月3,000元"])
a("zh","housing","青年英才（硕士）在云州买首套房能补多少钱？是一次性给还是分期给",[A,G],["8万元","一次性发放"])
a("zh","housing","拿了购房补贴，干满三年想跳槽去外地，之前领的钱要退吗",[A],["未满服务期的比例"])
a("zh","housing","购房补贴领了两年了，想把房子卖掉换个大点的，会有啥影响？",[A,G],["全额退回"])
a("zh","housing","听说租房补贴最多只能领24个月，现在还是这样吗？",[A],["最长36个月"])
a("zh","housing","领军人才不想住人才公寓，自己在外面租房的话有补贴吗",[A],["每月8,000元"])
a("zh","housing","高级人才住人才公寓是不是前几年不要钱？之后房租怎么算",[A,APT],["前3年免租金","50%"])
a("zh","housing","我是青年英才，人才公寓最长能租几年？到期还能续吗",[APT,APTEN],["不超过6年"])
a("zh","housing","人才公寓签合同要交押金吗，交多少",[APT,APTEN],["1个月租金"])
a("zh","housing","住人才公寓期间自己买了房，多久之内得搬出去？",[APT,APTEN],["3个月内腾退"])
a("zh","housing","人才公寓多出来一间，能不能转租给朋友？被发现会怎样",[APT,APTEN],["5年内不得再次申请"])
a("zh","housing","清河区本科毕业生，区里的租房补贴一个月多少钱",[QH],["每月800元"])
a("zh","housing","兰亭区上班的硕士，区级租房补贴多少？能领多久",[LT],["每月1,000元","最长36个月"])
a("zh","housing","我在兰亭区工作，区里的租房补贴和市里的能一起拿吗",[LT],["不得与市级人才租房补贴叠加享受"])
a("zh","housing","清河区的租房补贴啥时候能申请啊，是全年都可以吗",[QH],["1月1日至1月31日","7月1日至7月31日"])
a("zh","housing","我今年38岁，博士，在清河区一家企业上班，还能申请区里的租房补贴吗？",[QH],["40周岁"])
a("zh","housing","今年的人才购房补贴申报什么时候截止",[G],["2026年12月31日"])
a("zh","housing","购房补贴审核通过以后，第一笔钱大概多久能到账？",[G],["30个工作日内"])
a("zh","housing","我和老公都是认定的人才，买了一套房，购房补贴能各申请一份吗",[G],["只能由其中一方申请"])
a("zh","housing","云州的人才公寓都在哪些地方？想离单位近一点",[APT,APTEN],["云湖人才社区","清河青年公寓"])
a("zh","schooling","我是高级人才，孩子明年上初中，可以挑学校吗？能报几个",[CH,CHEN,W],["2所公办学校志愿"])
a("zh","schooling","骨干人才的孩子中考能加几分",[CH,W,CHEN],["加5分"])
a("zh","schooling","孩子平时跟爷爷奶奶住，学位能不能按爷爷奶奶家那边安排？",[W],["不能以祖辈居住地作为安排依据"])
a("zh","schooling","孩子想上民办学校，人才政策还管用吗",[CH,W,CHEN],["自行报名"])
a("zh","schooling","清河区教育局电话多少？想问下孩子转学的事",[W],["0725-8652 4410"])
a("zh","medical","我是骨干人才，免费体检多久一次？标准是多少钱",[MED,MEDEN],["每两年1次","1,200元"])
a("zh","medical","我是领军人才，我爸妈来云州看病能不能走绿色通道",[MED,MEDEN,GC],["双方父母"])
a("zh","medical","人才就医绿色通道要提前多久预约，打哪个电话",[GC],["提前1个工作日","0725-8805 1288"])
a("zh","medical","周日带孩子去医院，能用人才陪诊服务吗？",[GC],["周日及法定节假日不提供预约陪诊服务"])
a("zh","medical","人才补充医疗保险住院能报多少？一年最多报多少",[INS],["90%","30万元"])
a("zh","medical","想给老婆孩子也加上补充医疗保险，要自己出钱吗，多少钱一年",[INS],["1,280元"])
a("zh","medical","出院以后多长时间内要去申请补充医疗保险理赔？",[INS],["90日内"])
a("zh","settlement","我本科毕业，今年46岁，还能落户云州吗",[HK,HKEN],["45周岁"])
a("zh","settlement","我是高级人才，想把父母户口也迁过来，有没有年龄要求？",[HK,HKEN],["不受年龄限制"])
a("zh","settlement","落户材料都齐了的话大概几天能办好",[HK,HKEN],["5个工作日"])
a("zh","settlement","我是领军人才，老婆在老家事业单位有编制，来云州能怎么安排工作",[SP],["对口调入"])
a("zh","settlement","高级人才，爱人暂时没找到工作，有生活补贴吗？给多久",[SP],["每月2,000元","最长12个月"])
a("zh","services","人才卡实体卡丢了咋办，要打哪个电话",[CARD,CARDEN,ONE],["0725-8826 3000"])
a("zh","services","银卡有效期几年？到期了怎么续",[CARD,CARDEN],["3年","30日内"])
a("zh","services","人才一站式窗口周六开门吗",[ONE],["周六上午9:00—12:00"])
a("zh","services","给服务专员提了诉求，一般多久会回复",[COM],["24小时内","3个工作日"])
a("zh","services","对分给我的服务专员不太满意，能换人吗",[COM],["0725-8826 3111"])
a("zh","services","人才认定提交以后多久能审完？要公示吗",[CAT],["15个工作日","5个工作日"])
a("zh","services","我43岁，有博士学位，没有职称，大概能认定成哪一类人才",[CAT],["骨干人才"])

# ---------------- zh, unanswerable (11) ----------------
u("zh","人才公寓里可以养猫养狗吗？")
u("zh","云湖新区有没有自己的青年人才租房补贴，标准是多少？")
u("zh","人才子女以后上大学，云州有没有学费补助")
u("zh","杭州的人才购房补贴是多少，跟云州比哪个高？")
u("zh","我们公司引进了一个领军人才，单位能拿到什么引才奖励吗")
u("zh","人才公寓可以自己装宽带吗，是哪家运营商")
u("zh","人才体检套餐具体包括哪些项目？有没有胃肠镜")
u("zh","人才的父母来云州养老，有没有养老补贴")
u("zh","兰亭人才公寓现在的月租金是每平方米多少钱？")
u("zh","青年英才有没有一次性的安家费或者生活补贴？")
u("zh","人才配偶在云州考公务员，有没有加分或者专门的定向岗位？")

# ---------------- zh-Hant, answerable (12) ----------------
a("zh-Hant","settlement","我是香港居民，在雲州上班要不要另外辦就業許可？",[HMT],["無需辦理就業許可"])
a("zh-Hant","settlement","我從台灣來，想在雲州開公司，有沒有創業補貼？多少錢",[HMT],["10萬元"])
a("zh-Hant","settlement","港澳台居民居住證要在雲州住多久才能申請？辦下來要幾天",[HMT],["半年以上","15個工作日"])
a("zh-Hant","settlement","我有香港的醫師資格，可以在雲州的醫院看診嗎？一次最長多久",[HMT],["不超過3年"])
a("zh-Hant","services","一站式大廳的港澳台專窗是幾號窗口？電話幾號",[HMT,ONE],["9號窗口","0725-8826 3166"])
a("zh-Hant","schooling","我小孩在雲州讀小學，跟本地戶籍的同學待遇一樣嗎",[HMT],["同等待遇"])
a("zh-Hant","housing","我是澳門人，被認定為高級人才，自己租房的話每個月補貼多少？",[A,HMT],["每月5,000元"])
a("zh-Hant","housing","請問人才公寓的租約一次可以簽幾年？",[APT,APTEN],["不超过3年"])
a("zh-Hant","services","人才卡金卡的有效期是多久",[CARD,CARDEN],["5年"])
a("zh-Hant","medical","醫院的人才綠色通道週六有開嗎？幾點到幾點",[GC],["8:00—12:00"])
a("zh-Hant","settlement","台胞證可以拿來辦人才認定、銀行開戶嗎",[HMT],["臺灣居民來往大陸通行證"])
a("zh-Hant","schooling","我是高級人才，小孩參加雲州中考可以加幾分？",[CH,W,CHEN],["加10分"])

# ---------------- zh-Hant, unanswerable (3) ----------------
u("zh-Hant","我在香港有強積金，可以轉到雲州的社保嗎？")
u("zh-Hant","台灣人在雲州買房，可以用台灣的銀行貸款嗎")
u("zh-Hant","港澳人才來雲州工作，每個月有沒有生活津貼可以領？")

# ---------------- en, answerable, Chinese-only policies (37) ----------------
a("en","housing","I'm a Senior Talent renting a flat on my own. How much rent subsidy do I get per month?",[A],["每月5,000元"])
a("en","housing","how much is the home purchase subsidy for a Leading Talent",[A,G],["300万元"])
a("en","housing","We just bought our first flat in Yunzhou. I'm a Core Talent - what's the purchase subsidy and how is it paid out?",[A,G],["60万元","每年发放20%"])
a("en","housing","Can I take the rent subsidy and live in a talent apartment at the same time?",[A],["不得同时享受"])
a("en","housing","If I get rent subsidy first and later buy a house, do I have to pay back the rent money?",[A],["不予追回"])
a("en","housing","Is it true top talents can get their talent apartment for free after some years?",[A],["满10年","无偿获赠"])
a("en","housing","I bought my apartment about 2 years before I was certified as a talent. Can I still claim the purchase subisdy?",[A],["认定前1年以内"])
a("en","housing","Fresh master's grad working in Qinghe District - what's the district rent allowance?",[QH],["每月1,200元"])
a("en","housing","Lanting district rent subsidy for PhD holders, how much per month?",[LT],["每月1,800元"])
a("en","housing","Qinghe district rent subsidy - can I combine it with the city-level rent subsidy?",[QH],["可以与市级人才租房补贴叠加享受"])
a("en","housing","When can I apply for the Lanting District rent subsidy?",[LT],["3月1日至3月31日","9月1日至9月30日"])
a("en","housing","How long does Qinghe take to review the rent subsidy application, and where is the money paid to?",[QH],["15个工作日","社会保障卡银行账户"])
a("en","housing","Which window at the service hall do I go to with the purchase subsidy paperwork?",[G,ONE],["3号窗口"])
a("en","housing","what documents do i need to hand in for the home purchase subsidy?",[G],["购房发票","网签备案证明"])
a("en","schooling","When do they usually announce the school placement results for the autumn intake?",[W],["7月15日前"])
a("en","schooling","We have twins starting primary school - will they be placed in the same school?",[W],["同一所学校"])
a("en","schooling","If my son qualifies for several kinds of zhongkao bonus points, do they add up?",[W],["不累加"])
a("en","schooling","I'm changing jobs from Qinghe to Yunhu New Area. Does my daughter have to change school?",[W],["不强制转学"])
a("en","medical","In an emergency, do I still need to book the talent green channel first?",[GC],["急诊科"])
a("en","medical","What happens if I book green-channel appointments and don't show up?",[GC],["暂停预约服务3个月"])
a("en","medical","Does the supplementary medical insurance for talents cover any outpatient costs?",[INS],["门诊特殊病种","70%"])
a("en","medical","How much is the premium the city pays per person for the talent supplementary insurance this year?",[INS],["2,680元"])
a("en","medical","I'm a Core Talent. Am I covered by the city-paid supplementary medical insurance?",[INS],["不在本次统一参保范围内"])
a("en","medical","What's the insurance claims hotline, and how fast do they pay out?",[INS],["0725-8860 9595","10个工作日"])
a("en","medical","Do I have to be treated at one of the designated talent hospitals for the supplementary insurance to reimburse me?",[INS],["不限于人才医疗保健定点医院"])
a("en","settlement","I'm a Leading Talent and my husband wants to start a business here. Any loan support for talents' spouses?",[SP],["50万元"])
a("en","settlement","I'm a Leading Talent, my wife isn't working yet. Is there an allowance for her and for how long?",[SP],["每月3,000元","最长24个月"])
a("en","settlement","Is there a deadline for applying for my spouse's job placement?",[SP],["2年内"])
a("en","settlement","I'm from Hong Kong - which window at the one-stop hall handles HK/Macau/Taiwan talents?",[HMT,ONE],["9號窗口"])
a("en","settlement","Taiwanese, 29, opening a startup in Yunzhou. Any one-off startup grant for me?",[HMT],["10萬元"])
a("en","services","What's the age limit to be certified as a Young Talent with a master's degree?",[CAT],["35周岁"])
a("en","services","I'm a company executive paying around 600k RMB income tax a year. Which talent category could I fall under?",[CAT],["50万元以上","高级人才"])
a("en","services","Where exactly is the talent one-stop service hall, and how do I get there by metro?",[ONE],["锦绣大道188号","地铁2号线"])
a("en","housing","A friend told me Core Talents get 2,000 a month for rent - is that still the rate?",[A],["每月3,000元"])
a("en","services","Can my company's HR person go to the window for me?",[ONE],["授权委托书"])
a("en","services","I'm a Leading Talent moving to another employer in Yunzhou. Do I keep my service commissioner?",[COM],["不因工作单位变化而更换"])
a("en","services","I'm a Core Talent. Do I get my own personal service commissioner?",[COM],["不单独配备"])

# ---------------- en, answerable, translated / English-only policies (12) ----------------
a("en","schooling","As a foreign Leading Talent, how much of my kid's international school tuition does the city cover?",[CHEN,CH,INTL],["RMB 50,000"])
a("en","schooling","How much is the yearly tuition at Yunzhou International School?",[INTL],["168,000"])
a("en","schooling","When do I submit the tuition subsidy claim for my child's school?",[INTL,CHEN],["1 September and 31 October"])
a("en","settlement","How many days does it take to get a residence permit in Yunzhou, and what's the fee?",[PERMIT],["7 working days","RMB 400"])
a("en","settlement","Just landed in Yunzhou and staying in a rented flat. Do I need to register with the police?",[PERMIT],["24 hours"])
a("en","settlement","Can my wife work on her dependant residence permit?",[PERMIT],["own work permit"])
a("en","housing","How big a talent appartment can a Senior Talent get?",[APTEN,APT],["120 square metres"])
a("en","medical","What does the yearly health check cover for Senior Talents, money-wise?",[MEDEN,MED],["RMB 2,000"])
a("en","services","Does the Gold Card give free metro rides to my wife too?",[CARDEN,CARD],["cardholder and spouse"])
a("en","settlement","Can I register my hukou at the place I'm renting?",[HKEN,HK],["6 months"])
a("en","services","Are there free Mandarin classes for my spouse?",[STA],["60 class hours"])
a("en","medical","Which hospital has English-speaking staff for talents, and what's the number?",[GC,STA],["0725-8652 7700"])

# ---------------- en, unanswerable (11) ----------------
u("en","Is there a signing bonus or relocation allowance when I join as a Senior Talent?")
u("en","Are the talent apartments furnished or do I need to buy my own furniture?")
u("en","How does Yunzhou's home purchase subsidy compare with Shanghai's?")
u("en","Is there any subsidy for buying a car for high-level talents?")
u("en","What are the school bus routes and fees for Yunzhou International School?")
u("en","Will the city reimburse flights for me to visit my family abroad once a year?")
u("en","What's the monthly rent per square metre at Yunhu Talent Community?")
u("en","How much annual research funding does a Leading Talent get for setting up a lab?")
u("en","can i get reimbursed for my kid's after-school tutoring classes?")
u("en","Are there any income tax rebates for high-level talents working in Yunhu New Area?")
u("en","How many units are still free in Qinghe Youth Apartments right now?")

random.Random(20261207).shuffle(Q)
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "questions.jsonl")
with open(out, "w", encoding="utf-8") as f:
    for i, q in enumerate(Q, 1):
        row = {"id": "yz%03d" % i}
        if q["answerable"]:
            keys = ["question","lang","expect","topic","answerable","facts"]
        else:
            keys = ["question","lang","expect","answerable"]
        for k in keys:
            row[k] = q[k]
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print("wrote", len(Q), "questions to", os.path.normpath(out))
