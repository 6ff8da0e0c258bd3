import { bareChineseName, pinyinName } from "../knowledge/bridge.ts";
import type { Hit } from "../knowledge/document.ts";
import { answerability, type RetrieveOptions } from "../knowledge/hybrid-retriever.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { deferredTo } from "../knowledge/references.ts";
import { CONCEPT_PREFIX, Tokenizer } from "../knowledge/tokenize.ts";
import { normalizeForIndex, type Lang } from "../text/normalize.ts";
import { analyzeQuestion } from "./analysis.ts";
import type { Answerer } from "./answer/answerer.ts";
import type { ConversationState, ConversationStore } from "./conversation-state.ts";
import { replyLang, t, toScript } from "./i18n.ts";
import type { Intent, IntentClassifier } from "./intents/intent.ts";
import { intentPhrases } from "./intents/phrases.ts";
import { TICKET_ID } from "./intents/rules.ts";
import type { Action, IncomingMessage, Reply } from "./messages.ts";
import { isEmptyProfile, mergeProfile, parseProfile, type Profile } from "./profile.ts";
import { QuestionLog } from "./question-log.ts";
import { MENU_TOPICS, TEXTS, TOPIC_EXAMPLES, TOPIC_LABELS, type MenuTopic } from "./texts.ts";

/** Everything a flow needs to answer one message. */
export interface FlowContext {
  msg: IncomingMessage;
  lang: Lang;
  state: ConversationState;
  profile: Profile;
  now: Date;
}

/**
 * The ticket side of the desk: requests, ticket status, ratings and the steps of a ticket draft. The engine
 * routes these here; until tickets exist, `noDesk` says plainly that nothing was filed.
 */
export interface ServiceDesk {
  /** A service request, or the "ask my commissioner" button (with the question and what was found). */
  request(ctx: FlowContext, context?: { question?: string; hits?: Hit[] }): Promise<Reply>;
  status(ctx: FlowContext): Promise<Reply>;
  rating(ctx: FlowContext): Promise<Reply>;
  /** The next message while a flow waits (`state.awaiting`); undefined lets the engine handle it normally. */
  continue(ctx: FlowContext): Promise<Reply | undefined>;
  /** A button the engine does not know; undefined means stale. */
  action(ctx: FlowContext): Promise<Reply | undefined>;
  /**
   * A message while nothing is awaited that may belong to a ticket (a reply to a ticket waiting on the talent,
   * "add to my ticket…"); undefined lets the engine handle it normally.
   */
  relay?(ctx: FlowContext, intent: Intent): Promise<Reply | undefined>;
}

export const noDesk: ServiceDesk = {
  request: async ({ lang }) => reply(t(TEXTS.deskUnavailable, lang), lang),
  status: async ({ lang }) => reply(t(TEXTS.deskUnavailable, lang), lang),
  rating: async ({ lang }) => reply(t(TEXTS.deskUnavailable, lang), lang),
  continue: async () => undefined,
  action: async () => undefined,
};

export interface EngineDeps {
  /** The current knowledge base; a getter, so a re-ingested index can be swapped in while running. */
  knowledge: () => KnowledgeBase;
  classifier: IntentClassifier;
  answerer: Answerer;
  conversations: ConversationStore;
  profiles: { get(user: string): Promise<Profile | undefined>; set(user: string, p: Profile): Promise<unknown> };
  questions?: QuestionLog;
  desk?: ServiceDesk;
  /** A fixed answerability below which the desk says the policies do not cover a question; unset, the corpus's calibrated threshold for the question's language (`KnowledgeBase.threshold`). */
  threshold?: number;
  /** Minimum match (0–1) between the question and the best quoted sentence. Default 0.1. */
  minSupport?: number;
  clock?: () => Date;
  tokenizer?: Tokenizer;
}

export function reply(text: string, lang: Lang, extra: Partial<Reply> = {}): Reply {
  return { text, lang, citations: [], actions: [], ...extra };
}

// A follow-up leans on the previous question: "and what documents do I need for that?", "那需要什么材料？".
const FOLLOW_UP = /^(and|also|what about|how about|then|so)\b|\b(that|this|it|those|these|them|there)\b|^(那|那么|还有|另外|这个|那个|它|其|该)|(呢[?？]?$)|上述|这项|那项|这个政策|那个政策/i;

