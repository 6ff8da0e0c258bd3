import type { Bilingual } from "./i18n.ts";

/** Every fixed sentence the desk says, in simplified Chinese and English (traditional is derived). */
export const TEXTS = {
  welcome: {
    zh: "您好！我是人才“一站式”服务台。我可以根据现行政策回答住房、子女入学、就医和落户等问题（每条回答都注明出处），也可以把您的具体诉求转给您的人才服务专员。\n直接输入问题即可，例如：“D类人才租房补贴每月多少？” 发送 /profile 可登记您的人才类别、所在区和子女年龄，回答会按您的情况给出。",
    en: "Hello! I'm the talent one-stop service desk. I answer questions about housing, children's schooling, medical care and settlement from the current policies (every answer cites its source), and I can pass your requests to your service commissioner.\nJust type a question, e.g. “How much rent subsidy does a Tier D talent get?” Send /profile to record your tier, district and children's ages so answers fit your situation.",
  },
  topicHousing: { zh: "住房", en: "Housing" },
  topicSchooling: { zh: "子女入学", en: "Schooling" },
  topicMedical: { zh: "就医", en: "Medical care" },
  topicPrompt: { zh: "关于{topic}，常见问题有：", en: "Common questions about {topic}:" },
  outOfScope: {
    zh: "这个我帮不上忙——我是人才服务台，只能回答住房、子女入学、就医、落户等人才政策问题，或把您的诉求转给服务专员。",
    en: "I can't help with that — I'm the talent service desk: I answer questions about housing, schooling, medical care and settlement policies, and pass requests to your service commissioner.",
  },
  notCovered: {
    zh: "抱歉，现行政策中没有找到能回答这个问题的规定。我不会凭猜测给出标准或金额——可以请您的服务专员帮您核实。",
    en: "Sorry — the current policies don't cover this. I won't guess at rules or amounts; your service commissioner can look into it for you.",
  },
  otherPlace: {
    zh: "我这里收录的是本地的人才政策，没有关于{place}的规定，所以无法回答{place}的问题。如需了解，可以请您的服务专员帮您核实。",
    en: "The policies I hold are this city's own; none of them covers {place}, so I can't answer for {place}. Your service commissioner can look into it for you.",
  },
  expiredOnly: {
    zh: "我只找到一份已失效的政策《{title}》（{reason}），现行政策中没有相应规定。",
    en: "The only policy I found on this, “{title}”, is no longer in force ({reason}); the current policies don't cover it.",
  },
  askCommissioner: { zh: "请专员帮我", en: "Ask my commissioner" },
  tierLead: { zh: "按您的{tier}类人才身份：", en: "For you as a Tier {tier} talent:" },
  onlyEnglish: { zh: "（该政策只有英文版本，以下为原文摘录。）", en: "(This policy is only published in English.)" },
  onlyChinese: { zh: "（该政策只有中文版本。）", en: "(This policy is only published in Chinese; quoted from the original.)" },
  profileShow: {
    zh: "您的资料：\n人才类别：{tier}\n所在区：{district}\n子女年龄：{children}\n到岗时间：{arrival}\n修改示例：/profile tier=D{districtArg} children=5,9 arrival=2026-03-01，或直接说“我是C类人才{livesIn}，孩子6岁”。",
    en: "Your profile:\nTier: {tier}\nDistrict: {district}\nChildren's ages: {children}\nArrival: {arrival}\nTo change it: /profile tier=D{districtArg} children=5,9 arrival=2026-03-01, or just say “I'm a Tier C talent{livesIn} with a 6-year-old”.",
  },
  profileSaved: { zh: "已更新您的资料。", en: "Profile updated." },
  profileNothing: {
    zh: "我没能从这句话里读出人才类别、所在区、子女年龄或到岗时间。",
    en: "I couldn't read a tier, district, children's ages or arrival date from that.",
  },
  notSet: { zh: "未登记", en: "not set" },
  notCertified: { zh: "尚未认定", en: "not certified yet" },
  cancelled: { zh: "好的，已取消。", en: "OK, cancelled." },
  nothingToCancel: { zh: "当前没有进行中的事项。", en: "There is nothing in progress to cancel." },
  deskUnavailable: {
    zh: "本服务台尚未开通工单转办，暂时无法替您提交诉求。请直接联系您的人才服务专员或人才服务热线。",
    en: "This desk cannot file requests yet, so nothing has been submitted. Please contact your service commissioner or the talent service hotline directly.",
  },
  staleButton: { zh: "这个按钮已失效，请重新提问。", en: "That button has expired — please ask again." },
  langSet: { zh: "好的，之后默认用中文回复。", en: "OK, I'll reply in English by default." },
} satisfies Record<string, Bilingual>;

/** Example questions offered under each topic button. */
export const TOPIC_EXAMPLES: Record<"housing" | "schooling" | "medical", Bilingual[]> = {
  housing: [
    { zh: "人才公寓谁可以申请？", en: "Who can apply for a talent apartment?" },
    { zh: "租房补贴每月多少？", en: "How much is the monthly rent subsidy?" },
    { zh: "购房补贴怎么申请？", en: "How do I apply for the home purchase subsidy?" },
  ],
  schooling: [
    { zh: "人才子女入学怎么申请？", en: "How do I get a school place for my child?" },
    { zh: "入学需要准备哪些材料？", en: "What documents are needed for school enrolment?" },
    { zh: "人才子女入学什么时候报名？", en: "When is the school enrolment application window?" },
  ],
  medical: [
    { zh: "就医绿色通道有哪些服务？", en: "What does the medical green channel offer?" },
    { zh: "每年体检标准是多少？", en: "What is the annual health check-up allowance?" },
    { zh: "人才补充医疗保险报销多少？", en: "How much does the supplementary medical insurance cover?" },
  ],
};
