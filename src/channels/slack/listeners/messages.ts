import type { App } from "@slack/bolt";
import { converse } from "../../channel.ts";
import { slackUser, type SlackContext } from "../context.ts";
import { replyMessage } from "../reply-blocks.ts";

/** One talent message from Slack: where it came from and where the reply goes. */
interface TalentText {
  eventId: string;
  retryNum: number | undefined;
  user: string;
  text: string;
  channel: string;
  ts: string;
  /** The thread to answer in (the message's thread, or the message itself). */
  thread: string;
}

/** A Slack message through the engine, answered in its thread; an event id seen before is skipped. */
async function answer(ctx: SlackContext, m: TalentText): Promise<void> {
  if (!(await ctx.events.take(m.eventId))) {
    ctx.deps.metrics.duplicates.inc({ channel: "slack" });
    ctx.logger.info({ event: m.eventId, retry: m.retryNum }, "slack event already handled; skipped");
    return;
  }
  try {
    const reply = await converse(ctx.deps, "slack", { user: slackUser(m.user), text: m.text, messageId: `${m.channel}:${m.ts}` });
    await ctx.client.chat.postMessage({ channel: m.channel, thread_ts: m.thread, ...replyMessage(reply), unfurl_links: false });
  } catch (err) {
    await ctx.events.release(m.eventId).catch(() => undefined);
    throw err;
  }
}

/** Removes the bot's own mention (`<@UBOT>`, or the leading mention when the bot id is unknown). */
export function stripMention(text: string, botUserId: string | undefined): string {
  const own = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, "g") : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(own, " ").replace(/\s+/g, " ").trim();
}

/**
 * Talents write to the app in a DM (`message.im`) or mention it in a channel (`app_mention`). Bot messages,
 * edits, joins and other subtypes are ignored; the events are acknowledged by Bolt before the listener runs.
 */
export function registerMessages(app: App, ctx: SlackContext): void {
  app.event("message", async ({ event, body, context }) => {
    if (event.subtype !== undefined || event.channel_type !== "im" || event.bot_id || !event.user) return;
    await ctx.deps.inflight.track(
      answer(ctx, { eventId: body.event_id, retryNum: context.retryNum, user: event.user, text: event.text ?? "", channel: event.channel, ts: event.ts, thread: event.thread_ts ?? event.ts }),
    );
  });

  app.event("app_mention", async ({ event, body, context }) => {
    if (event.bot_id || !event.user || (event.subtype !== undefined && event.subtype !== "thread_broadcast")) return;
    const text = stripMention(event.text, ctx.botUserId());
    await ctx.deps.inflight.track(answer(ctx, { eventId: body.event_id, retryNum: context.retryNum, user: event.user, text, channel: event.channel, ts: event.ts, thread: event.thread_ts ?? event.ts }));
  });
}
