import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { converse } from "../../channel.ts";
import { decodeEngineValue, ENGINE_ACTION } from "../action-ids.ts";
import { slackUser, tellPrivately, type SlackContext } from "../context.ts";
import { replyMessage } from "../reply-blocks.ts";

const STALE = "这个按钮已失效，请重新发送您的问题。 This button no longer works — please send your message again.";

/**
 * A talent's button (an answer's "ask my commissioner", a draft's Confirm, rating stars): acknowledged at once,
 * then the engine gets the action and the reply goes into the button's thread. Buttons on an ephemeral message
 * are answered ephemerally (through `response_url`), so nothing private lands in a shared channel.
 */
export function registerEngineActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>(ENGINE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    await ctx.deps.inflight.track(
      (async () => {
        const where = { channel: body.channel?.id, user: body.user.id, thread: body.message?.thread_ts ?? body.message?.ts };
        const pressed = action.type === "button" ? decodeEngineValue(action.value) : undefined;
        if (!pressed) return tellPrivately(ctx, where, STALE);
        const reply = await converse(ctx.deps, "slack", { user: slackUser(body.user.id), text: action.text.text, action: pressed });
        const message = replyMessage(reply);
        if (!body.message || !body.channel || body.container?.is_ephemeral) {
          await respond({ response_type: "ephemeral", replace_original: false, ...message });
          return;
        }
        await ctx.client.chat.postMessage({ channel: body.channel.id, thread_ts: body.message.thread_ts ?? body.message.ts, ...message, unfurl_links: false });
      })(),
    );
  });
}
