import type { App, CodedError } from "@slack/bolt";
import { scrubError } from "../../text/scrub.ts";
import { tellPrivately, type SlackContext } from "./context.ts";

const FAILED = "抱歉，处理时出了问题，请稍后再试。 Sorry, something went wrong — please try again in a moment.";

interface Body {
  type?: string;
  event_id?: string;
  event?: { type?: string; channel?: string; user?: string; thread_ts?: string; ts?: string };
  user?: { id?: string } | string;
  user_id?: string;
  channel?: { id?: string };
  channel_id?: string;
  command?: string;
}

/** Who to tell and where, from any Slack payload (event, interaction, slash command). */
function whereOf(body: Body): { channel?: string | undefined; user: string; thread?: string | undefined } | undefined {
  if (body.event?.user) return { channel: body.event.channel, user: body.event.user, thread: body.event.thread_ts ?? body.event.ts };
  const user = typeof body.user === "object" ? body.user.id : (body.user_id ?? undefined);
  if (!user) return undefined;
  return { channel: body.channel?.id ?? body.channel_id, user };
}

/**
 * The Slack channel's one error boundary (`app.error`, same for HTTP and Socket Mode): logs what failed (payload
 * type, event id, scrubbed error — never the message text), tells the user privately that it failed, and returns
 * normally so the transport has nothing more to do (events and interactions were acknowledged already).
 */
export function installErrorBoundary(app: App, ctx: SlackContext): void {
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    const b = (body ?? {}) as Body;
    const original = (error as { original?: unknown }).original ?? error;
    ctx.logger.error({ err: scrubError(original), code: error.code, type: b.type, event: b.event?.type, eventId: b.event_id, command: b.command }, "a Slack listener failed");
    const where = whereOf(b);
    if (where) await tellPrivately(ctx, where, FAILED);
  });
}