const GENERIC_ASPECT = /^~(documents|deadline|duration|amount|process|apply|contact|address|eligibility|office_hours|processing_time|fee)$/;

/** A follow-up points back ("那…", "and what about…") or asks only for an aspect (documents, deadline, amount…). */
function isFollowUpShaped(text: string, tokenizer: Tokenizer): boolean {
  return FOLLOW_UP.test(text.trim()) || tokenizer.tokenize(text).some((t) => GENERIC_ASPECT.test(t));
}

/** The profile help's example district: one of the corpus's own districts (none when it has none). */
function districtExample(districts: readonly string[], lang: Lang): { districtArg: string; livesIn: string } {
  const d = districts.find((x) => /[区县]$/.test(x));
  if (!d) return { districtArg: "", livesIn: "" };
  if (lang === "en") {
    const name = pinyinName(bareChineseName(d));
    return { districtArg: ` district=${name}`, livesIn: ` in ${name}` };
  }
  const local = toScript(d, lang);
  return { districtArg: ` district=${local}`, livesIn: `，住在${local}` };
}

/** Creates the channel-agnostic engine: intent routing, grounded answers, profiles, conversation state. */
/** "谢谢", "ok, got it", "bye": a whole message that closes the matter rather than asks anything. */
const saysThanks = (text: string) => intentPhrases().patterns.thanks.test(normalizeForIndex(text));

