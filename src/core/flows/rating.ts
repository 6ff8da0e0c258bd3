import { z } from "zod";
import { toSimplified } from "../../text/normalize.ts";
import { TicketError, type Ticket } from "../../tickets/ticket.ts";
import { reply, type FlowContext } from "../engine.ts";
import { t } from "../i18n.ts";
import { TICKET_ID } from "../intents/rules.ts";
import type { Reply } from "../messages.ts";
import { statusLabel } from "../ticket-texts.ts";
import { actorOf, clearFlow, commissionerName, DESK_TEXTS, notFound, rateButtons, unrelated, visible, type DeskEnv } from "./shared.ts";

/**
 * The rating flow: the talent rates a resolved ticket, in words ("打2分 回复太慢", "非常满意", "没解决") or with
 * the Rate buttons; a message without a score is asked for one, and the question waits in the conversation.
 */

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

const ratingFlowSchema = z.object({ kind: z.literal("rating"), ticketId: z.string() });

/** The ticket a rating question waits for (`ConversationState.flow`), if that is what waits. */
export function waitingRating(flow: unknown): string | undefined {
  const r = ratingFlowSchema.safeParse(flow);
  return r.success ? r.data.ticketId : undefined;
}

function notRatable(ctx: FlowContext, ticket: Ticket): Reply {
  return reply(t(DESK_TEXTS.notRatable, ctx.lang, { id: ticket.id, status: statusLabel(ticket.status, ctx.lang) }), ctx.lang);
}

function askScore(ctx: FlowContext, ticket: Ticket): Reply {
  return reply(t(DESK_TEXTS.askScore, ctx.lang, { id: ticket.id, summary: ticket.summary }), ctx.lang, { actions: rateButtons(ticket.id) });
}

async function rate(env: DeskEnv, ctx: FlowContext, ticket: Ticket, parsed: ParsedRating): Promise<Reply> {
  const lang = ctx.lang;
  const score = parsed.score ?? 1;
  try {
    const after = await env.service.rate(ticket.id, actorOf(env, ctx), score, parsed.comment, parsed.notSolved);
    if (ctx.state.flow?.kind === "rating") clearFlow(ctx);
    return after.status === "reopened"
      ? reply(t(DESK_TEXTS.reopened, lang, { id: after.id, name: commissionerName(env, after.commissioner) }), lang)
      : reply(t(DESK_TEXTS.thanks, lang, { id: after.id, score }), lang);
  } catch (err) {
    if (err instanceof TicketError && err.code === "illegal_transition") return notRatable(ctx, ticket);
    if (err instanceof TicketError && (err.code === "not_found" || err.code === "forbidden")) return notFound(ctx, ticket.id);
    throw err;
  }
}

/** The ticket a rating is for: the one named, else the talent's most recently resolved one. */
async function ratingTarget(env: DeskEnv, ctx: FlowContext, text: string): Promise<{ ticket?: Ticket; reply?: Reply }> {
  const id = TICKET_ID.exec(text)?.[0];
  if (id) {
    const ticket = await visible(env, ctx, id);
    return ticket && ticket.talent === ctx.msg.user ? { ticket } : { reply: notFound(ctx, id) };
  }
  const resolved = (await env.service.listFor(actorOf(env, ctx), "resolved")).filter((x) => x.talent === ctx.msg.user);
  resolved.sort((a, b) => (b.resolvedAt ?? b.updatedAt).localeCompare(a.resolvedAt ?? a.updatedAt));
  return resolved[0] ? { ticket: resolved[0] } : {};
}

/** A message the engine took for a rating: rates the ticket, or asks for the score (and waits for it). */
export async function rating(env: DeskEnv, ctx: FlowContext): Promise<Reply> {
  const lang = ctx.lang;
  const text = ctx.msg.text;
  const target = await ratingTarget(env, ctx, text);
  if (target.reply) return target.reply;
  const ticket = target.ticket;
  if (!ticket) return reply(t(DESK_TEXTS.nothingToRate, lang), lang);
  if (ticket.status !== "resolved") return notRatable(ctx, ticket);
  const parsed = parseRating(text);
  if (parsed.score === undefined && !parsed.notSolved) {
    ctx.state.flow = { kind: "rating", ticketId: ticket.id };
    ctx.state.awaiting = "rating";
    return askScore(ctx, ticket);
  }
  return rate(env, ctx, ticket, parsed);
}

/** The next message while a score is awaited for `ticketId`; undefined lets the engine handle it (and drops the question). */
export async function continueRating(env: DeskEnv, ctx: FlowContext, ticketId: string): Promise<Reply | undefined> {
  const text = ctx.msg.text.trim();
  const parsed = parseRating(text);
  const ticket = await visible(env, ctx, ticketId);
  if (!ticket || ticket.status !== "resolved") {
    clearFlow(ctx);
    return undefined;
  }
  if (parsed.score !== undefined || parsed.notSolved) return rate(env, ctx, ticket, parsed);
  if (text.startsWith("/") || (await unrelated(env, text))) {
    clearFlow(ctx);
    return undefined;
  }
  return askScore(ctx, ticket);
}

/** A Rate button (`payload` `WT-…:4`); undefined for a payload that is not one. */
export async function rateButton(env: DeskEnv, ctx: FlowContext, payload: string | undefined): Promise<Reply | undefined> {
  const m = /^(.+):([1-5])$/.exec(payload ?? "");
  if (!m) return undefined;
  const ticket = await visible(env, ctx, m[1]!);
  if (!ticket || ticket.talent !== ctx.msg.user) return notFound(ctx, m[1]!);
  if (ticket.status !== "resolved") return notRatable(ctx, ticket);
  return rate(env, ctx, ticket, { score: Number(m[2]), notSolved: false });
}

/**
 * "4分，回复很及时，谢谢", "2 technician never came": a message opening with a score, while a resolved ticket
 * waits for its rating, is that rating (as the resolution notice asked for). Undefined otherwise.
 */
export async function leadingRating(env: DeskEnv, ctx: FlowContext, text: string): Promise<Reply | undefined> {
  if (!LEADING_SCORE.test(toSimplified(text))) return undefined;
  const { ticket } = await ratingTarget(env, ctx, text);
  const parsed = parseRating(text);
  return ticket && ticket.status === "resolved" && parsed.score !== undefined ? rate(env, ctx, ticket, parsed) : undefined;
}
