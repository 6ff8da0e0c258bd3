/**
 * The bilingual domain lexicon of talent-service policies.
 *
 * Each concept lists surface forms in simplified Chinese (matched as substrings of the normalised text, so
 * traditional input is covered after conversion) and in English (matched as whole, stemmed word sequences).
 * A match adds the concept as an extra token, so "rent subsidy", "租房补贴" and "房租补助" meet in the index.
 *
 * Keep entries general to talent, housing, schooling, medical and settlement policy of any city: no place
 * names, no document titles, nothing that only serves one corpus or one question set.
 */
export interface Concept {
  id: string;
  zh: string[];
  en: string[];
}

export const TALENT_POLICY_CONCEPTS: Concept[] = [
  // --- housing ---------------------------------------------------------------------------------------
  { id: "housing", zh: ["住房", "住宅", "安居", "居住", "住所", "住处", "房子", "房屋", "住哪"], en: ["housing", "accommodation", "dwelling", "lodging", "place to live", "place to stay", "home", "house"] },
  { id: "apartment", zh: ["公寓", "人才房", "公租房", "保障房", "保障性住房", "宿舍", "周转房", "租赁住房"], en: ["apartment", "flat", "dormitory", "dorm", "unit"] },
  { id: "talent_apartment", zh: ["人才公寓", "人才房", "人才住房", "人才安居房"], en: ["talent apartment", "talent housing", "talent flat", "talent accommodation"] },
  { id: "rent", zh: ["租房", "租赁", "房租", "租金", "租住", "承租", "租个房", "租间房", "租的房"], en: ["rent", "rental", "renting", "lease", "tenancy", "tenant", "landlord"] },
  { id: "rent_subsidy", zh: ["租房补贴", "租赁补贴", "房租补贴", "租金补贴", "租房补助", "房租补助", "租赁补助", "租房津贴"], en: ["rent subsidy", "rental subsidy", "rent allowance", "rental allowance", "housing allowance", "rent support", "rent assistance", "housing subsidy"] },
  { id: "purchase", zh: ["购房", "买房", "购买住房", "置业", "购买商品房", "首套房", "首套住房"], en: ["buy a home", "buy a house", "buy an apartment", "buy a flat", "home purchase", "house purchase", "homebuying", "homebuyer", "purchase", "first home"] },
  { id: "purchase_subsidy", zh: ["购房补贴", "购房补助", "购房款补贴", "安家费", "安家补贴", "购房资助"], en: ["purchase subsidy", "home purchase subsidy", "homebuyer subsidy", "house purchase subsidy", "settling-in allowance", "relocation allowance"] },
  { id: "repair", zh: ["报修", "维修", "修理", "坏了", "故障", "漏水", "停水", "停电", "不能用", "修一下", "滴水", "渗水", "水龙头", "堵了", "坏掉", "修好"], en: ["repair", "fix", "broken", "maintenance", "leak", "leaking", "not working", "out of order", "breakdown", "tap", "faucet", "dripping", "blocked", "clogged"] },
  { id: "heating", zh: ["暖气", "供暖", "取暖", "热水器", "地暖", "空调"], en: ["heating", "heater", "radiator", "hot water", "boiler", "air conditioner", "air conditioning"] },
  { id: "property_service", zh: ["物业", "物业服务", "物业管理"], en: ["property management", "property service", "property manager", "building management"] },
  { id: "move_in", zh: ["入住", "搬入", "交房", "拎包入住", "搬家", "退房", "腾退", "搬走", "搬离", "搬出", "退租"], en: ["move in", "moving in", "check in", "check-in", "move out", "moving", "vacate", "moving out", "move-out"] },
  { id: "gas_utilities", zh: ["煤气", "燃气", "天然气", "水电", "水电费", "电费", "水费"], en: ["gas", "gas leak", "utilities", "utility bills", "electricity", "water bill"] },
  { id: "deposit", zh: ["押金", "保证金", "定金"], en: ["deposit", "security deposit"] },
  { id: "keys_locks", zh: ["钥匙", "门锁", "换锁", "门禁"], en: ["key", "keys", "lock", "locks", "access card"] },
  { id: "vacancy", zh: ["空置", "空着", "不住", "出差", "长期外出", "收回"], en: ["vacant", "empty", "away", "business trip", "reclaim", "take back"] },
  { id: "resale_home", zh: ["二手房", "存量房", "新房", "商品房", "网签", "购房合同"], en: ["second-hand home", "resale", "new home", "purchase contract", "sales contract"] },
  { id: "lease_term", zh: ["租期", "续租", "续住", "租赁期限", "租满"], en: ["lease term", "lease renewal", "renew lease", "renew the lease", "extend lease", "lease extension", "tenancy period"] },

  // --- money -----------------------------------------------------------------------------------------
  { id: "subsidy", zh: ["补贴", "补助", "津贴", "资助", "奖励", "补偿", "奖补", "生活费", "安家"], en: ["subsidy", "subsidies", "allowance", "grant", "stipend", "bonus", "financial support", "support payment", "incentive"] },
  { id: "amount", zh: ["多少钱", "多少", "金额", "数额", "额度", "几万", "标准"], en: ["how much", "amount", "sum", "rate", "level", "maximum", "cap"] },
  { id: "payment", zh: ["发放", "拨付", "到账", "支付", "兑现", "打款", "按季度", "按月", "发钱", "入账", "入帐", "到帐", "打到"], en: ["payment", "pay out", "paid", "disburse", "disbursement", "installment", "instalment", "quarterly", "monthly", "paid out", "credited"] },
  { id: "reimbursement", zh: ["报销", "理赔", "赔付", "结算"], en: ["reimburse", "reimbursement", "claim", "claims", "refund", "settlement of claims", "money back", "pay back to me", "reimbursed"] },
  { id: "refund", zh: ["退还", "退回来", "返还", "退钱", "退款"], en: ["refund", "refunded", "give back", "returned to you", "paid back to"] },
  { id: "fee", zh: ["费用", "收费", "自费", "免费", "花钱", "交钱"], en: ["fee", "fees", "cost", "charge", "free of charge", "free", "pay"] },

  // --- schooling -------------------------------------------------------------------------------------
  { id: "child", zh: ["子女", "孩子", "小孩", "儿子", "女儿", "小朋友", "儿童", "娃", "宝宝", "随迁子女", "未成年子女"], en: ["child", "children", "kid", "kids", "son", "daughter", "minor", "toddler", "baby"] },
  { id: "school", zh: ["学校", "上学", "就读", "读书", "就学", "念书", "入读"], en: ["school", "schooling", "study", "education", "pupil", "student"] },
  { id: "enrolment", zh: ["入学", "就学", "报名", "招生", "入读", "入园", "插班", "学位", "升学", "报读"], en: ["enrol", "enroll", "enrolment", "enrollment", "admission", "admissions", "school place", "intake", "sign up for school"] },
  { id: "school_place", zh: ["学位", "入学名额", "学额"], en: ["school place", "school seat", "place at a school", "school spot", "a place at school"] },
  { id: "kindergarten", zh: ["幼儿园", "入园", "托儿所", "托育", "学前", "幼稚园"], en: ["kindergarten", "preschool", "pre-school", "nursery", "daycare", "day care"] },
  { id: "primary_school", zh: ["小学", "一年级"], en: ["primary school", "elementary school", "grade school", "primary"] },
  { id: "middle_school", zh: ["初中", "中学", "初一", "七年级"], en: ["middle school", "junior high", "junior middle", "secondary school", "junior secondary"] },
  { id: "high_school", zh: ["高中", "高一"], en: ["high school", "senior high", "senior middle"] },
  { id: "international_school", zh: ["国际学校", "外籍人员子女学校", "国际部", "双语学校"], en: ["international school", "bilingual school", "foreign school"] },
  { id: "tuition", zh: ["学费", "学杂费", "保育费", "入园费"], en: ["tuition", "school fees", "tuition fee", "tuition fees", "school fee"] },
  { id: "transfer_school", zh: ["转学", "插班", "转入", "转校"], en: ["transfer school", "school transfer", "transfer to a school", "change school", "switch school", "move school"] },
  { id: "school_choice", zh: ["择校", "选校", "选择学校", "挑学校", "志愿"], en: ["school choice", "choose a school", "pick a school", "select a school", "preference", "preferences"] },
  { id: "catchment", zh: ["学区", "划片", "片区", "就近入学", "对口"], en: ["catchment", "school district", "zoning", "nearby school"] },

  // --- medical ---------------------------------------------------------------------------------------
  { id: "medical", zh: ["医疗", "就医", "看病", "看医生", "诊疗", "就诊", "求医", "医疗服务", "医生"], en: ["medical", "medical care", "healthcare", "health care", "see a doctor", "doctor", "medical treatment", "treatment"] },
  { id: "hospital", zh: ["医院", "门诊", "诊所", "卫生院", "急诊"], en: ["hospital", "hospitals", "clinic", "outpatient", "emergency"] },
  { id: "appointment", zh: ["预约", "挂号", "约号", "预订", "约个"], en: ["appointment", "book", "booking", "reserve", "reservation", "schedule"] },
  { id: "green_channel", zh: ["绿色通道", "绿通", "优先就诊", "优先挂号", "优先就医", "快速通道"], en: ["green channel", "fast track", "fast-track", "fast lane", "express lane", "priority access", "priority registration", "priority treatment", "vip service"] },
  { id: "checkup", zh: ["体检", "健康检查", "身体检查", "查体", "健康体检", "健康管理"], en: ["check-up", "checkup", "check up", "physical examination", "physical exam", "health screening", "medical examination", "health check", "medical check"] },
  { id: "insurance", zh: ["医保", "医疗保险", "保险", "补充医疗", "商业保险", "商业医疗保险", "参保", "保单"], en: ["insurance", "medical insurance", "health insurance", "coverage", "insured", "insurer", "premium", "insurance policy"] },
  { id: "supplementary_insurance", zh: ["补充医疗保险", "补充医保", "补充保险", "补充医疗"], en: ["supplementary medical insurance", "supplementary insurance", "supplemental insurance", "supplementary health insurance", "top-up insurance"] },
  { id: "commercial_insurance", zh: ["商业保险", "商业医疗保险", "商业健康险", "商业健康保险", "国际医疗保险"], en: ["commercial insurance", "commercial medical insurance", "private insurance", "private health insurance", "international health plan", "international health insurance"] },
  { id: "specialist", zh: ["专家", "专家号", "专科", "名医"], en: ["specialist", "expert", "consultant"] },
  { id: "tcm", zh: ["中医"], en: ["traditional chinese medicine", "tcm"] },
  { id: "designated_hospital", zh: ["定点医院", "定点医疗机构", "指定医院"], en: ["designated hospital", "designated hospitals", "partner hospital", "approved hospital"] },
  { id: "medicine", zh: ["药", "药品", "进口药", "处方", "自费药", "药费"], en: ["drug", "drugs", "medicine", "medicines", "medication", "prescription", "pharmacy"] },
  { id: "pediatrics", zh: ["儿科", "儿童医院", "小儿"], en: ["pediatric", "paediatric", "pediatrics", "children's clinic", "child clinic"] },
  { id: "after_hours", zh: ["夜间", "夜诊", "晚上", "节假日", "急诊"], en: ["night", "after-hours", "after hours", "evening", "holiday", "emergency"] },
  { id: "exam_items", zh: ["检查项目", "体检项目", "筛查", "胃镜", "肠镜", "彩超", "核磁", "自选项目"], en: ["test", "tests", "screening", "items", "package", "colonoscopy", "endoscopy", "ultrasound", "mri", "optional items"] },
  { id: "illness", zh: ["生病", "住院", "手术", "疾病", "病了", "发烧", "不舒服"], en: ["sick", "ill", "illness", "hospitalisation", "hospitalization", "inpatient", "surgery", "disease"] },

  // --- family & settlement ---------------------------------------------------------------------------
  { id: "family", zh: ["家属", "家人", "家庭成员", "随迁", "亲属", "一家人", "全家"], en: ["family", "family member", "family members", "dependant", "dependants", "dependent", "dependents", "relatives", "accompanying"] },
  { id: "spouse", zh: ["配偶", "爱人", "老婆", "老公", "妻子", "丈夫", "太太", "夫妻"], en: ["spouse", "wife", "husband", "partner", "married"] },
  { id: "parents", zh: ["父母", "爸妈", "老人", "父亲", "母亲", "爸爸", "妈妈"], en: ["parents", "parent", "father", "mother", "elderly"] },
  { id: "hukou", zh: ["户口", "户籍", "落户", "迁户", "入户", "户口迁移", "迁入", "户口本"], en: ["hukou", "household registration", "residence registration", "register residence", "registered residence", "household register"] },
  { id: "settle", zh: ["落户", "安家", "定居", "扎根", "迁居"], en: ["settle", "settlement", "settling", "relocate", "relocation", "move to the city"] },
  { id: "collective_hukou", zh: ["集体户", "集体户口"], en: ["collective hukou", "collective household", "collective registration"] },
  { id: "job", zh: ["就业", "工作", "岗位", "职位", "上班", "找工作", "安置", "求职", "用工"], en: ["job", "employment", "work", "position", "employed", "career", "placement", "job seeking", "unemployed"] },
  { id: "spouse_employment", zh: ["配偶就业", "家属就业", "配偶安置", "随迁配偶", "配偶工作"], en: ["spouse employment", "spouse job", "job for spouse", "job for my wife", "job for my husband", "spouse placement"] },
  { id: "work_permit", zh: ["工作许可", "工作证", "外国人工作许可", "就业证"], en: ["work permit", "employment permit", "work authorization", "work authorisation"] },
  { id: "residence_permit", zh: ["居留许可", "居留证", "居留", "签证", "永久居留"], en: ["residence permit", "residency permit", "residency", "visa", "permanent residence", "stay permit"] },
  { id: "foreigner", zh: ["外籍", "外国人", "外国", "海外", "境外", "港澳台", "华侨", "留学"], en: ["foreign", "foreigner", "foreigners", "expat", "expatriate", "overseas", "non-chinese", "returnee"] },

  // --- obligations, changes and sanctions (clauses most subsidy and service policies share) -------------
  { id: "fraud_penalty", zh: ["虚假", "假材料", "造假", "弄虚作假", "骗取", "冒领", "伪造", "处罚", "惩罚", "失信", "黑名单", "追究责任"], en: ["false", "fake", "fraud", "fraudulent", "falsified", "forged", "forgery", "penalty", "penalties", "penalised", "penalized", "punish", "blacklist", "misrepresentation"] },
  { id: "supplement_docs", zh: ["补交", "补正", "补齐", "补充材料", "补材料", "缺材料", "缺了", "不齐", "不全"], en: ["supplement", "supplementary documents", "incomplete", "missing items", "missing documents", "missing papers"] },
  { id: "annual_review", zh: ["年度核验", "年审", "核验", "年检", "年度审核", "年度复核", "年度确认"], en: ["annual review", "annual verification", "annual check", "yearly check", "yearly review", "verification", "verify", "reverification"] },
  { id: "report_change", zh: ["变更", "变动", "情况变化", "报告变化", "有变化"], en: ["change of circumstances", "report a change", "report any change", "report changes"] },
  { id: "no_show", zh: ["爽约", "失约", "未按时就诊", "没去", "没有去", "未到", "缺席"], en: ["miss an appointment", "missed appointment", "missed appointments", "fail to attend", "failed to attend", "absent"] },
  { id: "validity", zh: ["有效期", "有效期限", "有效年限", "管多久"], en: ["valid", "validity", "valid for", "validity period"] },
  { id: "advance_notice", zh: ["提前", "提早", "事先", "预先"], en: ["in advance", "beforehand", "ahead of time", "ahead of", "days before", "days ahead", "before expiry", "prior to expiry"] },
  { id: "lend_misuse", zh: ["借给", "转借", "出借", "借用", "转让", "转租", "给别人用"], en: ["lend", "lent", "loan out", "sublet", "sublease", "transfer to another", "someone else use"] },
  { id: "accompany", zh: ["陪同", "陪诊", "陪护", "陪着", "有人陪", "陪"], en: ["accompany", "accompanied", "escort", "companion"] },
  { id: "total", zh: ["一共", "总共", "合计", "加起来", "累计", "叠加"], en: ["total", "in total", "combined", "altogether", "add up", "stack"] },
  { id: "top_up", zh: ["配套", "额外", "另外再", "加发"], en: ["top-up", "top up", "additional", "on top of"] },
  { id: "district_level", zh: ["区级", "区里", "各区", "本区", "辖区"], en: ["district", "district-level", "districts"] },
  { id: "list_of", zh: ["名单", "名录", "目录", "清单", "哪几", "哪些学校", "哪些医院", "有哪些"], en: ["list", "listed", "which ones", "directory"] },
  { id: "public_private", zh: ["公办", "公立", "民办", "私立"], en: ["public school", "private school", "public kindergarten", "private kindergarten", "public hospital", "private hospital", "state school", "privately run"] },
  { id: "lease_filing", zh: ["备案", "租赁登记", "登记备案"], en: ["lease registration", "register the lease", "registered lease", "lease filing"] },
  { id: "entry", zh: ["入境", "来华", "入关"], en: ["entry into china", "enter china", "entering china", "arrive in china"] },
  { id: "family_doctor", zh: ["家庭医生", "签约医生", "家医"], en: ["family doctor", "family physician", "gp", "general practitioner"] },
  { id: "school_bus", zh: ["校车", "接送"], en: ["school bus", "school shuttle", "pick-up", "drop-off"] },
  // --- services & procedure ---------------------------------------------------------------------------
  { id: "green_card", zh: ["人才绿卡", "绿卡", "人才卡", "服务卡"], en: ["green card", "talent card", "talent green card", "service card"] },
  { id: "personalised", zh: ["一人一策", "一人一方案", "个性化", "个人化", "量身定制", "定制化", "专属方案"], en: ["one person one policy", "personalised", "personalized", "tailored", "customised", "customized", "bespoke"] },
  { id: "commissioner", zh: ["专员", "服务专员", "人才专员", "管家", "专属服务", "一对一", "联络员", "专人"], en: ["commissioner", "service commissioner", "concierge", "case manager", "account manager", "dedicated contact", "liaison", "one-to-one", "personal assistant"] },
  { id: "one_stop", zh: ["一站式", "一窗受理", "服务窗口", "窗口", "服务中心", "办事大厅", "政务大厅", "一件事", "一次办"], en: ["one-stop", "one stop", "service window", "service center", "service centre", "counter", "front desk", "service hall", "single window"] },
  { id: "talent_station", zh: ["人才驿站", "驿站", "人才工作站", "服务站"], en: ["talent station", "talent stations", "service station", "outpost"] },
  { id: "certification", zh: ["人才认定", "分类认定", "人才分类", "认定", "评定", "人才层次", "人才类别", "人才等级", "层次", "定级"], en: ["certification", "certify", "certified", "tier", "tiers", "classification", "category", "recognition", "recognised", "recognized", "grade", "level of talent"] },
  { id: "apply", zh: ["申请", "申报", "办理", "申领", "提交", "怎么办", "怎么申请", "如何申请", "去哪办"], en: ["apply", "application", "applying", "submit", "file", "how to get", "sign up", "register"] },
  { id: "documents", zh: ["材料", "资料", "证件", "证明", "文件", "清单", "证书", "复印件", "原件"], en: ["documents", "document", "paperwork", "papers", "materials", "proof", "certificate", "checklist", "copy", "copies", "what to bring"] },
  { id: "deadline", zh: ["截止", "期限", "时限", "什么时候", "几月", "哪天", "时间", "逾期", "过期"], en: ["deadline", "due date", "time limit", "when", "closing date", "date", "window", "late"] },
  { id: "duration", zh: ["多久", "多长时间", "年限", "几年", "几个月", "几天", "多少天", "几周", "期限", "最长"], en: ["how long", "how many days", "how many weeks", "how many months", "how many years", "duration", "period", "term", "years", "months", "maximum period"] },
  { id: "processing_time", zh: ["工作日", "办结", "审核", "审批", "受理", "办理时限", "审完", "审下来", "批下来", "批复", "下证", "出证", "办好", "办下来"], en: ["working days", "working day", "business days", "processing time", "review", "approval", "approve", "how long does it take", "processing", "processed", "take to process"] },
  { id: "office_hours", zh: ["办公时间", "工作时间", "营业时间", "开放时间", "几点", "上班时间", "周末", "周六"], en: ["office hours", "opening hours", "business hours", "working hours", "open", "opening time", "weekend", "saturday"] },
  { id: "contact", zh: ["电话", "联系", "咨询", "热线", "联系方式", "打电话", "找谁", "联络"], en: ["phone", "telephone", "contact", "hotline", "call", "phone number", "who to ask", "enquiry", "inquiry", "get in touch"] },
  { id: "address", zh: ["地址", "地点", "在哪", "在哪里", "位置", "在什么地方", "怎么去"], en: ["address", "location", "where", "located", "directions"] },
  { id: "eligibility", zh: ["条件", "资格", "对象", "符合", "适用", "能不能", "可不可以", "有没有资格", "享受", "谁可以", "谁能", "哪些人", "什么人"], en: ["eligible", "eligibility", "qualify", "qualified", "criteria", "requirement", "requirements", "entitled", "entitlement", "who can"] },
  { id: "process", zh: ["流程", "步骤", "程序", "手续", "办事指南", "操作"], en: ["process", "procedure", "steps", "how to", "step by step", "guide", "formalities"] },
  { id: "online", zh: ["线上", "网上", "小程序", "人才码", "手机", "网站", "在线"], en: ["online", "app", "mini-program", "mini program", "website", "talent code", "internet"] },
  { id: "complaint", zh: ["投诉", "举报", "不满意", "意见", "申诉", "复议"], en: ["complaint", "complain", "appeal", "dissatisfied", "feedback", "grievance"] },
  { id: "renewal", zh: ["续期", "续签", "延期", "到期", "期满", "换证", "补办", "重新认定", "再认定", "届满", "复审"], en: ["renew", "renewal", "extend", "extension", "expire", "expiry", "replacement", "re-certification", "recertification"] },
  { id: "employer", zh: ["用人单位", "单位", "雇主", "公司", "企业", "所在单位"], en: ["employer", "company", "organisation", "organization", "workplace", "enterprise"] },
  { id: "age", zh: ["年龄", "周岁", "岁以下", "岁以上"], en: ["age", "years old", "aged", "under"] },
  { id: "doctorate", zh: ["博士", "博士后"], en: ["phd", "doctorate", "doctoral", "postdoc", "postdoctoral"] },
  { id: "masters", zh: ["硕士", "研究生"], en: ["master's", "masters", "master degree", "postgraduate", "graduate student"] },
  { id: "bachelor", zh: ["本科", "学士", "大学毕业"], en: ["bachelor", "bachelor's", "undergraduate", "college degree", "graduate"] },
  { id: "arrival", zh: ["新引进", "刚来", "初到", "引进", "到岗", "报到"], en: ["newly arrived", "new arrival", "just moved", "recruited", "arrival", "onboarding", "relocated"] },
  { id: "leave_city", zh: ["离开", "调离", "离职", "辞职", "违约", "退回", "追回"], en: ["leave", "leaving", "quit", "resign", "resignation", "clawback", "pay back", "repay"] },
  { id: "police_immigration", zh: ["派出所", "公安", "出入境", "移民", "警察", "住宿登记", "境外人员"], en: ["police", "police station", "exit-entry", "exit and entry", "immigration", "registration of residence", "accommodation registration"] },
  { id: "result_notice", zh: ["结果", "公布", "公示", "录取", "通知书", "出结果", "结果查询"], en: ["result", "results", "notice", "notification", "admitted", "announced", "find out", "outcome", "publication"] },
  { id: "objection", zh: ["不服", "异议", "复核", "申诉", "复议", "行政诉讼", "不同意"], en: ["appeal", "objection", "object", "disagree", "review", "reconsideration", "dispute"] },
  { id: "progress", zh: ["进度", "查询", "办到哪", "审核状态", "进展"], en: ["progress", "status", "track", "tracking", "check the status", "update"] },
  { id: "foreign_language", zh: ["英语", "外语", "翻译", "日语", "韩语", "双语"], en: ["english", "foreign language", "interpreter", "interpretation", "translation", "japanese", "korean", "bilingual"] },
  { id: "events", zh: ["活动", "沙龙", "讲座", "交流会", "联谊", "培训"], en: ["event", "events", "activities", "activity", "salon", "seminar", "networking", "training"] },
  { id: "job_fair", zh: ["招聘会", "双选会", "招聘", "推荐岗位", "岗位推荐"], en: ["job fair", "jobs fair", "recruitment fair", "career fair", "recruitment", "job referral"] },
  { id: "metro", zh: ["地铁", "公交", "站下", "几号线", "乘车"], en: ["metro", "subway", "bus", "line", "station", "public transport"] },
  { id: "talent_titles", zh: ["院士", "诺贝尔", "杰青", "长江学者", "领军人才", "国家级", "省级", "市级", "高层次人才", "青年人才", "拔尖"], en: ["academician", "nobel", "laureate", "distinguished young scholar", "leading talent", "national-level", "provincial", "high-level talent", "young talent", "top talent"] },
  { id: "window_counter", zh: ["窗口", "几号窗口", "柜台", "专窗"], en: ["window", "counter", "desk", "booth"] },
  { id: "working_abroad_travel", zh: ["香港", "澳门", "台湾", "境外就医", "国外", "出国"], en: ["hong kong", "macau", "macao", "taiwan", "abroad", "overseas treatment"] },
  { id: "tax", zh: ["个税", "个人所得税", "税收", "免税", "纳税"], en: ["tax", "income tax", "taxes", "taxation", "tax-free"] },
  { id: "transport", zh: ["机场", "高铁", "交通", "停车", "公交"], en: ["airport", "high-speed rail", "railway", "transport", "parking", "bus"] },
  { id: "culture", zh: ["博物馆", "公园", "景区", "图书馆", "文体"], en: ["museum", "park", "parks", "scenic", "library", "culture"] },
];
