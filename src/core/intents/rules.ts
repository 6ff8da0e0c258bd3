import { normalizeForIndex } from "../../knowledge/normalize.ts";
import { CONCEPT_PREFIX, Tokenizer } from "../../knowledge/tokenize.ts";
import { parseProfile } from "../profile.ts";
import type { Intent, IntentClassifier, IntentContext, IntentResult } from "./intent.ts";

/** Ticket ids look like `WT-2026-000123`: a prefix of letters, a year and a sequence number. */
export const TICKET_ID = /\b[a-z]{1,5}-\d{4}-\d{3,}\b/i;

// Concepts that say nothing about a desk service on their own (amount, time, contact, booking…), or that name
// things the desk does not handle (trains, museums): they do not make a message a policy question or request.
const GENERIC_CONCEPTS = new Set(
  ["amount", "deadline", "duration", "contact", "address", "process", "apply", "documents", "eligibility", "online", "fee", "payment", "age", "processing_time", "office_hours", "progress", "result_notice", "events", "metro", "foreign_language", "appointment", "after_hours", "transport", "culture", "repair", "family", "parents", "spouse", "child", "job", "employer", "arrival", "leave_city", "window_counter"].map((c) => CONCEPT_PREFIX + c),
);

// What a question may ask of a service without naming the service: how a repair, an application or a payment
// goes, how long it takes, what it needs, what it costs.
const SERVICE_ASPECTS = new Set(
  ["repair", "processing_time", "documents", "deadline", "duration", "amount", "fee", "payment", "appointment", "progress", "result_notice", "eligibility", "apply", "process"].map((c) => CONCEPT_PREFIX + c),
);

