# Generates questions.jsonl (kept for reproducibility; run once).
import json, random
A = "answerable"
DH="donghu-housing-rent-topup"; NW="nanwan-housing-rent-topup"; XS="xishan-housing-rent-topup"
REP="wt-housing-apartment-repairs-en"; GUIDE="wt-housing-application-guide"; PUR="wt-housing-purchase-subsidy"
R21="wt-housing-rent-subsidy-2021"; R25="wt-housing-rent-subsidy-2025"
APT="wt-housing-talent-apartment"; APTEN="wt-housing-talent-apartment-en"
CHK="wt-medical-annual-checkup-en"; NOTICE="medical-wt-medical-checkup-notice"; HOSP="wt-medical-designated-hospitals-hant"
FINS="wt-medical-foreign-talent-insurance-en"; GC="wt-medical-green-channel"; GCEN="wt-medical-green-channel-en"
SUPP="wt-medical-supplementary-insurance"
DHS="donghu-school-enrolment"; GXS="gaoxin-school-enrolment"; CHOICE="wt-school-choice-top-tiers-en"
DOCS="wt-school-enrolment-documents"; INTL="wt-school-international-subsidy-en"; KG="wt-school-kindergarten-hant"
ENR="wt-school-talent-children-enrolment"; ENREN="wt-school-talent-children-enrolment-en"
CARD="wt-services-green-card"; CARDEN="wt-services-green-card-en"; ONE="wt-services-one-stop-window"
COM="wt-services-service-commissioner"; COMEN="wt-services-service-commissioner-en"
ST="wt-services-talent-stations-en"; TIER="wt-services-tier-certification"
PERM="wt-settlement-foreign-talent-permits-en"; HK="wt-settlement-hukou"; HKEN="wt-settlement-hukou-en"
FAQ="settlement-落户常见问题"; SP="wt-settlement-spouse-employment"

