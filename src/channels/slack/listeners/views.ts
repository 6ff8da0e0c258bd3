import type { App, ViewSubmitAction } from "@slack/bolt";
import type { StaffOutcome } from "../../../core/commissioner-desk.ts";
import { decodeModalMetadata, MODALS } from "../action-ids.ts";
import { slackUser, tellPrivately, type SlackContext } from "../context.ts";
import { INPUT, INPUT_ACTION } from "../modals.ts";

type Values = ViewSubmitAction["view"]["state"]["values"];

const EMPTY_REPLY = "请输入回复内容。 Please type your reply.";
const NO_TARGET = "请选择专员。 Choose a commissioner.";

const textOf = (values: Values, block: string) => values[block]?.[INPUT_ACTION]?.value?.trim() ?? "";
const selectedOf = (values: Values, block: string) => values[block]?.[INPUT_ACTION]?.selected_option?.value ?? "";

/**
 * Modal submissions (Reply, Resolve, Reassign). A missing input is answered inside the modal
 * (`response_action: errors`); otherwise the modal closes at once and the change is made after the ack. The
 * outcome (done, or why not: someone else resolved it meanwhile…) comes as an ephemeral message where the
 * button was, and the ticket's cards are refreshed.
 */
export function registerViews(app: App, ctx: SlackContext): void {
  const finish = async (body: ViewSubmitAction, run: (user: string, ticket: string) => Promise<StaffOutcome>) => {
    const meta = decodeModalMetadata(body.view.private_metadata);
    const where = { channel: meta?.channel, user: body.user.id };
    if (!meta) return tellPrivately(ctx, where, "Unknown ticket. 未知工单。");
    const outcome = await ctx.deps.inflight.track(run(slackUser(body.user.id), meta.ticket));
    await tellPrivately(ctx, where, outcome.message);
    if (outcome.ticket) await ctx.cards.refresh(outcome.ticket.id);
  };

  app.view<ViewSubmitAction>(MODALS.reply, async ({ ack, body, view }) => {
    const text = textOf(view.state.values, INPUT.reply);
    if (!text) return ack({ response_action: "errors", errors: { [INPUT.reply]: EMPTY_REPLY } });
    await ack();
    await finish(body, (user, ticket) => ctx.deps.core.replyToTicket(user, ticket, text));
  });

  app.view<ViewSubmitAction>(MODALS.resolve, async ({ ack, body, view }) => {
    const note = textOf(view.state.values, INPUT.resolve);
    await ack();
    await finish(body, (user, ticket) => ctx.deps.core.resolveTicket(user, ticket, note || undefined));
  });

  app.view<ViewSubmitAction>(MODALS.reassign, async ({ ack, body, view }) => {
    const target = selectedOf(view.state.values, INPUT.reassign);
    if (!target) return ack({ response_action: "errors", errors: { [INPUT.reassign]: NO_TARGET } });
    await ack();
    await finish(body, (user, ticket) => ctx.deps.core.reassignTicket(user, ticket, target));
  });
}
