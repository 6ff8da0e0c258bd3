import type { webApi } from "@slack/bolt";
import type { Logger } from "../../logger.ts";
import { scrubError } from "../../text/scrub.ts";
import type { ChannelDeps } from "../channel.ts";
import type { TicketCards } from "./cards.ts";
import type { EventDeduper } from "../dedupe.ts";

/** What the Slack listeners share (built once by `createSlackChannel`). */
export interface SlackContext {
  deps: ChannelDeps;
  /** The bot's Web API client (bot token, `slackApiUrl` from the configuration). */
  client: webApi.WebClient;
  cards: TicketCards;
  events: EventDeduper;
  logger: Logger;
  /** The bot's own user id once `auth.test` told it (for stripping `<@BOT>` from mentions). */
  botUserId(): string | undefined;
}

/** The `channel:id` user of a Slack user id. */
export const slackUser = (id: string) => `slack:${id}`;

/**
 * A message only the user sees, in the channel where they acted (failures to send it are logged: the user
 * acted, the answer is a courtesy).
 */
export async function tellPrivately(ctx: SlackContext, where: { channel?: string | undefined; user: string; thread?: string | undefined }, text: string): Promise<void> {
  try {
    if (where.channel) await ctx.client.chat.postEphemeral({ channel: where.channel, user: where.user, text, ...(where.thread ? { thread_ts: where.thread } : {}) });
    else await ctx.client.chat.postMessage({ channel: where.user, text });
  } catch (err) {
    ctx.logger.warn({ err: scrubError(err) }, "could not send an ephemeral Slack message");
  }
}
