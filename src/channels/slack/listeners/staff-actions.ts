import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { statusLabel } from "../../../core/ticket-texts.ts";
import { isOpen, type Ticket } from "../../../tickets/ticket.ts";
import { parseStaffActionId, STAFF_ACTION } from "../action-ids.ts";
import { slackUser, tellPrivately, type SlackContext } from "../context.ts";
import { reassignModal, replyModal, resolveModal } from "../modals.ts";

const NO_TARGETS = "名册中没有其他可转交的专员。 There is nobody else in the roster to pass this ticket to.";

/**
 * The checks the desk makes before changing a ticket, for the buttons that first open a modal:
 * staff only, a ticket the user may see, still open. Returns the ticket or the message to show instead.
 */
async function openTicketFor(ctx: SlackContext, user: string, id: string): Promise<Ticket | string> {
  const desk = ctx.deps.core;
  if (!desk.isStaff(user)) return "只有服务专员可以操作。 Only service commissioners and admins can do this.";
  const ticket = await desk.ticketFor(user, id);
  if (!ticket) return `未找到该工单。 There is no ticket ${id}.`;
  if (!isOpen(ticket)) return `工单已${statusLabel(ticket.status, "zh")}。 ${ticket.id} is already ${statusLabel(ticket.status, "en")}.`;
  return ticket;
}

/**
 * Ticket card buttons. Each is acknowledged at once. Claim acts directly; Reply, Resolve and Reassign open a
 * modal with the `trigger_id` (valid for about three seconds) right after the permission check, before anything
 * slow. Refusals (a talent pressing a staff button, a forged or stale ticket id) are ephemeral and change nothing;
 * after a refusal about an existing ticket its cards are refreshed, so stale buttons disappear.
 */
export function registerStaffActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(STAFF_ACTION, async ({ ack, body, action }) => {
    await ack();
    const desk = ctx.deps.core;
    const user = slackUser(body.user.id);
    const where = { channel: body.channel?.id, user: body.user.id, thread: body.message?.thread_ts };
    const id = parseStaffActionId(action.action_id);
    const payload = action.type === "button" ? (action.value ?? "") : "";
    if (!id) return tellPrivately(ctx, where, "Unknown action. 未知操作。");

    if (id === "claim") {
      const outcome = await ctx.deps.inflight.track(desk.claimTicket(user, payload));
      if (outcome.ok) await ctx.cards.refresh(outcome.ticket.id);
      else {
        await tellPrivately(ctx, where, outcome.message);
        if (outcome.ticket && desk.isStaff(user)) await ctx.cards.refresh(outcome.ticket.id);
      }
      return;
    }

    const ticket = await openTicketFor(ctx, user, payload);
    if (typeof ticket === "string") return tellPrivately(ctx, where, ticket);
    const meta = { ticket: ticket.id, ...(body.channel?.id ? { channel: body.channel.id } : {}) };
    let view;
    if (id === "reply") view = replyModal(ticket, meta);
    else if (id === "resolve") view = resolveModal(ticket, meta);
    else {
      const targets = desk.reassignTargets(ticket);
      if (!targets.length) return tellPrivately(ctx, where, NO_TARGETS);
      view = reassignModal(ticket, targets, meta);
    }
    await ctx.client.views.open({ trigger_id: body.trigger_id, view });
  });
}