const CN_NUM = "[一二两三四五1-5]";
const P = {
  command: /^\/(\w+)(?:@\w+)?\b/,
  cancelPhrase: /^(cancel|stop|never ?mind|nevermind|nvm|forget (it|that)|scratch that|quit|exit|abort|no thanks|changed my mind|don'?t bother|actually no|取消|算了|不用了|不要了|不办了|先不|不弄了|不约了|不预约了|停|退出|不用|没事了|不需要了)/,
  cancelAnywhere: /(never ?mind|nvm|forget (it|that)|scratch that|changed my mind|don'?t bother|cancel (that|it|this)|算了|不用了|不要了|不办了|先不(办|要|弄|约)|不弄了|不约了|不预约了|退出)/,
  greeting: /^(hi+|hello+|hey+( there)?|yo|hiya|good (morning|afternoon|evening)|你好|您好|哈喽|哈啰|嗨|在吗|在不在|有人吗|有人在吗|早上好|下午好|晚上好|喂|早)[\s!,.。！，~?？呀啊哦吖😊👋🙂]*$/,
  greetingLead: /^(hi|hello|hey|你好|您好|哈喽|哈啰|嗨|在吗)\b/,
  capability: /(what can you do|what do you do|what (kind of|kinda|sort of) (stuff|things|services)|how (do i|to) use (you|this)|how does (this|the) (bot|thing|service) work|who are you|what are you|^help$|^help\b[\s!?.]*$|帮助|怎么用|怎么使用|如何使用|(能|可以|会)(帮我)?(做|干|办|帮).{0,3}(什么|啥|哪些)|你会什么|有什么功能|有哪些服务|有什么服务|使用说明|你是谁)/,
  ratingOnly: /^\s*(?:rate\s*|rating\s*[:=]?\s*|评分\s*|打分\s*|给\s*)?([1-5])\s*(?:\/\s*5|分|星|stars?|out of 5)?\s*[!.。！]*\s*$/,
  ratingStrong: new RegExp(`(\\b[1-5]\\s*(stars?|/\\s*5|out of 5)\\b|${CN_NUM}\\s*(颗|个)?\\s*星|打\\s*${CN_NUM}\\s*分|给\\s*${CN_NUM}\\s*(颗|个)?\\s*(星|分)|[⭐★]{1,5})`),
  stars: /^[\s⭐★☆]+$/,
  satisfaction: /(非常满意|很满意|满意|不满意|挺满意|好评|差评|五星|一星|not (fixed|solved|resolved)|wasn'?t (solved|resolved|fixed)|still (broken|not fixed)|问题没解决|没有解决|没解决|已解决|解决了|problem solved|all good now|great service|terrible service|rate (it|you|this|the service)|^rate\b|评价|打分|评分|一般般|^普通|^meh\b)/,
  ticketWords: /(\btickets?\b|工单|我的(请求|申请|报修|诉求|事项|单子)|我提交的|我报的|my (request|requests|case|repair|report)s?\b|request status|status of my|any (update|news|progress) on|进度|进展|处理得怎么样|怎么样了|有回复吗|有人处理)/,
  statusAsk: /((报修|reported|submitted|提交|申请|request|application|预约|约).{0,24}(了吗|了没|yet\b|approved|批了|通过了|有结果|结果了|什么时候来|when .{0,20}coming|到底)|(回复|replied|got back to|回电话|联系)(我)?\s*(了没|了吗|yet)|约上了吗|(picked? up|look(ed)? at) my|(has|have|did) (my|anyone|someone|somebody)\b.{0,40}(yet|been|approved)|has my\b)/,
  question: /([?？]|^(how|what|which|when|where|who|why|is|are|can|could|do|does|did|will|would|should|may|am i|any|whats|hows|wheres)\b|\b(how|what|which|when|where|who|why|whether)\b|吗|呢|么|怎么|如何|多少|哪|几|是否|能否|可不可以|能不能|有没有|是不是|什么|啥|多久|多长|要不要|谁)/,
  questionForm: /^(how|what|which|when|where|who|why|is|are|do|does|did|am i|any|whats|hows|wheres)\b/,
  infoVerb: /(查一下|查查|查询|了解|问一下|问问|告诉我|说明|解释|介绍|tell me|explain|let me know|find out|look up|understand|figure out|check (what|how|whether|if)|know (how|what|whether|if|when))/,
  requestLead: /(can (you|u)|could (you|u)|would (you|u)|will (you|u)|please|pls|plz|kindly|help me|i need you|i'?d like you|i want you|get (someone|somebody|a person)|for me\b|帮|请你|拜托|麻烦|替我|给我安排|协助|需要你|叫.{0,6}(给我|帮我))/,
  actionVerb: /(apply|enrol|enroll|register|book|arrange|schedule|submit|file|fix|repair|send|contact|call me|sort out|process|get me|make an appointment|reserve|handle|change|transfer|get (a|an|my|the)\b|申请|办|预约|约|安排|报名|登记|提交|修|挂|联系|转学|处理|对接|回.{0,2}电话|订)/,
  needThing: /\b(i|we) (need|want|would like|'d like)\b(?! to know| to understand| to ask| to find| information| info)|(我|我们)?(需要|想要)(一个|一位|个|位)|我(需要|要)(?!问|知道|了解|查|咨询)|我想(约|预约|申请|办|报名|换|转|找)/,
  problem: /(broken|not working|doesn'?t work|won'?t (work|turn|start|open)|leak|leaking|jammed|clogged|stuck|can'?t get in|no (hot water|heating|water|power|electricity|internet)|out of order|stopped working|didn'?t arrive|not (been )?(received|paid)|haven'?t (received|got)|坏了|坏掉|不工作|不能用|不好用|漏水|没热水|没暖气|停电|停水|堵了|堵住|故障|打不开|不(制冷|制热|出水|亮|转|通)了?|没到账|没收到|还没发|没发下来)/,
  problemInfo: /(hotline|what'?s the (phone|number)|which (phone|number)|phone number\?|电话(是)?多少|什么电话|哪个电话|打哪个|热线|谁修|谁出钱|谁付|谁负责|who (fixes|pays|is responsible)|多久|how long|怎么办|what should|what do i do)/,
  talkToHuman: /(talk|speak|chat)\s+(to|with)\s+(my |a |the )?(service )?(commissioner|human|person|agent|staff|someone)|(专员|commissioner|someone|somebody).{0,12}(聊|谈|通.{0,2}电话|回.{0,2}电话|call me|call back|callback|contact me|get back to me)|callback|call me back|转人工|人工服务|找专员|联系专员|联系我的专员|找真人|人工客服|^(agent|human|operator|人工)$/,
  cancelTicket: /(cancel|withdraw|close|撤销|取消|关闭).{0,20}(ticket|request|booking|appointment|工单|申请|报修|预约)|(ticket|工单).{0,10}(cancel|取消|撤销)/,
  profileAsk: /(个人信息|个人资料|我的资料|我的档案|my profile|my details|what tier am i|我是哪(一)?类|我的类别|registered as)/,
  profileChange: /((改成|改为|换成|更新|修改|update|change|set).{0,12}(区|district|tier|类|孩子|kids?|children|信息|资料)|(区|district|tier|类|信息|资料).{0,8}(改成|改为|更新一下|写错|wrong)|moved (from|to)\b)/,
  selfStatement: /(\bi'?m\b|\bi am\b|\bmy (tier|district|kids?|children|son|daughter)\b|\bi live\b|\bi work\b|\bi arrived\b|\bwe live\b|我是|我在|我住|我现在住|我家在|我有.{0,4}(孩子|女儿|儿子|小孩)|我刚到|我刚来|我.{0,4}[来到](这里|这边|本市|这座城市)|孩子.{0,3}岁|已经认定|认定.{0,2}[a-e]类)/,
  chitchat: /(weather|天气|joke|笑话|football|soccer|match|nba|足球|篮球|movie|电影|restaurant|餐厅|hotpot|火锅|好吃|poem|诗|song|唱歌|love you|are you (a )?(robot|bot|human|real)|你是(机器人|真人|人吗)|thank(s| you)|谢谢|多谢|bye|再见|晚安|哈哈|lol|haha|😂|👍|ok\b|好的$|收到$|高铁票|机票|火车票|table at)/,
};

/**
 * The offline intent classifier: ordered bilingual rules over the message and the domain lexicon. It tells
 * "can you help me apply for X" (a request) from "how do I apply for X" (a question) by looking for a request
 * lead ("can you", "帮我") followed by an action ("apply", "预约") rather than an information verb ("查一下").
 */
export class RuleIntentClassifier implements IntentClassifier {
  constructor(private readonly tokenizer = Tokenizer.default()) {}

  async classify(text: string, context: IntentContext = {}): Promise<IntentResult> {
    const [intent, confidence] = this.decide(text, context);
    return { intent, confidence, source: "rules" };
  }

  private decide(raw: string, ctx: IntentContext): [Intent, number] {
    const text = raw.trim();
    const norm = normalizeForIndex(text).replace(/\s+/g, " ").trim();
    if (!norm) return ["help", 0.5];

    const cmd = P.command.exec(norm)?.[1];
    if (cmd) {
      if (cmd === "start" || cmd === "help") return ["help", 1];
      if (cmd === "cancel") return ["cancel", 1];
      if (cmd === "ticket" || cmd === "tickets") return ["ticket_status", 1];
      if (cmd === "profile" || cmd === "lang" || cmd === "language") return ["profile", 1];
      if (cmd === "rate") return ["rating", 1];
    }

    const tokens = this.tokenizer.tokenizeNormalized(norm);
    const domain = tokens.some((t) => t.startsWith(CONCEPT_PREFIX) && !GENERIC_CONCEPTS.has(t));
    const isQuestion = P.question.test(norm);
    const short = [...norm].length <= 24;

    // Acting on an existing ticket or booking is a request; "cancel" alone abandons the current step.
    if (P.cancelTicket.test(norm) && (TICKET_ID.test(norm) || domain || /booking|appointment|预约/.test(norm))) return ["request", 0.9];
    if ((P.cancelPhrase.test(norm) && short) || (P.cancelAnywhere.test(norm) && short && !domain)) return ["cancel", 0.9];

    // Ratings: a digit or stars when a rating was asked for; "4 stars", "打2分", "三颗星" anywhere.
    if (P.ratingOnly.test(norm)) return [ctx.awaiting === "rating" || /[⭐★]|star|分|星|rate/.test(norm) || norm.length <= 2 ? "rating" : "question", 0.8];
    if (P.stars.test(text) || P.ratingStrong.test(norm)) return ["rating", 0.9];
    if (short && /[^\d][1-5]$/.test(norm) && !isQuestion) return ["rating", 0.6];

    if (TICKET_ID.test(norm)) return ["ticket_status", 0.9];
    if (P.statusAsk.test(norm) && !/(policy|政策|标准)/.test(norm)) return ["ticket_status", 0.8];
    if (P.ticketWords.test(norm) && !/(policy|政策|标准)/.test(norm) && (isQuestion || short)) return ["ticket_status", 0.8];
    if (short && P.satisfaction.test(norm) && (ctx.awaiting === "rating" || !isQuestion || /满意|好评|差评|not (fixed|solved)|没解决/.test(norm))) return ["rating", 0.8];

    if (P.talkToHuman.test(norm)) return ["request", 0.9];
    if (P.profileAsk.test(norm) || (P.profileChange.test(norm) && !P.problem.test(norm))) return ["profile", 0.85];

    const lead = P.requestLead.test(norm);
    const action = P.actionVerb.test(norm);
    const info = P.infoVerb.test(norm);
    const outOfScope = P.chitchat.test(norm) && !domain;
    // "How do I apply…?" asks for information even when it says "I need"; "Can you apply for me?" asks for action.
    const asksInfo = P.questionForm.test(norm) || info;
    if (lead && action && !info && !outOfScope) return ["request", 0.85];
    if (P.problem.test(norm) && !P.problemInfo.test(norm)) return ["request", 0.8];
    if (P.needThing.test(norm) && (action || domain) && !asksInfo) return ["request", 0.75];
    if (lead && domain && !info && !isQuestion) return ["request", 0.6];

    const profile = parseProfile(norm, []);
    const states = P.selfStatement.test(norm) || profile.tier !== undefined || profile.children !== undefined || profile.arrival !== undefined;
    if (states && (!isQuestion || !domain) && !lead) return ["profile", 0.8];

    if (P.greeting.test(norm)) return ["help", 0.95];
    if (P.capability.test(norm) && !domain) return ["help", 0.85];
    if (P.greetingLead.test(norm) && !domain && !isQuestion) return ["help", 0.8];

    if (domain && !outOfScope) return ["question", isQuestion ? 0.9 : 0.7];
    if (outOfScope) return ["chitchat", 0.8];
    if (isQuestion && /(补贴|政策|人才|subsid|policy|talent|认定|绿卡|green card)/.test(norm)) return ["question", 0.6];
    // "5 working days?": a question about an aspect (time, amount, documents) of what was just discussed.
    if (isQuestion && /\d/.test(norm) && tokens.some((t) => t.startsWith(CONCEPT_PREFIX))) return ["question", 0.5];
    // A question about how a service goes ("报修后多久能修好？") with nothing out of scope in it: the policies may
    // well cover it, and if not the engine says so and offers the commissioner.
    if (isQuestion && tokens.some((t) => SERVICE_ASPECTS.has(t))) return ["question", 0.5];
    return ["chitchat", 0.5];
  }
}
