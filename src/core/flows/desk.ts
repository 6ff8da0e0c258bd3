import { randomUUID } from "node:crypto";
import { textGroup } from "../catalogue.ts";
import { z } from "zod";
import type { FlowContext, ServiceDesk } from "../engine.ts";
import { reply } from "../engine.ts";
import { replyLang, t, type Bilingual } from "../i18n.ts";
import type { Intent } from "../intents/intent.ts";
import { RuleIntentClassifier, TICKET_ID } from "../intents/rules.ts";
import type { Action, Reply } from "../messages.ts";
import { TEXTS } from "../texts.ts";
import type { Hit } from "../../knowledge/document.ts";
import { answerability, DEFAULT_ANSWER_THRESHOLD } from "../../knowledge/hybrid-retriever.ts";
import type { KnowledgeBase } from "../../knowledge/knowledge-base.ts";
import { regionEntry } from "../../knowledge/regions.ts";
import { toSimplified, type Lang } from "../../text/normalize.ts";
import { detectCategory } from "./draft/classify.ts";
import {
  applyAnswer,
  fieldSpec,
  fieldsFor,
  missingField,
  newDraft,
  readDraft,
  relevantFields,
  ruleExtractor,
  type Draft,
  type DraftExtraction,
  type DraftExtractor,
  type ExtractOptions,
  type FieldKey,
  type FieldSpec,
} from "./draft/draft.ts";
import { CHAT_CONTACT, extractFields, localDistricts } from "./draft/fields.ts";
import type { NewTicket, TicketService } from "../../tickets/service.ts";
import { statusLabel } from "../ticket-texts.ts";
import { isOpen, TicketError, type Category, type HistoryEntry, type Ticket, type TicketPassage } from "../../tickets/ticket.ts";

/**
 * The conversation side of tickets: a request becomes a draft that is completed one question at a time and
 * confirmed before it is filed; then the talent follows it (status, history, messages to the commissioner,
 * rating). Drafts live in `ConversationState.flow` (Keyv), so a restart loses nothing.
 */

// ---------------------------------------------------------------------------------------------------------------
// Texts (simplified Chinese and English; traditional is derived by `t`)
// ---------------------------------------------------------------------------------------------------------------

export const DESK_TEXTS = textGroup("tickets", ["intro", "introQuestion", "urgentNote", "replaced", "askDetails", "askChild", "askDistrict", "askHospital", "askDate", "askAddress", "askContact", "invalid", "required", "updated", "draft", "fieldLine", "urgentTag", "passagesFound", "passagesNone", "skipped", "chatContact", "confirm", "cancel", "created", "alreadyFiled", "fileFailed", "listHead", "listLine", "listHint", "listNone", "notFound", "detail", "waitingHint", "resolvedHint", "hCreated", "hStatus", "hReply", "hTalent", "hReassigned", "hRated", "textSep", "system", "you", "thanks", "reopened", "nothingToRate", "askScore", "notRatable", "relayed", "relayAsk", "relayClosed", "relayWhich", "noOpen", "ticketCancelled", "cannotCancel", "whichCancel"]);

const CATEGORY_LABELS: Record<Category, Bilingual> = textGroup("categories", ["housing", "schooling", "medical", "settlement", "other"]);

const FIELD_LABELS: Record<FieldKey, Bilingual> = textGroup("fields", ["details", "child", "district", "hospital", "date", "address", "contact"]);

/** What an invalid answer lacked, for "Sorry, I couldn't find {what} in that". */
const FIELD_WHAT: Record<FieldKey, Bilingual> = textGroup("fieldWhat", ["details", "child", "district", "hospital", "date", "address", "contact"]);

// The question that asks for each detail (read when asked: the texts come from the deployment's files).
const QUESTIONS: Record<FieldKey, () => Bilingual> = {
  details: () => DESK_TEXTS.askDetails,
  child: () => DESK_TEXTS.askChild,
  district: () => DESK_TEXTS.askDistrict,
  hospital: () => DESK_TEXTS.askHospital,
  date: () => DESK_TEXTS.askDate,
  address: () => DESK_TEXTS.askAddress,
  contact: () => DESK_TEXTS.askContact,
};

// ---------------------------------------------------------------------------------------------------------------
// Ratings
// ---------------------------------------------------------------------------------------------------------------

const NOT_SOLVED = /(not (been )?(solved|fixed|resolved)|(wasn'?t|isn'?t|hasn'?t been|haven'?t been) (solved|fixed|resolved)|still (broken|not (working|fixed|solved))|unsolved|unresolved|没解决|没有解决|未解决|沒解決|没有被解决|问题还在|还是没好|还没好|还没修好|没修好)/i;
const CN_SCORE: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
const SCORE_WORDS: [RegExp, number][] = [
  [/(满分|非常满意|很满意|特别满意|十分满意|超级满意|excellent|perfect|amazing|outstanding|very satisfied|extremely satisfied|great service|fantastic)/i, 5],
  [/(很差|非常差|太差|差评|糟糕|terrible|awful|horrible|very bad|useless)/i, 1],
  [/(not bad|不算差)/i, 3],
  [/(不满意|不太满意|不好|dissatisfied|unsatisfied|not satisfied|not happy|\bbad\b|\bpoor\b|disappointing)/i, 2],
  [/(一般|还行|凑合|马马虎虎|\bok\b|\bokay\b|average|so-so|\bmeh\b|not bad)/i, 3],
  [/(满意|挺好|不错|很好|\bsatisfied\b|\bgood\b|\bhappy\b|helpful)/i, 4],
];