Q = [
# ---------------- housing
("zh","我是D类人才，在东湖区的公司上班，市里的租房补帖之外区里还能再补多少钱一个月？",[DH],"housing",["750"]),
("en","Where do I go in Donghu to apply in person for the district rent top-up? Need the address and a phone number pls",[DH],"housing",["湖滨路168号","0760-82101234"]),
("zh","B类，公司在南湾区，区里的租房配套每个月能拿多少",[NW],"housing",["1,200"]),
("en","when does the Nanwan district rent top up actually kick in? is it already in effect",[NW],"housing",["2026年1月1日"]),
("zh","西山区E类本科生，区里配套加多少？加上市里的一共每月多少",[XS],"housing",["1,000","1,800"]),
("en","I'm tier C and my company is registered in Xishan district. Can I get the Xishan rent top-up on top of the city subsidy?",[XS],"housing",["A、B、C类人才不适用本细则"]),
("en","heating is dead in my talent appartment and it's freezing. how fast will someone come out?? who do i call",[REP],"housing",["2 hours","0760-88005678"]),
("zh","人才公寓退租搬走以后，押金多久能退到卡上？",[REP],"housing",["15 working days"]),
("zh","我之前按2021年的老办法领过24个月租房补贴，我是D类，按新办法还能接着领吗？还能领几个月",[GUIDE,R25],"housing",["12个月","2,500元"]),
("zh","C类人才首套房补贴一共给多少钱？是一次性打给我吗",[PUR],"housing",["100万元","5年平均发放"]),
("en","Tier D here, I'm getting the first-home purchase subsidy. If I leave Wutong after 3 years do I have to pay some of it back? how is it calculated",[PUR],"housing",["60个月"]),
("zh","领购房补贴那几年里，如果我把房子卖了会怎么样？",[PUR],"housing",["停止发放剩余补贴"]),
("zh-Hant","我是本科學歷認定的E類人才，可以申請首套購房補貼嗎？",[PUR,GUIDE],"housing",["不享受本细则规定的购房补贴"]),
("en","under the old 2021 interim rent subsidy rules, how much was the monthly amount for tier C?",[R21],"housing",["3,000"]),
("zh","B类人才现在的租房补贴每月多少？最长能领几年",[R25],"housing",["6,000","60 months"]),
("en","when does the rent subsidy actually get paid into my account? which months",[R25],"housing",["January, April, July and October"]),
("zh","E类人才公寓能分到多大的？租金怎么算的",[APT,APTEN],"housing",["30—60㎡","市场租金的70%"]),
("en","lost my job last month and haven't found a new one yet. how long before I have to move out of my talent apartment?",[APTEN,APT],"housing",["60 days"]),
("zh-Hant","人才公寓該搬走的時候沒按時搬，會怎麼樣？",[APT,APTEN],"housing",["1.5倍"]),
# ---------------- medical
("zh","我是C类，人才体检套餐里有没有查肿瘤标志物？",[CHK],"medical",["four tumour markers"]),
("en","tier E, I did my free checkup in 2025. when am I eligible for the next one?",[CHK,NOTICE],"medical",["2027"]),
("zh","今年的人才健康体检最晚什么时候要做完？怕拖到年底",[NOTICE,CHK],"medical",["２０２６年１１月３０日"]),
("en","The health commission posted the 2026 talent check-up notice — which check-up centre is in Nanwan and what's its number?",[NOTICE,CHK],"medical",["0760-84602266"]),
("zh-Hant","梧桐大學附屬醫院的人才服務臺在哪一層？",[HOSP,GC,GCEN],"medical",["門診大樓二樓中庭"]),
("en","which of the designated hospitals has a night clinic for kids, and until what time?",[HOSP],"medical",["18:00—22:00"]),
("zh","东湖区人民医院对人才的爸妈有什么特别的服务吗",[HOSP],"medical",["家庭醫生簽約"]),
("en","Foreign tier C talent here. My international health insurance costs about 30k CNY a year. How much does Wutong subsidise?",[FINS],"medical",["80 %","20,000 CNY"]),
("zh","外籍D类人才自己买商业医疗险，政府补贴多少比例？上限多少",[FINS],"medical",["50 %","8,000 CNY"]),
("zh-Hant","我是外籍E類人才，商業醫療保險的保費補貼我能申請嗎？",[FINS],"medical",["Tier E talents are not eligible"]),
("zh","我是D类人才，我爸妈能不能走就医绿色通道？",[GC,GCEN],"medical",["B卡持有人的配偶、未成年子女"]),
("en","how many no-shows before they block my green channel bookings?",[GCEN,GC],"medical",["Three no-shows","3 months"]),
("zh","D类人才的补充医疗保险一年最多能报多少钱？",[SUPP],"medical",["30万元"]),
("zh","在外地住院没法直接结算，补充保险理赔要在多久之内交申请？",[SUPP],"medical",["90日内"]),
("zh-Hant","人才補充醫療保險需要自己繳保費嗎？",[SUPP],"medical",["人才个人不缴费"]),
# ---------------- schooling
("zh","东湖区人才子女入学几号开始报名，几号截止？孩子今年上一年级",[DHS],"schooling",["5月5日至5月25日"]),
("en","Is there a school bus for talents' kids in Donghu district? how much per term?",[DHS],"schooling",["每学期300元"]),
("zh","我是E类，孩子在高新区公办小学读书，学校的课后延时服务要交钱吗",[GXS],"schooling",["免费参加学校课后延时服务"]),
("zh-Hant","高新區人才子女入學的諮詢電話是幾號？",[GXS],"schooling",["0760-86102345"]),
("zh","B类人才孩子择校，志愿最多可以填几个？",[CHOICE],"schooling",["up to three preferences"]),
("en","tier A, all three schools I put down for my daughter's grade 4 are full. what happens now?",[CHOICE],"schooling",["waiting list"]),
("zh","我是A类，老大在梧桐市实验小学读书，老二明年入学能保证进同一所吗",[CHOICE],"schooling",["guaranteed a place"]),
("en","I'm tier D, when will my son's primary school admission result be published?",[DOCS],"schooling",["7月15日前"]),
("en","WIS tuition is CNY 200,000 a year. What subsidy would I get as a foreign tier B talent?",[INTL],"schooling",["CNY 100,000"]),
("zh","国际学校学费补贴，秋季学期什么时候申请？",[INTL],"schooling",["1 October – 30 November"]),
("zh-Hant","南灣那間國際學校叫什麼名字？招生辦電話多少？",[INTL],"schooling",["Nanwan Bay International Academy","0760-84708700"]),
("zh-Hant","孩子沒搶到片區的公辦幼兒園，只能讀民辦的，有補貼嗎？",[KG],"schooling",["每名幼兒每月500元"]),
("en","private kindergarten fee subsidy — when do I claim for the spring semester?",[KG],"schooling",["4月1日至4月30日"]),
("zh","孩子要上普通高中了，人才子女有政策照顾吗",[ENR,ENREN],"schooling",["不适用本办法"]),
("en","My talent certificate expires next year. Will my son have to leave his school?",[ENREN,ENR],"schooling",["completing that school stage"]),
# ---------------- services
("zh","人才绿卡实体卡丢了怎么办？补办收不收钱",[CARD,CARDEN],"services",["补办不收费"]),
("en","With an A card, how many family members can come with me into the airport VIP lounge?",[CARDEN,CARD],"services",["up to 2 accompanying family members"]),
("zh-Hant","拿B卡去市博物館參觀要先預約嗎？",[CARD,CARDEN],"services",["需预约"]),
("zh","我从D类升到C类了，手上的绿卡要不要换？",[CARD,CARDEN],"services",["B卡换发A卡"]),
("zh","开车去市民中心办人才的事，停车要钱吗",[ONE],"services",["免费停车2小时"]),
("en","Which window numbers at the talent service center handle hukou registration?",[ONE],"services",["7—8号"]),
("zh","我是B类，认定下来以后多久会给我配专员？",[COM,COMEN],"services",["3个工作日内"]),
("en","my commissioner isn't very helpful, can I get a different one? do i have to explain why",[COMEN,COM,ST],"services",["without giving reasons"]),
("zh-Hant","專員幫忙代辦事情要收費嗎？",[COM,COMEN],"services",["不得收取任何费用"]),
("zh","听说东湖人才驿站有个人才沙龙，一般什么时候办？",[ST],"services",["last Thursday afternoon"]),
("zh","我刚博士毕业来梧桐，能认定成哪一类人才？",[TIER],"services",["D类（高级人才）"]),
("en","I have a bachelor's degree and I'm 36. can I still get certified as tier E?",[TIER],"services",["未满35周岁"]),
("en","how long does the talent certification review take, and is there a public notice period after?",[TIER],"services",["20个工作日","5个工作日"]),
# ---------------- settlement
("zh","外籍C类人才的工作许可最长能批几年？",[PERM],"settlement",["5 years"]),
("en","Can my wife work in China on her family reunion residence permit?",[PERM],"settlement",["not authorised to work"]),
("zh-Hant","持Z簽證入境以後，幾天內要去辦居留許可？",[PERM],"settlement",["within 30 days of entry"]),
("en","Tier C, renting right now. Can my parents move their hukou here with me?",[HKEN,HK,FAQ],"settlement",["owned by the talent or the talent's spouse"]),
("zh-Hant","買房以後，集體戶的戶口要在多久內遷出來？",[HK,HKEN,FAQ],"settlement",["6个月内"]),
("zh","我是E类本科，可以把爸妈户口一起迁过来吗",[FAQ,HK,HKEN],"settlement",["父母不能随迁"]),
("zh","还没找到工作，能先把户口迁到梧桐吗？",[FAQ,HK,HKEN],"settlement",["先落户后就业"]),
("en","do i need to go back to my hometown to get the migration permit thing for hukou transfer?",[FAQ,HK,HKEN],"settlement",["跨省迁移"]),
("zh","A类人才的配偶不想上班，生活补贴每月多少，能领多久？",[SP],"settlement",["5,000元","24个月"]),
("en","My husband is tier C. I moved here with him and haven't found a job yet. Is there any allowance for me?",[SP],"settlement",["3,000元","12个月"]),
]
U = [
("zh","人才买车有没有补贴？摇号能不能给照顾一下"),
("zh","我是C类，个税方面有没有返还或者奖励？"),
("zh","在西山做博士后，每个月生活补贴能拿多少钱"),
("zh","人才公寓里可以养狗吗？"),
("zh","用公积金贷款买房，人才的贷款额度能提高吗"),
("zh","我爸妈随迁过来以后能在梧桐参加居民医保吗，一年交多少"),
("zh","领的租房补贴要交个人所得税吗？"),
("zh","人才认定证书的纸质版弄丢了，怎么补办"),
("zh-Hant","人才公寓的停車位怎麼收費？"),
("zh-Hant","在梧桐生小孩，人才有沒有生育補貼？"),
("zh-Hant","創業的話政府給多少啟動資金？"),
("en","Can I swap my foreign driving licence for a Chinese one at the talent service center? how long does it take"),
("en","Are there free Chinese language classes for foreign talents' spouses?"),
("en","After the HRSS recommendation, how long does the Chinese permanent residence application take for a tier A talent?"),
("en","Is there a relocation allowance to cover my moving costs and flights from abroad?"),
("en","Can I eventually buy the talent apartment I'm renting?"),
("en","does the city offer any mental health counselling service for talents?"),
("en","Do tier D talents get some kind of annual cash bonus or award from the city every year?"),
]
items = [dict(question=q, lang=l, expect=e, topic=t, answerable=True, facts=f) for (l,q,e,t,f) in Q]
items += [dict(question=q, lang=l, expect=[], answerable=False) for (l,q) in U]
random.Random(20260302).shuffle(items)
with open("/work/main/eval/holdout2/questions.jsonl","w",encoding="utf-8") as out:
    for i,it in enumerate(items,1):
        o={"id":f"h2-{i:03d}","question":it["question"],"lang":it["lang"],"expect":it["expect"]}
        if it["answerable"]:
            o["topic"]=it["topic"]; o["answerable"]=True; o["facts"]=it["facts"]
        else:
            o["answerable"]=False
        out.write(json.dumps(o,ensure_ascii=False)+"\n")
print(len(items))
