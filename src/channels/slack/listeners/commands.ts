import type { App, RespondArguments } from "@slack/bolt";
import { TICKET_ID } from "../../../core/intents/rules.ts";
import type { Ticket } from "../../../tickets/ticket.ts";
import { converse, reloadIndex } from "../../channel.ts";
import { cardMessage } from "../card-blocks.ts";
import { slackUser, type SlackContext } from "../context.ts";
import { escapeMrkdwn, slackDate, truncate } from "../mrkdwn.ts";
import { replyMessage, type SlackMessage } from "../reply-blocks.ts";

const LIST_LIMIT = 40;

/** A commissioner's open tickets, one line each, oldest deadline first. */
export function openTicketsMessage(tickets: Ticket[]): SlackMessage {
  if (!tickets.length) {
    const text = "暂无待办工单。 You have no open tickets.";
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const sorted = [...tickets].sort((a, b) => a.firstResponseDue.localeCompare(b.firstResponseDue));
  const lines = sorted.slice(0, LIST_LIMIT).map((t) => `• *${t.id}* · ${t.status} · ${t.category}${t.priority === "urgent" ? " · :rotating_light: urgent" : ""} — ${escapeMrkdwn(truncate(t.summary, 80))} · ${t.firstResponseAt ? "resolution due 办结时限" : "first response due 首次响应时限"} ${slackDate(t.firstResponseAt ? t.resolutionDue : t.firstResponseDue)}`);
  if (sorted.length > LIST_LIMIT) lines.push(`… +${sorted.length - LIST_LIMIT}`);
  const head = `*待办工单 Your open tickets (${tickets.length})*`;
  const blocks: SlackMessage["blocks"] = [{ type: "section", text: { type: "mrkdwn", text: head } }];
  for (let i = 0; i < lines.length; i += 10) blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(lines.slice(i, i + 10).join("\n"), 3000) } });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "`/tickets WT-…` 查看工单卡片 shows a ticket's card" }] });
  return { text: `${tickets.length} open tickets: ${sorted.map((t) => t.id).join(", ")}`, blocks };
}

const ephemeral = (m: SlackMessage): RespondArguments => ({ response_type: "ephemeral", ...m });

/**
 * Slash commands, acknowledged at once and answered ephemerally through `response_url`:
 * - `/tickets` — staff: their open tickets (`/tickets ID`: that ticket's card with its buttons); talents: their
 *   own tickets, as the engine's `/tickets` (`/tickets ID` → `/ticket ID`).
 * - `/reload` — admins: reload the knowledge index.
 */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command("/tickets", async ({ ack, command, respond }) => {
    await ack();
    const user = slackUser(command.user_id);
    const desk = ctx.deps.core;
    const id = TICKET_ID.exec(command.text)?.[0];
    await ctx.deps.inflight.track(
      (async () => {
        if (desk.isStaff(user)) {
          const ticket = id ? await desk.ticketFor(user, id) : undefined;
          if (id && !ticket) return respond({ response_type: "ephemeral", text: `未找到该工单。 There is no ticket ${id.toUpperCase()}.` });
          return respond(ephemeral(ticket ? cardMessage(desk.card(ticket)) : openTicketsMessage(await desk.openTicketsOf(user))));
        }
        const reply = await converse(ctx.deps, "slack", { user, text: id ? `/ticket ${id}` : "/tickets" });
        return respond(ephemeral(replyMessage(reply)));
      })(),
    );
  });

  app.command("/reload", async ({ ack, command, respond }) => {
    await ack();
    const lang = /\p{Script=Han}/u.test(command.text) || /\bzh\b/i.test(command.text) ? "zh" : "en";
    const text = await ctx.deps.inflight.track(reloadIndex(ctx.deps, slackUser(command.user_id), lang));
    await respond({ response_type: "ephemeral", text });
  });
}
