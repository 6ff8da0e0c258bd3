import { toSimplified } from "../../text/normalize.ts";
import { TicketError } from "../../tickets/ticket.ts";
import { reply, type FlowContext } from "../engine.ts";
import { t } from "../i18n.ts";
import { TICKET_ID } from "../intents/rules.ts";
import type { Reply } from "../messages.ts";
import { statusLabel } from "../ticket-texts.ts";
import { actorOf, DESK_TEXTS, notFound, openTickets, visible, type DeskEnv } from "./shared.ts";

/**
 * The cancel flow: a talent withdraws one of their tickets ("cancel WT-2026-000123", "撤销工单 WT-…"); asked to
 * cancel "my ticket" without an id, the desk names the open ones.
 */

const CANCEL_TICKET = /(cancel|withdraw|close|撤销|取消|关闭|撤回)/i;
const CANCEL_TICKET_NO_ID = /((cancel|withdraw).{0,20}\b(ticket|request)s?\b|(撤销|取消|撤回).{0,10}(工单|诉求))/i;

/** The reply to a message that cancels a ticket; undefined when the message does not. */
export async function cancelTicket(env: DeskEnv, ctx: FlowContext): Promise<Reply | undefined> {
  const text = ctx.msg.text;
  const lang = ctx.lang;
  const id = TICKET_ID.exec(text)?.[0]?.toUpperCase();
  if (id && CANCEL_TICKET.test(toSimplified(text))) {
    const ticket = await visible(env, ctx, id);
    if (!ticket || ticket.talent !== ctx.msg.user) return notFound(ctx, id);
    try {
      await env.service.cancel(ticket.id, actorOf(env, ctx));
      return reply(t(DESK_TEXTS.ticketCancelled, lang, { id: ticket.id }), lang);
    } catch (err) {
      if (err instanceof TicketError && err.code === "illegal_transition") return reply(t(DESK_TEXTS.cannotCancel, lang, { id: ticket.id, status: statusLabel(ticket.status, lang) }), lang);
      throw err;
    }
  }
  if (!id && CANCEL_TICKET_NO_ID.test(toSimplified(text))) {
    const open = await openTickets(env, ctx);
    if (open.length) return reply(t(DESK_TEXTS.whichCancel, lang, { ids: open.map((x) => x.id).join(", ") }), lang);
  }
  return undefined;
}
