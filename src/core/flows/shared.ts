import type { KnowledgeBase } from "../../knowledge/knowledge-base.ts";
import { toSimplified } from "../../text/normalize.ts";
import type { TicketService } from "../../tickets/service.ts";
import { TicketError, type Actor, type Category, type Ticket } from "../../tickets/ticket.ts";
import { textGroup } from "../catalogue.ts";
import { reply, type FlowContext } from "../engine.ts";
import { replyLang, t, type Bilingual } from "../i18n.ts";
import { RuleIntentClassifier, TICKET_ID } from "../intents/rules.ts";
import type { Action, Reply } from "../messages.ts";
import { detectCategory } from "./draft/classify.ts";
import type { Draft, DraftExtractor } from "./draft/draft.ts";

/**
 * What the ticket flows share (`request.ts`, `draft-questions.ts`, `status.ts`, `relay.ts`, `rating.ts`,
 * `cancel.ts`): the desk's settings and texts, the time and language of a message, and the tickets a talent
 * may see. Each flow is a set of functions of a `DeskEnv` and the message's `FlowContext`.
 */

// Texts (simplified Chinese and English; traditional is derived by `t`).
export const DESK_TEXTS = textGroup("tickets", ["intro", "introQuestion", "urgentNote", "replaced", "askDetails", "askChild", "askDistrict", "askHospital", "askDate", "askAddress", "askContact", "invalid", "required", "updated", "draft", "fieldLine", "urgentTag", "passagesFound", "passagesNone", "skipped", "chatContact", "confirm", "cancel", "created", "alreadyFiled", "fileFailed", "listHead", "listLine", "listHint", "listNone", "notFound", "detail", "waitingHint", "resolvedHint", "hCreated", "hStatus", "hReply", "hTalent", "hReassigned", "hRated", "textSep", "system", "you", "thanks", "reopened", "nothingToRate", "askScore", "notRatable", "relayed", "relayAsk", "relayClosed", "relayWhich", "noOpen", "ticketCancelled", "cannotCancel", "whichCancel"]);

export const CATEGORY_LABELS: Record<Category, Bilingual> = textGroup("categories", ["housing", "schooling", "medical", "settlement", "other"]);

/** The desk's settings, resolved (see `TicketDeskOptions` in `desk.ts`), and what it keeps while running. */
export interface DeskEnv {
  service: TicketService;
  knowledge: (() => KnowledgeBase) | undefined;
  extractor: DraftExtractor;
  clock: (() => Date) | undefined;
  passageThreshold: number;
  maxPassages: number;
  timeZone: string;
  draftTtlHours: number;
  rules: RuleIntentClassifier;
  /** Drafts filed by this process (draft id → ticket id), so a second Confirm press does not file twice. */
  filed: Map<string, Promise<string>>;
}

export const now = (env: DeskEnv, ctx: FlowContext): Date => env.clock?.() ?? ctx.now;
export const actorOf = (env: DeskEnv, ctx: FlowContext): Actor => env.service.actor(ctx.msg.user);

/** A time as the talent reads it: in the city's zone, which it names ("2026-12-07 03:57 UTC+8"). */
export function fmt(env: DeskEnv, iso: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: env.timeZone, timeZoneName: "shortOffset", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? "";
  const zone = get("timeZoneName").replace(/^GMT(\+0)?$/, "UTC").replace(/^GMT/, "UTC");
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${zone}`;
}

/**
 * The reply language of a message about tickets, judged without its command and ticket ids: "/ticket
 * WT-2026-000123" says nothing about the talent's language, though its Latin letters look English.
 */
export function settleLang(ctx: FlowContext): void {
  if (ctx.msg.action) return;
  const words = ctx.msg.text.replace(/^\s*\/\w+(?:@\w+)?/, " ").replace(new RegExp(TICKET_ID.source, "gi"), " ");
  ctx.lang = replyLang(words, { ...(ctx.msg.locale ? { locale: ctx.msg.locale } : {}), ...(ctx.state.lang ? { previous: ctx.state.lang } : {}) });
}

export function clearFlow(ctx: FlowContext): void {
  delete ctx.state.awaiting;
  delete ctx.state.flow;
}

export const CANCEL = /^(\/?cancel|discard|drop it|abort|stop|never ?mind|取消|算了|不用了|放弃|不要了|撤销|不办了)[\s.!。！~]*$/i;
/** Simplified, NFKC, trimmed: the form the short-answer patterns read. */
export const plain = (text: string) => toSimplified(text.normalize("NFKC")).trim();

export const QUESTION_SHAPE = /[?？]|吗|呢|怎么|如何|多少|什么|哪些|哪里|哪儿|是否|能否|^(how|what|which|when|where|who|why|is|are|can|could|do|does|did|will|should)\b/i;

/**
 * A message that is not an answer to the desk's question but something the engine should handle: a command,
 * a status check, help, a profile statement, a policy question, or a request about something else than the
 * draft ("please contact me by email" is about the draft; "帮我预约体检" during a schooling draft is not).
 */
export async function unrelated(env: DeskEnv, text: string, draft?: Draft): Promise<boolean> {
  if (text.startsWith("/")) return true;
  const { intent } = await env.rules.classify(text, { awaiting: "draft" });
  if (intent === "ticket_status" || intent === "help" || intent === "profile") return true;
  if (intent === "question") return QUESTION_SHAPE.test(toSimplified(text)) || [...text].length > 30;
  if (intent === "request") {
    const category = detectCategory(text);
    return !draft || (category !== "other" && category !== draft.category) || [...text].length > 40;
  }
  return false;
}

export const rateButtons = (id: string): Action[] => [1, 2, 3, 4, 5].map((n) => ({ id: "rate", label: "★".repeat(n), payload: `${id}:${n}` }));

export function notFound(ctx: FlowContext, id: string): Reply {
  return reply(t(DESK_TEXTS.notFound, ctx.lang, { id: id.toUpperCase() }), ctx.lang);
}

/** The ticket, if this talent may see it; undefined for an unknown id or someone else's ticket. */
export async function visible(env: DeskEnv, ctx: FlowContext, id: string): Promise<Ticket | undefined> {
  try {
    return await env.service.get(id, actorOf(env, ctx));
  } catch (err) {
    if (err instanceof TicketError && (err.code === "not_found" || err.code === "forbidden")) return undefined;
    throw err;
  }
}

export function commissionerName(env: DeskEnv, id: string): string {
  return env.service.commissioner(id)?.name ?? id;
}

/** The talent's open tickets, those waiting on them first, then the most recently updated. */
export async function openTickets(env: DeskEnv, ctx: FlowContext): Promise<Ticket[]> {
  const open = await env.service.listFor(actorOf(env, ctx), ["waiting_on_talent", "new", "claimed", "in_progress", "reopened"]);
  return open.filter((x) => x.talent === ctx.msg.user).sort((a, b) => Number(b.status === "waiting_on_talent") - Number(a.status === "waiting_on_talent") || b.updatedAt.localeCompare(a.updatedAt));
}
