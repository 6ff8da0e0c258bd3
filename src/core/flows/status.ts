import type { Lang } from "../../text/normalize.ts";
import type { HistoryEntry } from "../../tickets/ticket.ts";
import { reply, type FlowContext } from "../engine.ts";
import { t } from "../i18n.ts";
import { TICKET_ID } from "../intents/rules.ts";
import type { Action, Reply } from "../messages.ts";
import { statusLabel } from "../ticket-texts.ts";
import { cancelTicket } from "./cancel.ts";
import { explicitRelay } from "./relay.ts";
import { actorOf, CATEGORY_LABELS, commissionerName, DESK_TEXTS, fmt, notFound, rateButtons, visible, type DeskEnv } from "./shared.ts";

/**
 * The status flow: the talent's tickets as a list, or one ticket with its history (never another talent's),
 * with what it waits for (an answer from the talent, a rating).
 */

function who(env: DeskEnv, by: string, lang: Lang): string {
  if (by === "system") return t(DESK_TEXTS.system, lang);
  const a = env.service.actor(by);
  return a.commissionerId ? commissionerName(env, a.commissionerId) : t(DESK_TEXTS.you, lang);
}

/** One line of a ticket's history as the talent reads it; undefined for what stays internal. */
function historyLine(env: DeskEnv, h: HistoryEntry, lang: Lang): string | undefined {
  const at = fmt(env, h.at);
  const text = h.text ? t(DESK_TEXTS.textSep, lang, { text: h.text }) : "";
  switch (h.action) {
    case "created":
      return t(DESK_TEXTS.hCreated, lang, { at });
    case "status":
      return h.to ? t(DESK_TEXTS.hStatus, lang, { at, to: statusLabel(h.to, lang), text }) : undefined;
    case "reply":
      return t(DESK_TEXTS.hReply, lang, { at, name: who(env, h.by, lang), text: h.text ?? "" });
    case "talent_message":
      return t(DESK_TEXTS.hTalent, lang, { at, text: h.text ?? "" });
    case "reassigned": {
      const to = /→\s*(\S+)\s*$/.exec(h.text ?? "")?.[1];
      return t(DESK_TEXTS.hReassigned, lang, { at, name: to ? commissionerName(env, to) : "" });
    }
    case "rated":
      return t(DESK_TEXTS.hRated, lang, { at, rating: h.rating ?? "", text });
    case "note":
      return undefined; // internal notes stay internal
  }
}

/** One ticket with its history, if this talent may see it. */
async function showTicket(env: DeskEnv, ctx: FlowContext, id: string): Promise<Reply> {
  const ticket = await visible(env, ctx, id);
  if (!ticket) return notFound(ctx, id);
  const lang = ctx.lang;
  const history = ticket.history.flatMap((h) => {
    const line = historyLine(env, h, lang);
    return line ? [`- ${line}`] : [];
  });
  let text = t(DESK_TEXTS.detail, lang, {
    id: ticket.id,
    summary: ticket.summary,
    status: statusLabel(ticket.status, lang),
    category: t(CATEGORY_LABELS[ticket.category], lang),
    urgent: ticket.priority === "urgent" ? t(DESK_TEXTS.urgentTag, lang) : "",
    name: commissionerName(env, ticket.commissioner),
    created: fmt(env, ticket.createdAt),
    updated: fmt(env, ticket.updatedAt),
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

/** The talent's (ten most recent) tickets. */
async function listTickets(env: DeskEnv, ctx: FlowContext): Promise<Reply> {
  const lang = ctx.lang;
  const tickets = (await env.service.listFor(actorOf(env, ctx))).slice(0, 10);
  if (!tickets.length) return reply(t(DESK_TEXTS.listNone, lang), lang);
  const lines = tickets.map((x) => t(DESK_TEXTS.listLine, lang, { id: x.id, status: statusLabel(x.status, lang), summary: x.summary, updated: fmt(env, x.updatedAt) }));
  return reply([t(DESK_TEXTS.listHead, lang), ...lines, t(DESK_TEXTS.listHint, lang)].join("\n"), lang);
}

/**
 * A status check: one ticket when the message names it, else the list. Typed, it may also cancel a ticket or
 * add to one ("cancel WT-…", "补充：…"), which the engine may have taken for a status check.
 */
export async function status(env: DeskEnv, ctx: FlowContext): Promise<Reply> {
  if (!ctx.msg.action) {
    const handled = (await cancelTicket(env, ctx)) ?? (await explicitRelay(env, ctx, false));
    if (handled) return handled;
  }
  const id = TICKET_ID.exec(ctx.msg.text)?.[0];
  return id ? showTicket(env, ctx, id) : listTickets(env, ctx);
}
