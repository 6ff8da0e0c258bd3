import json, os
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'questions.jsonl')

# (lang, question, expect ids, topic, facts)  -- expect [] => unanswerable
Q = [
# ---------------- English, answerable ----------------
("en", "I just got certified as a Class E talent in Hangzhou. If I buy my first apartment there, how much housing subsidy do I get?", ["housing-hangzhou-goufang-butie"], "housing", ["40万元"]),
("en", "hangzhou home purchase subsidy - is it paid in one go or split over several years?", ["housing-hangzhou-goufang-butie"], "housing", ["分5年发放", "20%"]),
("en", "We got the Hangzhou talent purchase subsidy for our flat. If we sell it after 3 years because we're moving, what happens?", ["housing-hangzhou-goufang-butie"], "housing", ["5年内不得上市交易", "退还已领取的全部补贴"]),
("en", "How long after signing the purchase contract do I have to apply for the Hangzhou talent house subsidy? Is there a deadline?", ["housing-hangzhou-goufang-butie"], "housing", ["1年内"]),
("en", "My wife and I are both recognised talents in Hangzhou (she's C class, I'm D). Can we each claim the home buying subsidy?", ["housing-hangzhou-goufang-butie"], "housing", ["就高原则"]),
("en", "I'm 37 with a master's degree and just signed with a company in Nanjing. Can I get any help buying my first home, and how much?", ["housing-nanjing-goufang-butie"], "housing", ["10万元", "40周岁"]),
("en", "Nanjing housing subsidy for PhD holders, how much?", ["housing-nanjing-goufang-butie"], "housing", ["30万元"]),
("en", "For the Nanjing purchase subsidy, how long must my labour contract be and how many months of social insurance do I need?", ["housing-nanjing-goufang-butie"], "housing", ["5年以上", "6个月"]),
("en", "I have a master's and will work in Suzhou. What would the rent be for a talent apartment?", ["housing-suzhou-rencai-gongyu"], "housing", ["市场租金的60%"]),
("en", "If I lose my job in Suzhou while living in a talent apartment, how long do I have to move out?", ["housing-suzhou-rencai-gongyu"], "housing", ["30日内"]),
("en", "Chengdu talent apartments - is it true you can buy the flat you rent after some years? at what price?", ["housing-chengdu-rencai-gongyu"], "housing", ["满5年", "入住时的购房价格"]),
("en", "I'm a PhD moving to Chengdu with my wife. What rent would we pay in a talent apartment?", ["housing-chengdu-rencai-gongyu"], "housing", ["市场租金的50%"]),
("en", "What's the rent subsidy in Wuhan for a fresh master's grad? How many years can I get it?", ["housing-wuhan-zufang-butie"], "housing", ["1.8万元", "3年"]),
("en", "I'm a PhD about to join a company in Optics Valley (Wuhan). Is the house purchase subsidy higher there?", ["housing-wuhan-zufang-butie"], "housing", ["10万元", "20%"]),
("en", "Nanshan district rent allowance for PhD holders per month?", ["housing-nanshan-rencai-zhufang"], "housing", ["2500元"]),
("en", "I have a bachelor's degree and work for a startup in Zhangjiang, Pudong. Is there a monthly rent subsidy for me?", ["housing-pudong-rencai-gongyu"], "housing", ["1000元", "500元"]),
("en", "Xi'an - how much is the one-off home purchase subsidy for a PhD (class D)?", ["housing-xian-rencai-anju"], "housing", ["20万元"]),
("en", "Can I get both the rent subsidy and the purchase subsidy in Xian or only one?", ["housing-xian-rencai-anju"], "housing", ["不得重复享受"]),
("en", "Hefei: I graduated with a master's in 2023 and am buying my first new apartment. What subsidy am I entitled to?", ["housing-hefei-goufang-butie"], "housing", ["8万元"]),
("en", "Qingdao rent subsidy for PhDs - how much per month and is there an age limit?", ["housing-qingdao-zhufang-butie"], "housing", ["1500元", "40周岁"]),
("en", "I only have a bachelors. Can I get the house purchase subsidy in Changsha?", ["housing-changsha-goufang-butie"], "housing", ["本科毕业生不享受购房补贴"]),
("en", "Xiamen B-class talent: how big a talent home can I buy and at what price?", ["housing-xiamen-rencai-zhufang"], "housing", ["150平方米", "50%"]),
("en", "If I buy a talent house in Xiamen and get transferred to another city after 4 years, can I sell it?", ["housing-xiamen-rencai-zhufang"], "housing", ["满10年", "按原价回购"]),
# schooling
("en", "We're relocating to Hangzhou, I'm a class B talent. Can I pick which public school my son goes to?", ["schooling-hangzhou-zinv-ruxue"], "schooling", ["全市范围内选择公办学校"]),
("en", "Does Hangzhou help with international school fees for foreign kids of talents? how much", ["schooling-hangzhou-zinv-ruxue"], "schooling", ["3万元", "3年"]),
("en", "When is the window to apply for my child's school place in Hangzhou under the talent scheme?", ["schooling-hangzhou-zinv-ruxue"], "schooling", ["4月1日至4月30日"]),
("en", "Do kids of high-level talents in Nanjing get extra points for the high school entrance exam?", ["schooling-nanjing-zinv-ruxue"], "schooling", ["加10分"]),
("en", "Suzhou international school subsidy: how much a year, and how many children per family?", ["schooling-suzhou-zinv-ruxue"], "schooling", ["2万元", "2名子女"]),
("en", "Nanshan district - when do talents apply for a grade 1 school place for their kids?", ["schooling-nanshan-zinv-ruxue"], "schooling", ["4月1日至4月20日"]),
("en", "who do I call about school places for talent children in Nanshan?", ["schooling-nanshan-zinv-ruxue"], "schooling", ["0755-26619625"]),
("en", "I hold a Tianfu Talent Card B in Chengdu. Where can my daughter go to school?", ["schooling-chengdu-zinv-ruxue"], "schooling", ["工作地或居住地所在区（市）县内选择公办学校"]),
("en", "Pudong key talent here. Is there a subsidy for my kids' international school tuition? How much?", ["schooling-pudong-zinv-ruxue"], "schooling", ["5万元", "3年"]),
("en", "Is there an English-speaking hotline in Pudong I can call about schooling for my kids?", ["schooling-pudong-zinv-ruxue"], "schooling", ["021-50301188"]),
# medical
("en", "Hangzhou class C talent: do I get a free yearly health check, and what's it worth?", ["medical-hangzhou-yiliao-baojian"], "medical", ["2000元"]),
("en", "Which hospital in Hangzhou has an international medical center for foreign talents? I don't speak Chinese", ["medical-hangzhou-yiliao-baojian"], "medical", ["浙江大学医学院附属邵逸夫医院"]),
("en", "With the Wuhan talent green channel, how quickly can I get admitted to hospital?", ["medical-wuhan-yiliao-lvse-tongdao"], "medical", ["3个工作日"]),
("en", "Wuhan - what number do foreigners call to book at Tongji hospital's international department?", ["medical-wuhan-yiliao-lvse-tongdao"], "medical", ["027-83663456"]),
("en", "Does Pudong pay part of commercial health insurance for talents? how much max?", ["medical-pudong-yiliao-fuwu"], "medical", ["50%", "1万元"]),
("en", "Xiamen high-level talent medical support: how much of the out-of-pocket costs can be reimbursed per year?", ["medical-xiamen-yiliao-baojian"], "medical", ["3万元"]),
("en", "I'm an E-class talent in Xi'an, how often do I get a free health check-up?", ["medical-xian-yiliao-fuwu"], "medical", ["每2年享受1次"]),
("en", "Where exactly is the talent service desk at Xijing hospital in Xian?", ["medical-xian-yiliao-fuwu"], "medical", ["门诊楼一楼东侧"]),
# settlement
("en", "I'm 47 and have a bachelor's degree. Can I still get a Xi'an hukou through education?", ["settlement-xian-luohu"], "settlement", ["45周岁"]),
("en", "Can my parents move their household registration to Xi'an with me? I have an intermediate professional title.", ["settlement-xian-luohu"], "settlement", ["双方父母可以随迁落户"]),
("en", "38 years old, bachelor degree, want to register hukou in Wuhan. Possible?", ["settlement-wuhan-luohu"], "settlement", ["40周岁以下"]),
("en", "My hukou is in a collective account in Wuhan. After I buy a flat, how long do I have to move it out?", ["settlement-wuhan-luohu"], "settlement", ["1年内"]),
("en", "Can I get Changsha hukou before I even find a job there?", ["settlement-changsha-luohu"], "settlement", ["先落户后就业", "35周岁"]),
("en", "How long does Hefei take to process a hukou transfer from another province?", ["settlement-hefei-luohu"], "settlement", ["5个工作日"]),
("en", "I'm 48 with a master's degree. Can I settle in Hangzhou without a job offer yet?", ["settlement-hangzhou-luohu"], "settlement", ["50周岁以下", "先落户后就业"]),
("en", "hangzhou hukou - can talents bring their parents along?", ["settlement-hangzhou-luohu"], "settlement", ["A类、B类人才的父母可以随迁"]),
("en", "Qingdao hukou with only a junior college (dazhuan) diploma - what are the conditions?", ["settlement-qingdao-luohu"], "settlement", ["40周岁", "6个月"]),
# services
("en", "Where is the Pudong international talent service center and is it open on Saturdays?", ["services-pudong-rencai-fuwu-zhinan"], "services", ["张杨路1688号", "9:00—12:00"]),
("en", "At the Pudong talent center, which window handles the residence permit for foreigners?", ["services-pudong-rencai-fuwu-zhinan"], "services", ["5—7号窗口"]),
("en", "How long is the Chengdu Tianfu talent card valid, and how do I renew it?", ["services-chengdu-tianfu-yingcai-ka"], "services", ["有效期为5年", "期满前3个月"]),
("en", "Suzhou work permit: after I arrive on my Z visa, how many days do I have to collect the permit?", ["services-suzhou-waiji-gongzuo-xuke"], "services", ["15日内"]),
("en", "Xiamen talent card airport VIP lane - how many times a year for a B class talent?", ["services-xiamen-rencai-fuwu-zhinan"], "services", ["8次"]),
("en", "I'm a local-level leading talent in Nanshan district, my wife hasn't found a job since we moved. Is there any allowance for her?", ["services-nanshan-peiou-jiuye"], "services", ["3000元", "24个月"]),
# ---------------- English, unanswerable ----------------
("en", "How much housing subsidy can a PhD get for buying a home in Guangzhou?", [], None, None),
("en", "I'm moving to Haidian district in Beijing, can I apply for a talent apartment there?", [], None, None),
("en", "Does Nanjing have a hospital green channel for high-level talents?", [], None, None),
("en", "Changsha: how do I get my kid into a public primary school as a foreign talent?", [], None, None),
("en", "Can I keep a dog in a Suzhou talent apartment?", [], None, None),
("en", "What's the rent for a talent apartment in Hefei for PhDs?", [], None, None),
("en", "How do I convert my foreign driver's license in Chengdu?", [], None, None),
("en", "Is there an individual income tax refund for overseas talents working in Nanshan district?", [], None, None),
("en", "What are the hukou requirements for master's graduates in Chongqing?", [], None, None),
("en", "Wuhan: any subsidy for my kids' international school tuition?", [], None, None),
("en", "Can a bachelor's graduate get hukou in Xiamen? what are the conditions", [], None, None),
("en", "Tianjin talent housing subsidy for PhD holders - how much?", [], None, None),
("en", "Does Qingdao offer free health check-ups for high level talents?", [], None, None),
("en", "Is there startup funding in Hangzhou for returnees who want to found a company?", [], None, None),
# ---------------- Chinese (simplified), answerable ----------------
("zh", "我是硕士，想去苏州工作，人才公寓最多能住多久？", ["housing-suzhou-rencai-gongyu"], "housing", ["不超过3年", "累计租住不超过5年"]),
("zh", "杭州D类人才买房补贴多少钱", ["housing-hangzhou-goufang-butie"], "housing", ["100万元"]),
("zh", "南京A类人才的购房补贴是一次给还是分几年给？", ["housing-nanjing-goufang-butie"], "housing", ["300万元", "分3年发放"]),
("zh", "武汉本科毕业生租房补贴每年多少，能领几年", ["housing-wuhan-zufang-butie"], "housing", ["1.2万元", "3年"]),
("zh", "南山区国家级领军人才可以免租住人才房吗？能住多大的", ["housing-nanshan-rencai-zhufang"], "housing", ["150平方米", "3年"]),
("zh", "西安本科刚毕业，租房补贴一个月多少？", ["housing-xian-rencai-anju"], "housing", ["500元"]),
("zh", "合肥购房补贴对年龄有没有限制啊", ["housing-hefei-goufang-butie"], "housing", ["40周岁", "45周岁"]),
("zh", "青岛领着租房补贴，现在买房了，补贴怎么处理？", ["housing-qingdao-zhufang-butie"], "housing", ["自购房次月起停发租房补贴"]),
("zh", "长沙博士买房有补贴吗，要在多长时间内申请？", ["housing-changsha-goufang-butie"], "housing", ["6万元", "1年内"]),
("zh", "厦门C类人才如果不要人才住房，购房补贴能拿多少", ["housing-xiamen-rencai-zhufang"], "housing", ["60万元"]),
("zh", "成都的人才公寓买下来以后多久能卖", ["housing-chengdu-rencai-gongyu"], "housing", ["10年内不得上市交易"]),
("zh", "浦东博士租房补贴每月多少钱？", ["housing-pudong-rencai-gongyu"], "housing", ["3000元"]),
("zh", "南京人才子女插班转学什么时候申请", ["schooling-nanjing-zinv-ruxue"], "schooling", ["每学期开学前1个月"]),
("zh", "苏州重点产业紧缺人才的孩子上学有什么照顾？", ["schooling-suzhou-zinv-ruxue"], "schooling", ["加80分"]),
("zh", "南山后备级人才孩子积分入学能加几分", ["schooling-nanshan-zinv-ruxue"], "schooling", ["加20分"]),
("zh", "成都人才子女入学每年什么时候报名？", ["schooling-chengdu-zinv-ruxue"], "schooling", ["3月1日至4月15日"]),
("zh", "杭州E类海外人才，孩子读书怎么安排的", ["schooling-hangzhou-zinv-ruxue"], "schooling", ["就近入学"]),
("zh", "浦东外籍人才的孩子读公办学校，有没有双语教学？", ["schooling-pudong-zinv-ruxue"], "schooling", ["国际部"]),
("zh", "杭州A类人才自己看病花的钱每年最多补多少", ["medical-hangzhou-yiliao-baojian"], "medical", ["5万元"]),
("zh", "武汉产业领军人才免费体检标准是多少钱？", ["medical-wuhan-yiliao-lvse-tongdao"], "medical", ["2500元"]),
("zh", "厦门A类人才和配偶体检标准多少", ["medical-xiamen-yiliao-baojian"], "medical", ["2800元"]),
("zh", "西安人才看病的定点医院都有哪些？", ["medical-xian-yiliao-fuwu"], "medical", ["空军军医大学西京医院", "西安交通大学第一附属医院"]),
("zh", "浦东重点人才每年免费体检的标准是多少", ["medical-pudong-yiliao-fuwu"], "medical", ["1500元"]),
("zh", "我30岁，大专学历，能落户西安吗", ["settlement-xian-luohu"], "settlement", ["35周岁", "满1年"]),
("zh", "长沙博士落户，父母可以一起迁过来吗？", ["settlement-changsha-luohu"], "settlement", ["其父母也可以随迁"]),
("zh", "合肥落户最低要什么学历", ["settlement-hefei-luohu"], "settlement", ["全日制大专及以上学历"]),
("zh", "青岛人才落户网上办要几天", ["settlement-qingdao-luohu"], "settlement", ["3个工作日"]),
("zh", "天府英才卡C卡申请条件是什么？我是企业高管", ["services-chengdu-tianfu-yingcai-ka"], "services", ["在成都工作满1年", "年薪50万元以上"]),
("zh", "厦门高层次人才认定大概要多长时间", ["services-xiamen-rencai-fuwu-zhinan"], "services", ["20个工作日"]),
# ---------------- Chinese (simplified), unanswerable ----------------
("zh", "广州博士购房补贴有多少？", [], None, None),
("zh", "南京人才落户需要什么条件", [], None, None),
("zh", "深圳福田区人才租房补贴标准是多少", [], None, None),
("zh", "苏州人才公寓可以养宠物吗", [], None, None),
("zh", "武汉外籍人才子女上国际学校有补贴吗", [], None, None),
("zh", "杭州对海归人才创业有贷款贴息吗？", [], None, None),
# ---------------- Traditional Chinese ----------------
("zh-Hant", "我在南山區工作，碩士畢業，每個月租房補貼有多少？", ["housing-nanshan-rencai-zhufang"], "housing", ["1500元"]),
("zh-Hant", "杭州的人才落戶，本科生年齡上限是幾歲？", ["settlement-hangzhou-luohu"], "settlement", ["45周岁以下"]),
("zh-Hant", "廈門人才服務中心的電話和地址是什麼？", ["services-xiamen-rencai-fuwu-zhinan", "housing-xiamen-rencai-zhufang"], "services", ["0592-5070896", "湖滨北路201号"]),
("zh-Hant", "從台灣來的人才在廣州買房有補貼嗎？", [], None, None),
("zh-Hant", "青島的人才子女入學要怎麼辦理？", [], None, None),
]

with open(OUT, 'w', encoding='utf-8') as f:
    for i, (lang, q, exp, topic, facts) in enumerate(Q, 1):
        o = {"id": "mc%03d" % i, "question": q, "lang": lang, "expect": exp}
        if exp:
            o["topic"] = topic
            o["answerable"] = True
            o["facts"] = facts
        else:
            o["answerable"] = False
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(Q), "questions written")
