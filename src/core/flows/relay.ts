import { z } from "zod";
import { toSimplified } from "../../text/normalize.ts";
import { isOpen, TicketError } from "../../tickets/ticket.ts";
import { reply, type FlowContext } from "../engine.ts";
import { t } from "../i18n.ts";
import type { Intent } from "../intents/intent.ts";
import { TICKET_ID } from "../intents/rules.ts";
import type { Reply } from "../messages.ts";
import { statusLabel } from "../ticket-texts.ts";
import { TEXTS } from "../texts.ts";
import { leadingRating } from "./rating.ts";
import { actorOf, CANCEL, clearFlow, commissionerName, DESK_TEXTS, notFound, openTickets, plain, QUESTION_SHAPE, unrelated, visible, type DeskEnv } from "./shared.ts";

/**
 * The relay flow: messages from the talent to the commissioner of their ticket, said explicitly ("add to my
 * ticket WT-…: the certificate is ready", "补充：孩子8岁") or as the answer a ticket waiting on them asked for.
 */

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

const relayFlowSchema = z.object({ kind: z.literal("relay"), ticketId: z.string() });

/** The ticket an addition waits for (`ConversationState.flow`), if that is what waits. */
export function waitingRelay(flow: unknown): string | undefined {
  const r = relayFlowSchema.safeParse(flow);
  return r.success ? r.data.ticketId : undefined;
}

/** Passes `body` to the commissioner of ticket `id`; with no body, asks what to pass on (and waits for it). */
async function relayTo(env: DeskEnv, ctx: FlowContext, id: string, body: string): Promise<Reply> {
  const lang = ctx.lang;
  const ticket = await visible(env, ctx, id);
  if (!ticket || ticket.talent !== ctx.msg.user) return notFound(ctx, id);
  const closed = () => reply(t(DESK_TEXTS.relayClosed, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
  if (!isOpen(ticket)) return closed();
  if (!body) {
    ctx.state.flow = { kind: "relay", ticketId: ticket.id };
    ctx.state.awaiting = "draft";
    return reply(t(DESK_TEXTS.relayAsk, lang, { id: ticket.id }), lang, { actions: [{ id: "cancel_draft", label: t(DESK_TEXTS.cancel, lang), payload: "relay" }] });
  }
  try {
    await env.service.talentMessage(ticket.id, actorOf(env, ctx), body);
  } catch (err) {
    if (err instanceof TicketError && err.code === "illegal_transition") return closed();
    if (err instanceof TicketError && (err.code === "not_found" || err.code === "forbidden")) return notFound(ctx, id);
    throw err;
  }
  return reply(t(DESK_TEXTS.relayed, lang, { id: ticket.id, name: commissionerName(env, ticket.commissioner) }), lang);
}

/** An explicit addition; `quiet`: undefined (rather than a reply) when there is no open ticket to add to. */
export async function explicitRelay(env: DeskEnv, ctx: FlowContext, quiet: boolean): Promise<Reply | undefined> {
  const r = parseRelay(ctx.msg.text);
  if (!r) return undefined;
  if (r.id) return relayTo(env, ctx, r.id, r.body);
  const open = await openTickets(env, ctx);
  const target = open.find((x) => x.status === "waiting_on_talent") ?? (open.length === 1 ? open[0] : undefined);
  if (target) return relayTo(env, ctx, target.id, r.body);
  if (quiet) return undefined;
  if (!open.length) return reply(t(DESK_TEXTS.noOpen, ctx.lang), ctx.lang);
  return reply(t(DESK_TEXTS.relayWhich, ctx.lang, { ids: open.map((x) => x.id).join(", "), example: open[0]!.id }), ctx.lang);
}

/** The next message after "what should I add to WT-…?": passed on, unless it cancels or is a command. */
export async function continueRelay(env: DeskEnv, ctx: FlowContext, ticketId: string): Promise<Reply | undefined> {
  const text = ctx.msg.text.trim();
  clearFlow(ctx);
  if (CANCEL.test(plain(text))) return reply(t(TEXTS.cancelled, ctx.lang), ctx.lang);
  if (text.startsWith("/")) return undefined;
  return relayTo(env, ctx, ticketId, text);
}

/**
 * A message when nothing is awaited (`TicketDesk.relay`): an explicit addition, a rating that opens with its
 * score, or anything but a question, a new request or a command while one of the talent's tickets waits on them.
 */
export async function relay(env: DeskEnv, ctx: FlowContext, intent?: Intent): Promise<Reply | undefined> {
  const text = ctx.msg.text.trim();
  if (!text || text.startsWith("/")) return undefined;
  if (intent === "cancel") return undefined;
  const explicit = await explicitRelay(env, ctx, true);
  if (explicit) return explicit;
  if (intent && !["chitchat", "profile", "question"].includes(intent)) return undefined;
  if (QUESTION_SHAPE.test(toSimplified(text))) return undefined;
  const rated = await leadingRating(env, ctx, text);
  if (rated) return rated;
  if (!intent && (await unrelated(env, text))) return undefined;
  const waiting = (await openTickets(env, ctx)).find((x) => x.status === "waiting_on_talent");
  return waiting ? relayTo(env, ctx, waiting.id, text) : undefined;
}