/** A message that opens with a score: "4分，…", "2 technician never came", "5 — great". */
const LEADING_SCORE = /^\s*([1-5]|[一二两三四五])\s*(分|颗星|个星|星|stars?|\/\s*5|out of 5)?(?=[\s,，.。!！:：;；\-—]|$)/i;

export interface ParsedRating {
  /** 1–5, when the message gives one. */
  score?: number;
  /** "not solved", "没解决": the ticket goes back to the commissioner. */
  notSolved: boolean;
  /** What is left of the message besides the score. */
  comment?: string;
}

/** Reads a rating: "5", "★★★★", "4 stars", "4/5", "打2分 回复太慢", "三颗星", "非常满意", "没解决"… */
export function parseRating(text: string): ParsedRating {
  const s = text.replace(new RegExp(TICKET_ID.source, "gi"), " ").replace(/\s+/g, " ").trim();
  const simp = toSimplified(s.normalize("NFKC"));
  const sameLength = simp.length === s.length;
  const notSolved = NOT_SOLVED.test(simp);
  let score: number | undefined;
  let cut: [number, number] | undefined;
  const take = (m: RegExpExecArray | null, value: (m: RegExpExecArray) => number | undefined): boolean => {
    if (!m) return false;
    const v = value(m);
    if (v === undefined || v < 1 || v > 5) return false;
    score = v;
    cut = [m.index, m.index + m[0].length];
    return true;
  };
  const digit = (x: string | undefined) => (x === undefined ? undefined : /\d/.test(x) ? Number(x) : CN_SCORE[x]);
  const attempts: [RegExp, (m: RegExpExecArray) => number | undefined][] = [
    [/[★⭐](?:\uFE0F?\s*[★⭐])*\uFE0F?/, (m) => Math.min(5, [...m[0]].filter((c) => c === "★" || c === "⭐").length)],
    [/(?:打|给|评|rate|rating|score)\s*(?:it|you|this)?\s*[:：=]?\s*([1-5]|[一二两三四五])\s*(?:分|颗星|个星|星|stars?|\/\s*5|out of 5)?/i, (m) => digit(m[1])],
    [/(?<![\d.])([1-5])\s*(?:\/\s*5|out of 5|stars?|颗星|个星|星|分)/i, (m) => digit(m[1])],
    [/([一二两三四五])\s*(?:颗|个)?\s*(?:星|分)/, (m) => digit(m[1])],
    [/^([1-5])(?![\d.])/, (m) => digit(m[1])],
    ...SCORE_WORDS.map(([re, v]): [RegExp, () => number] => [re, () => v]),
  ];
  for (const [i, [re, value]] of attempts.entries()) {
    if (!take(re.exec(simp), value)) continue;
    // A satisfaction word is part of what the talent said: only digits and stars are cut from the comment.
    if (i >= attempts.length - SCORE_WORDS.length) cut = undefined;
    break;
  }
  let rest = s;
  if (cut && sameLength) rest = s.slice(0, cut[0]) + " " + s.slice(cut[1]);
  const comment = rest.replace(/^[\s,，.。!！:：;；\-—~]+|[\s,，.。!！:：;；\-—~]+$/g, "").replace(/\s+/g, " ");
  return { ...(score !== undefined ? { score } : {}), notSolved, ...(comment ? { comment } : {}) };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages about existing tickets
// ---------------------------------------------------------------------------------------------------------------

const RELAY_LEAD_EN =
  /^(?:please\s+)?(?:add|append|attach|note|message|tell (?:my |the )?commissioner|pass (?:this )?on)\b(?:\s+(?:this|that|a note|something|more|info|information|the following))?(?:\s+(?:to|on|for|in))?(?:\s+(?:my|the))?(?:\s+(?:ticket|request|case))?\s*(?:no\.?|number|#)?/i;
const RELAY_LEAD_ZH = /^(?:请)?(?:再)?(?:补充一下|补充|追加|附加|留言|转告专员|转告|告诉专员|跟专员说|回复专员|补一句)(?:一下)?(?:到)?(?:工单|我的工单)?(?:号)?/;

/**
 * "add to my ticket WT-…: the certificate is ready", "补充 WT-…：证明已备好", "补充一下：孩子8岁": the ticket id
 * (if named) and the text to pass on (possibly empty). Undefined when the message is not an explicit addition.
 */
export function parseRelay(text: string): { id?: string; body: string } | undefined {
  const id = TICKET_ID.exec(text)?.[0]?.toUpperCase();
  let s = text.replace(TICKET_ID, " ").replace(/\s+/g, " ").trim();
  const simp = toSimplified(s);
  const lead = RELAY_LEAD_EN.exec(simp) ?? RELAY_LEAD_ZH.exec(simp);
  if (!lead || !lead[0].trim()) return undefined;
  s = simp.length === s.length ? s.slice(lead[0].length) : simp.slice(lead[0].length);
  const body = s.replace(/^[\s:：,，.。\-—]+/, "").trim();
  return { ...(id ? { id } : {}), body };
}

const CANCEL_TICKET = /(cancel|withdraw|close|撤销|取消|关闭|撤回)/i;
const CANCEL_TICKET_NO_ID = /((cancel|withdraw).{0,20}\b(ticket|request)s?\b|(撤销|取消|撤回).{0,10}(工单|诉求))/i;

const ONLY_COMMISSIONER =
  /^(please |pls )?((i want|i'd like|i would like|can i|could i|let me) (to )?)?(ask|contact|talk to|speak to|speak with|talk with|chat with|get|reach|pass (this|it) to) (my |the |a )?(service )?(commissioner|human|person|agent)( please| for me)?[.!?。！]*$|^(请)?(请专员帮我|专员帮我|请专员|找专员|联系专员|联系我的专员|转人工|人工服务|转专员|找人工|人工|请专员帮忙)[吧。！!]*$/i;

const CONFIRM = /^(\/?confirm|confirmed|yes|y|yep|yeah|ok|okay|submit|send( it)?|go ahead|sure|correct|that'?s right|looks good|确认|确定|提交|确认提交|是|是的|好|好的|可以|对|对的|没问题|没错|行)[\s.!。！~]*$/i;
const CANCEL = /^(\/?cancel|discard|drop it|abort|stop|never ?mind|取消|算了|不用了|放弃|不要了|撤销|不办了)[\s.!。！~]*$/i;
/** Simplified, NFKC, trimmed: the form the short-answer patterns read. */
const plain = (text: string) => toSimplified(text.normalize("NFKC")).trim();

const QUESTION_SHAPE = /[?？]|吗|呢|怎么|如何|多少|什么|哪些|哪里|哪儿|是否|能否|^(how|what|which|when|where|who|why|is|are|can|could|do|does|did|will|should)\b/i;

// ---------------------------------------------------------------------------------------------------------------
// The desk
// ---------------------------------------------------------------------------------------------------------------

const relayFlowSchema = z.object({ kind: z.literal("relay"), ticketId: z.string() });
const ratingFlowSchema = z.object({ kind: z.literal("rating"), ticketId: z.string() });

export interface TicketDeskOptions {
  service: TicketService;
  /** The knowledge base, for the passages a ticket carries and the district names; none: nothing is searched. */
  knowledge?: () => KnowledgeBase;
  /** Reads a draft from a request; default the offline rules (`createDraftExtractor` for the model). */
  extractor?: DraftExtractor;
  /** Default: the engine's time for the message. */
  clock?: () => Date;
  /** Passages with a lower answerability are not attached. Default: the default `ANSWER_THRESHOLD`. */
  passageThreshold?: number;
  /** Most passages attached to a ticket. Default 3. */
  maxPassages?: number;
  /** Time zone of dates the talent says and of times shown. Default `Asia/Shanghai`. */
  timeZone?: string;
  /**
   * A draft older than this stops claiming messages that do not answer it: they are handled normally and the
   * draft is dropped. Default 72.
   */
  draftTtlHours?: number;
}

/** The ticket desk: the engine's `ServiceDesk`, plus `relay` for messages to a ticket waiting on the talent. */
export interface TicketDesk extends ServiceDesk {
  /**
   * A message when nothing is awaited: passes it to the commissioner when it explicitly adds to a ticket
   * ("add to my ticket WT-…: …", "补充：…") or when one of the talent's tickets waits on them and the message
   * is not a question, a new request or a command. Undefined: handle the message normally.
   */
  relay(ctx: FlowContext, intent?: Intent): Promise<Reply | undefined>;
}

export function createTicketDesk(options: TicketDeskOptions): TicketDesk {
  const service = options.service;
  const extractor = options.extractor ?? ruleExtractor;
  const threshold = options.passageThreshold ?? DEFAULT_ANSWER_THRESHOLD;
  const maxPassages = options.maxPassages ?? 3;
  const timeZone = options.timeZone ?? "Asia/Shanghai";
  const draftTtlHours = options.draftTtlHours ?? 72;
  const rules = new RuleIntentClassifier();
  /** Drafts filed by this process (draft id → ticket id), so a second Confirm press does not file twice. */
  const filed = new Map<string, Promise<string>>();

  const now = (ctx: FlowContext) => options.clock?.() ?? ctx.now;
  const actor = (ctx: FlowContext) => service.actor(ctx.msg.user);

  function districts(): string[] {
    if (!options.knowledge) return [];
    return localDistricts([...options.knowledge().docs.values()].flatMap((d) => (d.region ? [d.region] : [])));
  }

  const extractOptions = (ctx: FlowContext): ExtractOptions => ({ districts: districts(), now: now(ctx), timeZone, lang: ctx.lang });

  /** A time as the talent reads it: in the city's zone, which it names ("2026-12-07 03:57 UTC+8"). */
  function fmt(iso: string): string {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, timeZoneName: "shortOffset", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
    const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
    const zone = get("timeZoneName").replace(/^GMT(\+0)?$/, "UTC").replace(/^GMT/, "UTC");
    return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${zone}`;
  }

  /**
   * The reply language of a message about tickets, judged without its command and ticket ids: "/ticket
   * WT-2026-000123" says nothing about the talent's language, though its Latin letters look English.
   */
  function settleLang(ctx: FlowContext): void {
    if (ctx.msg.action) return;
    const words = ctx.msg.text.replace(/^\s*\/\w+(?:@\w+)?/, " ").replace(new RegExp(TICKET_ID.source, "gi"), " ");
    ctx.lang = replyLang(words, { ...(ctx.msg.locale ? { locale: ctx.msg.locale } : {}), ...(ctx.state.lang ? { previous: ctx.state.lang } : {}) });
  }

  function clearFlow(ctx: FlowContext): void {
    delete ctx.state.awaiting;
    delete ctx.state.flow;
  }

  function saveDraft(ctx: FlowContext, draft: Draft): void {
    ctx.state.flow = { ...draft };
    ctx.state.awaiting = "draft";
  }

  /**
   * A message that is not an answer to the desk's question but something the engine should handle: a command,
   * a status check, help, a profile statement, a policy question, or a request about something else than the
   * draft ("please contact me by email" is about the draft; "帮我预约体检" during a schooling draft is not).
   */
  async function unrelated(text: string, draft?: Draft): Promise<boolean> {
    if (text.startsWith("/")) return true;
    const { intent } = await rules.classify(text, { awaiting: "draft" });
    if (intent === "ticket_status" || intent === "help" || intent === "profile") return true;
    if (intent === "question") return QUESTION_SHAPE.test(toSimplified(text)) || [...text].length > 30;
    if (intent === "request") {
      const category = detectCategory(text);
      return !draft || (category !== "other" && category !== draft.category) || [...text].length > 40;
    }
    return false;
  }

  /** A draft nobody touched for `draftTtlHours`: an answer that does not fit it lets it go. */
  const stale = (ctx: FlowContext, draft: Draft) => now(ctx).getTime() - Date.parse(draft.createdAt) > draftTtlHours * 3600_000;

  // --- passages ------------------------------------------------------------------------------------------------

  function toPassages(hits: Hit[]): TicketPassage[] {
    const seen = new Set<string>();
    const out: TicketPassage[] = [];
    for (const h of hits) {
      if (answerability(h) < threshold || seen.has(h.chunk.id)) continue;
      seen.add(h.chunk.id);
      out.push({ chunkId: h.chunk.id, docId: h.doc.id, title: h.doc.title, section: h.chunk.metadata.section });
      if (out.length >= maxPassages) break;
    }
    return out;
  }

  async function searchPassages(ctx: FlowContext, question: string): Promise<{ passages: TicketPassage[]; searched: boolean }> {
    if (!options.knowledge) return { passages: [], searched: false };
    try {
      const hits = await options.knowledge().search(question, { k: maxPassages * 2, lang: ctx.lang, ...(ctx.profile.district ? { region: ctx.profile.district } : {}) });
      return { passages: toPassages(hits), searched: true };
    } catch {
      return { passages: [], searched: false };
    }
  }

  // --- drafts --------------------------------------------------------------------------------------------------

  function formatValue(key: FieldKey, value: string, lang: Lang): string {
    if (key === "contact" && value === CHAT_CONTACT) return t(DESK_TEXTS.chatContact, lang);
    if (key === "district" && lang === "en" && /[\u3400-\u9fff]/.test(value)) {
      const k = regionEntry(value).key;
      return k ? `${k[0]!.toUpperCase()}${k.slice(1)}` : value;
    }
    return value;
  }

  function districtExamples(lang: Lang): string {
    const names = districts().slice(0, 2);
    if (!names.length) return "";
    if (lang === "en") return `(e.g. ${names.map((n) => formatValue("district", n, "en")).join(", ")}) `;
    return `（例如：${names.join("、")}）`;
  }

  function question(key: FieldKey, lang: Lang): string {
    return t(QUESTIONS[key](), lang, key === "district" ? { examples: districtExamples(lang) } : {});
  }

  const draftButtons = (draft: Draft, lang: Lang, confirm: boolean): Action[] => [
    ...(confirm ? [{ id: "confirm_draft", label: t(DESK_TEXTS.confirm, lang), payload: draft.id }] : []),
    { id: "cancel_draft", label: t(DESK_TEXTS.cancel, lang), payload: draft.id },
  ];

  function ask(ctx: FlowContext, draft: Draft, spec: FieldSpec, lead = ""): Reply {
    draft.pending = spec.key;
    saveDraft(ctx, draft);
    const text = [lead, question(spec.key, ctx.lang)].filter(Boolean).join("\n");
    return reply(text, ctx.lang, { actions: draftButtons(draft, ctx.lang, false) });
  }

  function show(ctx: FlowContext, draft: Draft, lead = ""): Reply {
    draft.pending = "confirm";
    saveDraft(ctx, draft);
    const lang = ctx.lang;
    const lines = fieldsFor(draft.category).flatMap((f) => {
      const v = draft.fields[f.key];
      const value = v ? formatValue(f.key, v, lang) : draft.skipped.includes(f.key) ? t(DESK_TEXTS.skipped, lang) : undefined;
      return value ? [t(DESK_TEXTS.fieldLine, lang, { label: t(FIELD_LABELS[f.key], lang), value })] : [];
    });
    const passages = draft.passagesSearched ? (draft.passages.length ? t(DESK_TEXTS.passagesFound, lang, { n: draft.passages.length }) : t(DESK_TEXTS.passagesNone, lang)) : "";
    const body = t(DESK_TEXTS.draft, lang, {
      category: t(CATEGORY_LABELS[draft.category], lang),
      urgent: draft.priority === "urgent" ? t(DESK_TEXTS.urgentTag, lang) : "",
      summary: draft.summary,
      fields: lines.join("\n"),
      passages,
    });
    return reply([lead, body].filter(Boolean).join("\n"), lang, { actions: draftButtons(draft, lang, true) });
  }

  /** The next question, or the draft for confirmation when nothing is missing. */
  function proceed(ctx: FlowContext, draft: Draft, lead = ""): Reply {
    const next = missingField(draft);
    return next ? ask(ctx, draft, next, lead) : show(ctx, draft, lead);
  }

  /** Fills a draft's category, summary and fields from a description, and searches the policies for it. */
  async function describe(ctx: FlowContext, draft: Draft, text: string, hits?: Hit[]): Promise<Draft> {
    const x: DraftExtraction = await extractor.extract(text, extractOptions(ctx));
    const found = hits ? { passages: toPassages(hits), searched: true } : await searchPassages(ctx, text);
    return {
      ...draft,
      category: x.category,
      priority: x.priority,
      summary: x.summary,
      details: x.details || text,
      fields: { ...relevantFields(x.category, x.fields), ...relevantFields(x.category, draft.fields) },
      passages: found.passages,
      passagesSearched: found.searched,
    };
  }

  async function file(ctx: FlowContext, draft: Draft): Promise<Reply> {
    const lang = ctx.lang;
    const previous = filed.get(draft.id);
    if (previous) {
      const id = await previous.catch(() => undefined);
      if (id) {
        clearFlow(ctx);
        return reply(t(DESK_TEXTS.alreadyFiled, lang, { id }), lang);
      }
    }
    const input: NewTicket = {
      talent: ctx.msg.user,
      category: draft.category,
      priority: draft.priority,
      summary: draft.summary,
      details: draft.details,
      fields: relevantFields(draft.category, draft.fields),
      lang,
      conversation: ctx.state.turns.map((turn) => ({ ...turn })),
      passages: draft.passages,
      passagesSearched: draft.passagesSearched,
    };
    const created = service.create(input);
    const id = created.then((r) => r.ticket.id);
    filed.set(draft.id, id);
    if (filed.size > 1000) filed.delete(filed.keys().next().value!);
    try {
      const { ticket, commissioner, firstResponseHours } = await created;
      clearFlow(ctx);
      return reply(
        t(DESK_TEXTS.created, lang, { id: ticket.id, name: commissioner.name, hours: firstResponseHours, urgent: ticket.priority === "urgent" ? t(DESK_TEXTS.urgentTag, lang) : "" }),
        lang,
      );
    } catch {
      filed.delete(draft.id);
      saveDraft(ctx, draft);
      return reply(t(DESK_TEXTS.fileFailed, lang), lang, { actions: draftButtons(draft, lang, true) });
    }
  }

  async function continueDraft(ctx: FlowContext, draft: Draft): Promise<Reply | undefined> {
    const text = ctx.msg.text.trim();
    const lang = ctx.lang;
    if (CANCEL.test(plain(text))) {
      clearFlow(ctx);
      return reply(t(TEXTS.cancelled, lang), lang);
    }
    const pending = draft.pending ?? "confirm";
    if (pending === "confirm" || !missingField(draft)) {
      if (CONFIRM.test(plain(text)) && !missingField(draft)) return file(ctx, draft);
      if (text.startsWith("/")) return undefined;
      // A correction ("电话改成 139…", "district: Xishan") updates the draft before it is confirmed.
      const found = relevantFields(draft.category, extractFields(text, extractOptions(ctx)));
      const changed = Object.entries(found).filter(([k, v]) => draft.fields[k] !== v);
      const elsewhere = await unrelated(text, draft);
      if (changed.length && !elsewhere) {
        for (const [k, v] of changed) draft.fields[k] = v;
        return show(ctx, draft, t(DESK_TEXTS.updated, lang));
      }
      if (elsewhere) return undefined;
      if (stale(ctx, draft)) {
        clearFlow(ctx);
        return undefined;
      }
      return show(ctx, draft);
    }
    if (text.startsWith("/")) return undefined;
    if (pending === "details") {
      // Anything but a status check or a call for help describes the request.
      const { intent } = await rules.classify(text, { awaiting: "draft" });
      if (intent === "ticket_status" || intent === "help") return undefined;
      if ([...text].length < 2) return ask(ctx, draft, fieldSpec(draft.category, "details")!, t(DESK_TEXTS.invalid, lang, { what: t(FIELD_WHAT.details, lang) }));
      const described = await describe(ctx, draft, text);
      return proceed(ctx, described, t(DESK_TEXTS.intro, lang, { summary: described.summary }) + (described.priority === "urgent" ? t(DESK_TEXTS.urgentNote, lang) : ""));
    }
    const { outcome, draft: next } = applyAnswer(draft, pending, text, extractOptions(ctx));
    const spec = fieldSpec(draft.category, pending) ?? fieldSpec(draft.category, "contact")!;
    switch (outcome) {
      case "accepted":
      case "skipped":
        return proceed(ctx, next);
      case "required":
        return ask(ctx, next, spec, t(DESK_TEXTS.required, lang));
      case "invalid": {
        const gained = Object.keys(next.fields).length > Object.keys(draft.fields).length;
        if (gained) return proceed(ctx, next);
        if (await unrelated(text, draft)) return undefined;
        if (stale(ctx, draft)) {
          clearFlow(ctx);
          return undefined;
        }
        return ask(ctx, next, spec, t(DESK_TEXTS.invalid, lang, { what: t(FIELD_WHAT[pending], lang) }));
      }
    }
  }

  // --- tickets -------------------------------------------------------------------------------------------------

  function commissionerName(id: string): string {
    return service.commissioner(id)?.name ?? id;
  }

  function who(by: string, lang: Lang): string {
    if (by === "system") return t(DESK_TEXTS.system, lang);
    const a = service.actor(by);
    return a.commissionerId ? commissionerName(a.commissionerId) : t(DESK_TEXTS.you, lang);
  }

  function historyLine(h: HistoryEntry, lang: Lang): string | undefined {
    const at = fmt(h.at);
    const text = h.text ? t(DESK_TEXTS.textSep, lang, { text: h.text }) : "";
    switch (h.action) {
      case "created":
        return t(DESK_TEXTS.hCreated, lang, { at });
      case "status":
        return h.to ? t(DESK_TEXTS.hStatus, lang, { at, to: statusLabel(h.to, lang), text }) : undefined;
      case "reply":
        return t(DESK_TEXTS.hReply, lang, { at, name: who(h.by, lang), text: h.text ?? "" });
      case "talent_message":
        return t(DESK_TEXTS.hTalent, lang, { at, text: h.text ?? "" });
      case "reassigned": {
        const to = /→\s*(\S+)\s*$/.exec(h.text ?? "")?.[1];
        return t(DESK_TEXTS.hReassigned, lang, { at, name: to ? commissionerName(to) : "" });
      }
      case "rated":
        return t(DESK_TEXTS.hRated, lang, { at, rating: h.rating ?? "", text });
      case "note":
        return undefined; // internal notes stay internal
    }
  }

  const rateButtons = (id: string): Action[] => [1, 2, 3, 4, 5].map((n) => ({ id: "rate", label: "★".repeat(n), payload: `${id}:${n}` }));

  function notFound(ctx: FlowContext, id: string): Reply {
    return reply(t(DESK_TEXTS.notFound, ctx.lang, { id: id.toUpperCase() }), ctx.lang);
  }

  /** The ticket, if this talent may see it; undefined for an unknown id or someone else's ticket. */
  async function visible(ctx: FlowContext, id: string): Promise<Ticket | undefined> {
    try {
      return await service.get(id, actor(ctx));
    } catch (err) {
      if (err instanceof TicketError && (err.code === "not_found" || err.code === "forbidden")) return undefined;
      throw err;
    }
  }

  async function showTicket(ctx: FlowContext, id: string): Promise<Reply> {
    const ticket = await visible(ctx, id);
    if (!ticket) return notFound(ctx, id);
    const lang = ctx.lang;
    const history = ticket.history.flatMap((h) => {
      const line = historyLine(h, lang);
      return line ? [`- ${line}`] : [];
    });
    let text = t(DESK_TEXTS.detail, lang, {
      id: ticket.id,
      summary: ticket.summary,
      status: statusLabel(ticket.status, lang),
      category: t(CATEGORY_LABELS[ticket.category], lang),
      urgent: ticket.priority === "urgent" ? t(DESK_TEXTS.urgentTag, lang) : "",
      name: commissionerName(ticket.commissioner),
      created: fmt(ticket.createdAt),
      updated: fmt(ticket.updatedAt),
      history: history.join("\n"),
    });
    let actions: Action[] = [];
    if (ticket.status === "waiting_on_talent") text += t(DESK_TEXTS.waitingHint, lang, { id: ticket.id });
    if (ticket.status === "resolved" && ticket.talent === ctx.msg.user) {
      text += t(DESK_TEXTS.resolvedHint, lang);
      actions = rateButtons(ticket.id);
    }
    return reply(text, lang, { actions });
  }

  async function listTickets(ctx: FlowContext): Promise<Reply> {
    const lang = ctx.lang;
    const tickets = (await service.listFor(actor(ctx))).slice(0, 10);
    if (!tickets.length) return reply(t(DESK_TEXTS.listNone, lang), lang);
    const lines = tickets.map((x) => t(DESK_TEXTS.listLine, lang, { id: x.id, status: statusLabel(x.status, lang), summary: x.summary, updated: fmt(x.updatedAt) }));
    return reply([t(DESK_TEXTS.listHead, lang), ...lines, t(DESK_TEXTS.listHint, lang)].join("\n"), lang);
  }

  async function openTickets(ctx: FlowContext): Promise<Ticket[]> {
    const open = await service.listFor(actor(ctx), ["waiting_on_talent", "new", "claimed", "in_progress", "reopened"]);
    return open.filter((x) => x.talent === ctx.msg.user).sort((a, b) => Number(b.status === "waiting_on_talent") - Number(a.status === "waiting_on_talent") || b.updatedAt.localeCompare(a.updatedAt));
  }

  async function relayTo(ctx: FlowContext, id: string, body: string): Promise<Reply> {
    const lang = ctx.lang;
    const ticket = await visible(ctx, id);
    if (!ticket || ticket.talent !== ctx.msg.user) return notFound(ctx, id);
    if (!isOpen(ticket)) return reply(t(DESK_TEXTS.relayClosed, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
    if (!body) {
      ctx.state.flow = { kind: "relay", ticketId: ticket.id };
      ctx.state.awaiting = "draft";
      return reply(t(DESK_TEXTS.relayAsk, lang, { id: ticket.id }), lang, { actions: [{ id: "cancel_draft", label: t(DESK_TEXTS.cancel, lang), payload: "relay" }] });
    }
    try {
      await service.talentMessage(ticket.id, actor(ctx), body);
    } catch (err) {
      if (err instanceof TicketError && err.code === "illegal_transition") return reply(t(DESK_TEXTS.relayClosed, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
      if (err instanceof TicketError && (err.code === "not_found" || err.code === "forbidden")) return notFound(ctx, id);
      throw err;
    }
    return reply(t(DESK_TEXTS.relayed, lang, { id: ticket.id, name: commissionerName(ticket.commissioner) }), lang);
  }

  /** An explicit addition; `quiet`: undefined (rather than a reply) when there is no open ticket to add to. */
  async function explicitRelay(ctx: FlowContext, quiet: boolean): Promise<Reply | undefined> {
    const r = parseRelay(ctx.msg.text);
    if (!r) return undefined;
    if (r.id) return relayTo(ctx, r.id, r.body);
    const open = await openTickets(ctx);
    const target = open.find((x) => x.status === "waiting_on_talent") ?? (open.length === 1 ? open[0] : undefined);
    if (target) return relayTo(ctx, target.id, r.body);
    if (quiet) return undefined;
    if (!open.length) return reply(t(DESK_TEXTS.noOpen, ctx.lang), ctx.lang);
    return reply(t(DESK_TEXTS.relayWhich, ctx.lang, { ids: open.map((x) => x.id).join(", "), example: open[0]!.id }), ctx.lang);
  }

  async function cancelTicket(ctx: FlowContext): Promise<Reply | undefined> {
    const text = ctx.msg.text;
    const lang = ctx.lang;
    const id = TICKET_ID.exec(text)?.[0]?.toUpperCase();
    if (id && CANCEL_TICKET.test(toSimplified(text))) {
      const ticket = await visible(ctx, id);
      if (!ticket || ticket.talent !== ctx.msg.user) return notFound(ctx, id);
      try {
        await service.cancel(ticket.id, actor(ctx));
        return reply(t(DESK_TEXTS.ticketCancelled, lang, { id: ticket.id }), lang);
      } catch (err) {
        if (err instanceof TicketError && err.code === "illegal_transition") return reply(t(DESK_TEXTS.cannotCancel, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
        throw err;
      }
    }
    if (!id && CANCEL_TICKET_NO_ID.test(toSimplified(text))) {
      const open = await openTickets(ctx);
      if (open.length) return reply(t(DESK_TEXTS.whichCancel, lang, { ids: open.map((x) => x.id).join(", ") }), lang);
    }
    return undefined;
  }

  // --- ratings -------------------------------------------------------------------------------------------------

  async function rate(ctx: FlowContext, ticket: Ticket, parsed: ParsedRating): Promise<Reply> {
    const lang = ctx.lang;
    const score = parsed.score ?? 1;
    try {
      const after = await service.rate(ticket.id, actor(ctx), score, parsed.comment, parsed.notSolved);
      if (ctx.state.flow?.kind === "rating") clearFlow(ctx);
      return after.status === "reopened"
        ? reply(t(DESK_TEXTS.reopened, lang, { id: after.id, name: commissionerName(after.commissioner) }), lang)
        : reply(t(DESK_TEXTS.thanks, lang, { id: after.id, score }), lang);
    } catch (err) {
      if (err instanceof TicketError && err.code === "illegal_transition") return reply(t(DESK_TEXTS.notRatable, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
      if (err instanceof TicketError && (err.code === "not_found" || err.code === "forbidden")) return notFound(ctx, ticket.id);
      throw err;
    }
  }

  /** The ticket a rating is for: the one named, else the talent's most recently resolved one. */
  async function ratingTarget(ctx: FlowContext, text: string): Promise<{ ticket?: Ticket; reply?: Reply }> {
    const id = TICKET_ID.exec(text)?.[0];
    if (id) {
      const ticket = await visible(ctx, id);
      return ticket && ticket.talent === ctx.msg.user ? { ticket } : { reply: notFound(ctx, id) };
    }
    const resolved = (await service.listFor(actor(ctx), "resolved")).filter((x) => x.talent === ctx.msg.user);
    resolved.sort((a, b) => (b.resolvedAt ?? b.updatedAt).localeCompare(a.resolvedAt ?? a.updatedAt));
    return resolved[0] ? { ticket: resolved[0] } : {};
  }

  // --- the ServiceDesk -----------------------------------------------------------------------------------------

  const desk: TicketDesk = {
    async request(ctx, context = {}) {
      settleLang(ctx);
      const lang = ctx.lang;
      const typed = ctx.msg.action ? "" : ctx.msg.text.trim();
      if (typed) {
        const handled = (await cancelTicket(ctx)) ?? (await explicitRelay(ctx, true));
        if (handled) return handled;
      }
      // The "ask my commissioner" button, or the same said in words right after an answer that offered it.
      const offered = ctx.state.lastActions?.some((a) => a.id === "ask_commissioner") ?? false;
      const viaButton = ctx.msg.action?.id === "ask_commissioner" || (!!typed && ONLY_COMMISSIONER.test(toSimplified(typed)) && offered && !!ctx.state.lastQuestion);
      const subject = (viaButton ? (context.question ?? ctx.state.lastQuestion) : (context.question ?? typed))?.trim() ?? "";
      const describedOnlyAsCommissioner = !viaButton && ONLY_COMMISSIONER.test(toSimplified(subject));

      const previous = readDraft(ctx.state.flow);
      const lead: string[] = [];
      if (previous?.summary) lead.push(t(DESK_TEXTS.replaced, lang, { summary: previous.summary }));

      let draft = newDraft(
        { category: "other", priority: "normal", summary: "", details: "", fields: {} },
        { id: randomUUID().slice(0, 8), lang, now: now(ctx), origin: viaButton ? "commissioner" : "request" },
      );
      if (subject && !describedOnlyAsCommissioner) {
        draft = await describe(ctx, draft, subject, context.hits);
        lead.push(t(viaButton ? DESK_TEXTS.introQuestion : DESK_TEXTS.intro, lang, { summary: draft.summary }) + (draft.priority === "urgent" ? t(DESK_TEXTS.urgentNote, lang) : ""));
      }
      return proceed(ctx, draft, lead.join("\n"));
    },

    async status(ctx) {
      settleLang(ctx);
      if (!ctx.msg.action) {
        const handled = (await cancelTicket(ctx)) ?? (await explicitRelay(ctx, false));
        if (handled) return handled;
      }
      const id = TICKET_ID.exec(ctx.msg.text)?.[0];
      return id ? showTicket(ctx, id) : listTickets(ctx);
    },

    async rating(ctx) {
      settleLang(ctx);
      const lang = ctx.lang;
      const text = ctx.msg.text;
      const target = await ratingTarget(ctx, text);
      if (target.reply) return target.reply;
      const ticket = target.ticket;
      if (!ticket) return reply(t(DESK_TEXTS.nothingToRate, lang), lang);
      if (ticket.status !== "resolved") return reply(t(DESK_TEXTS.notRatable, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
      const parsed = parseRating(text);
      if (parsed.score === undefined && !parsed.notSolved) {
        ctx.state.flow = { kind: "rating", ticketId: ticket.id };
        ctx.state.awaiting = "rating";
        return reply(t(DESK_TEXTS.askScore, lang, { id: ticket.id, summary: ticket.summary }), lang, { actions: rateButtons(ticket.id) });
      }
      return rate(ctx, ticket, parsed);
    },

    async continue(ctx) {
      if (ctx.msg.action) return undefined;
      const text = ctx.msg.text.trim();
      const draft = readDraft(ctx.state.flow);
      if (draft) return continueDraft(ctx, draft);

      const relay = relayFlowSchema.safeParse(ctx.state.flow);
      if (relay.success) {
        if (CANCEL.test(plain(text))) {
          clearFlow(ctx);
          return reply(t(TEXTS.cancelled, ctx.lang), ctx.lang);
        }
        clearFlow(ctx);
        if (text.startsWith("/")) return undefined;
        return relayTo(ctx, relay.data.ticketId, text);
      }

      const rating = ratingFlowSchema.safeParse(ctx.state.flow);
      if (rating.success) {
        const parsed = parseRating(text);
        const ticket = await visible(ctx, rating.data.ticketId);
        if (!ticket || ticket.status !== "resolved") {
          clearFlow(ctx);
          return undefined;
        }
        if (parsed.score !== undefined || parsed.notSolved) return rate(ctx, ticket, parsed);
        if (text.startsWith("/") || (await unrelated(text))) {
          clearFlow(ctx);
          return undefined;
        }
        return reply(t(DESK_TEXTS.askScore, ctx.lang, { id: ticket.id, summary: ticket.summary }), ctx.lang, { actions: rateButtons(ticket.id) });
      }

      // Something waits that this desk does not know (or no longer can read): let the engine handle the message.
      clearFlow(ctx);
      return undefined;
    },

    async action(ctx) {
      const a = ctx.msg.action;
      if (!a) return undefined;
      const lang = ctx.lang;
      switch (a.id) {
        case "confirm_draft": {
          const draft = readDraft(ctx.state.flow);
          if (!draft || (a.payload && a.payload !== draft.id)) {
            const id = a.payload ? await filed.get(a.payload)?.catch(() => undefined) : undefined;
            return id ? reply(t(DESK_TEXTS.alreadyFiled, lang, { id }), lang) : undefined;
          }
          const next = missingField(draft);
          return next ? ask(ctx, draft, next) : file(ctx, draft);
        }
        case "cancel_draft": {
          const flow = ctx.state.flow;
          const draft = readDraft(flow);
          const matches = draft ? !a.payload || a.payload === draft.id : relayFlowSchema.safeParse(flow).success && a.payload === "relay";
          if (!matches) return undefined;
          clearFlow(ctx);
          return reply(t(TEXTS.cancelled, lang), lang);
        }
        case "rate": {
          const m = /^(.+):([1-5])$/.exec(a.payload ?? "");
          if (!m) return undefined;
          const ticket = await visible(ctx, m[1]!);
          if (!ticket || ticket.talent !== ctx.msg.user) return notFound(ctx, m[1]!);
          if (ticket.status !== "resolved") return reply(t(DESK_TEXTS.notRatable, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
          return rate(ctx, ticket, { score: Number(m[2]), notSolved: false });
        }
        default:
          return undefined;
      }
    },

    async relay(ctx, intent) {
      if (ctx.msg.action || ctx.state.awaiting) return undefined;
      settleLang(ctx);
      const text = ctx.msg.text.trim();
      if (!text || text.startsWith("/")) return undefined;
      if (intent === "cancel") return undefined;
      const explicit = await explicitRelay(ctx, true);
      if (explicit) return explicit;
      if (intent && !["chitchat", "profile", "question"].includes(intent)) return undefined;
      if (QUESTION_SHAPE.test(toSimplified(text))) return undefined;
      // "4分，回复很及时，谢谢", "2 technician never came": a score and a comment, as the resolution notice asked
      // for, while a resolved ticket waits for its rating.
      if (LEADING_SCORE.test(toSimplified(text))) {
        const { ticket } = await ratingTarget(ctx, text);
        const parsed = parseRating(text);
        if (ticket && ticket.status === "resolved" && parsed.score !== undefined) return rate(ctx, ticket, parsed);
      }
      if (!intent && (await unrelated(text))) return undefined;
      const waiting = (await openTickets(ctx)).find((x) => x.status === "waiting_on_talent");
      return waiting ? relayTo(ctx, waiting.id, text) : undefined;
    },
  };
  return desk;
}