export function createEngine(deps: EngineDeps) {
  const clock = deps.clock ?? (() => new Date());
  const tokenizer = deps.tokenizer ?? Tokenizer.default();
  const desk = deps.desk ?? noDesk;
  const minSupport = deps.minSupport ?? 0.1;

  // Every topic the greeting names has its button.
  const topicButtons = (lang: Lang): Action[] => MENU_TOPICS.map((topic) => ({ id: "topic", label: t(TOPIC_LABELS[topic](), lang), payload: topic }));

  /** The question to retrieve for: a follow-up borrows the previous question's subject. */
  function resolveQuestion(text: string, state: ConversationState): string {
    if (!state.lastQuestion) return text;
    const concepts = tokenizer.tokenize(text).filter((x) => x.startsWith(CONCEPT_PREFIX));
    const topical = concepts.some((c) => !/^~(documents|deadline|duration|amount|process|apply|contact|address|eligibility|office_hours|processing_time|fee)$/.test(c));
    const short = [...text].length <= 60;
    return short && (FOLLOW_UP.test(text.trim()) || !topical) ? `${state.lastQuestion} ${text}` : text;
  }

  async function answerQuestion(ctx: FlowContext, text: string): Promise<Reply> {
    const kb = deps.knowledge();
    // Misspelt English words read as the corpus's words ("kindergarden" → "kindergarten") from here on.
    const analysis = analyzeQuestion(resolveQuestion(text, ctx.state), kb, ctx.profile);
    const question = analysis.text;
    const options: RetrieveOptions = { k: 8, lang: ctx.lang, date: ctx.now.toISOString().slice(0, 10), ...(ctx.profile.district ? { region: ctx.profile.district } : {}) };
    const hits = await kb.search(analysis, options);
    const confidence = answerability(hits[0]);
    const threshold = deps.threshold ?? kb.threshold(ctx.lang, hits[0]?.doc.lang);
    ctx.state.lastQuestion = question;

    const log = async (answered: boolean, cited: string[]) =>
      deps.questions?.record({
        at: ctx.now.toISOString(),
        text,
        lang: ctx.lang,
        intent: "question",
        answered,
        topScore: confidence,
        citedDocs: cited,
        asker: QuestionLog.askerHash(ctx.msg.user),
      });

    const notCovered = async (): Promise<Reply> => {
      let text = t(TEXTS.notCovered, ctx.lang);
      const inactive = (await kb.search(analysis, { ...options, includeInactive: true, k: 1 }))[0];
      const reason = inactive && kb.retriever.inactiveReason(inactive.doc, ctx.now.toISOString().slice(0, 10));
      if (inactive && reason && answerability(inactive) >= threshold) {
        text = `${t(TEXTS.expiredOnly, ctx.lang, { title: toScript(inactive.doc.title, ctx.lang), reason })}\n${text}`;
      }
      await log(false, []);
      ctx.state.lastDocIds = [];
      return reply(text, ctx.lang, { actions: [{ id: "ask_commissioner", label: t(TEXTS.askCommissioner, ctx.lang), payload: "question" }] });
    };

    // A question about another city ("rent subsidy in Guangzhou?") is not answered from this city's policies.
    const elsewhere = analysis.foreignPlaces;
    if (elsewhere.length) {
      await log(false, []);
      ctx.state.lastDocIds = [];
      const place = elsewhere.map((zh) => (ctx.lang === "en" ? pinyinName(zh) : toScript(zh, ctx.lang))).join(ctx.lang === "en" ? ", " : "、");
      return reply(t(TEXTS.otherPlace, ctx.lang, { place }), ctx.lang, { actions: [{ id: "ask_commissioner", label: t(TEXTS.askCommissioner, ctx.lang), payload: "question" }] });
    }
    if (!hits.length || confidence < threshold) return notCovered();
    // Every passage of the best-ranked policies, so the answer can quote the one that holds the fact asked for.
    const { k: _k, ...scope } = options;
    const policies = [...new Set(hits.map((h) => h.chunk.metadata.policyId))].slice(0, 3);
    // …and of a policy they leave the matter to ("申请材料按《…清单》执行"), however it ranks itself.
    const found = hits.filter((h) => policies.includes(h.chunk.metadata.policyId)).map((h) => h.chunk.text);
    for (const id of deferredTo(found.join("\n"), [...kb.docs.values()])) if (!policies.includes(id)) policies.push(id);
    const passages = await kb.retriever.retrieve(analysis, { ...scope, policies });
    const answer = await deps.answerer.answer({ question, analysis, hits, passages, lang: ctx.lang, profile: ctx.profile, idf: (x) => kb.retriever.idf(x), bridge: kb.retriever.bridge });
    if (!answer.text || !answer.citations.length || answer.support < minSupport) return notCovered();

    const lines: string[] = [];
    if (answer.personalised && ctx.profile.tier && ctx.profile.tier !== "none") lines.push(t(TEXTS.tierLead, ctx.lang, { tier: ctx.profile.tier }));
    lines.push(answer.text);
    ctx.state.lastDocIds = [...new Set(answer.citations.map((c) => c.docId))];
    ctx.state.lastTopic = hits[0]!.doc.topic;
    await log(true, ctx.state.lastDocIds);
    return reply(lines.join("\n"), ctx.lang, {
      citations: answer.citations,
      actions: [{ id: "ask_commissioner", label: t(TEXTS.askCommissioner, ctx.lang), payload: "question" }],
    });
  }

  async function profileFlow(ctx: FlowContext): Promise<Reply> {
    const { text } = ctx.msg;
    const lang = /^\/lang(uage)?\b/i.exec(text.trim());
    if (lang) {
      const want: Lang = /hant|tw|hk|繁/i.test(text) ? "zh-Hant" : /\ben\b|english/i.test(text) ? "en" : "zh";
      ctx.state.lang = want;
      ctx.lang = want;
      return reply(t(TEXTS.langSet, want), want);
    }
    const districts = [...new Set([...deps.knowledge().docs.values()].flatMap((d) => (d.region ? [d.region] : [])))];
    const update = parseProfile(text.replace(/^\/profile\b/i, ""), districts);
    const bare = /^\/profile\s*$/i.test(text.trim());
    if (!isEmptyProfile(update)) {
      ctx.profile = mergeProfile(ctx.profile, update, ctx.now);
      await deps.profiles.set(ctx.msg.user, ctx.profile);
    }
    const p = ctx.profile;
    const none = t(TEXTS.notSet, ctx.lang);
    const summary = t(TEXTS.profileShow, ctx.lang, {
      tier: p.tier === "none" ? t(TEXTS.notCertified, ctx.lang) : (p.tier ?? none),
      district: p.district ? toScript(p.district, ctx.lang) : none,
      children: p.children?.length ? p.children.join(", ") : none,
      arrival: p.arrival ?? none,
      ...districtExample(districts, ctx.lang),
    });
    const head = isEmptyProfile(update) ? (bare ? "" : `${t(TEXTS.profileNothing, ctx.lang)}\n`) : `${t(TEXTS.profileSaved, ctx.lang)}\n`;
    return reply(head + summary, ctx.lang);
  }

  async function onAction(ctx: FlowContext): Promise<Reply> {
    const a = ctx.msg.action!;
    if (a.id === "topic" && (MENU_TOPICS as readonly string[]).includes(a.payload ?? "")) {
      const topic = a.payload as MenuTopic;
      const label = t(TOPIC_LABELS[topic](), ctx.lang);
      const examples = TOPIC_EXAMPLES[topic]().map((q) => t(q, ctx.lang));
      return reply(t(TEXTS.topicPrompt, ctx.lang, { topic: label }), ctx.lang, { actions: examples.map((q) => ({ id: "ask", label: q, payload: q })) });
    }
    if (a.id === "ask" && a.payload) return answerQuestion(ctx, a.payload);
    if (a.id === "ask_commissioner") {
      const question = ctx.state.lastQuestion;
      return desk.request(ctx, question ? { question } : {});
    }
    return (await desk.action(ctx)) ?? reply(t(TEXTS.staleButton, ctx.lang), ctx.lang);
  }

  async function route(ctx: FlowContext, intent: Intent): Promise<Reply> {
    switch (intent) {
      case "help":
        return reply(t(TEXTS.welcome, ctx.lang), ctx.lang, { actions: topicButtons(ctx.lang) });
      case "profile":
        return profileFlow(ctx);
      case "cancel":
        if (ctx.state.awaiting || ctx.state.flow) {
          delete ctx.state.awaiting;
          delete ctx.state.flow;
          return reply(t(TEXTS.cancelled, ctx.lang), ctx.lang);
        }
        return reply(t(TEXTS.nothingToCancel, ctx.lang), ctx.lang);
      case "request":
        return desk.request(ctx, { question: ctx.msg.text });
      case "ticket_status":
        return desk.status(ctx);
      case "rating":
        return desk.rating(ctx);
      case "chitchat":
        // "谢谢", "ok, got it", "bye": the talent is done, not asking for something the desk does not do.
        if (saysThanks(ctx.msg.text)) return reply(t(TEXTS.youAreWelcome, ctx.lang), ctx.lang);
        return reply(t(TEXTS.outOfScope, ctx.lang), ctx.lang, { actions: topicButtons(ctx.lang) });
      case "question":
        return answerQuestion(ctx, ctx.msg.text);
    }
  }

  return {
    /** Handles one message from any channel and returns the reply to render. */
    async handle(msg: IncomingMessage): Promise<Reply & { intent?: Intent }> {
      const now = clock();
      const [state, profile] = await Promise.all([deps.conversations.get(msg.user), deps.profiles.get(msg.user)]);
      // A command word ("/start", "/profile") says nothing about the talent's language.
      const lang = replyLang(msg.action ? "" : msg.text.replace(/^\/\w+(@\w+)?/, "").replace(new RegExp(TICKET_ID.source, "gi"), ""), { ...(msg.locale ? { locale: msg.locale } : {}), ...(state.lang ? { previous: state.lang } : {}) });
      const ctx: FlowContext = { msg, lang, state, profile: profile ?? {}, now };
      let out: Reply & { intent?: Intent };
      if (msg.action) out = await onAction(ctx);
      else {
        let { intent } = await deps.classifier.classify(msg.text, { awaiting: state.awaiting });
        // "那需要什么材料？" names no topic of its own: right after a policy question it is a follow-up.
        if (intent === "chitchat" && state.lastQuestion && !saysThanks(msg.text) && resolveQuestion(msg.text, state) !== msg.text && isFollowUpShaped(msg.text, tokenizer)) intent = "question";
        const waiting =
          state.awaiting && intent !== "cancel" ? await desk.continue(ctx) : !state.awaiting && desk.relay ? await desk.relay(ctx, intent) : undefined;
        out = waiting ?? { ...(await route(ctx, intent)), intent };
      }
      ctx.state.lang = ctx.lang;
      ctx.state.lastActions = out.actions;
      ctx.state.turns.push({ role: "talent", text: msg.action ? `[${msg.action.id}${msg.action.payload ? `:${msg.action.payload}` : ""}]` : msg.text, at: now.toISOString() });
      ctx.state.turns.push({ role: "bot", text: out.text, at: now.toISOString() });
      await deps.conversations.set(msg.user, ctx.state);
      return out;
    },
  };
}

export type Engine = ReturnType<typeof createEngine>;
