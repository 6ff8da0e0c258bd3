import type { types } from "@slack/bolt";
import { encodeModalMetadata, MODALS, type ModalMetadata } from "./action-ids.ts";
import { truncate } from "./mrkdwn.ts";

/**
 * The modals behind the Reply, Resolve and Reassign buttons. Each input sits in a block with a fixed id, so a
 * submission is read as `view.state.values[<block>].value`.
 */

export const INPUT = { reply: "text", resolve: "note", reassign: "target" } as const;
export const INPUT_ACTION = "value";

const title = (text: string): types.PlainTextElement => ({ type: "plain_text", text: truncate(text, 24) });

function context(ticket: { id: string; summary: string }): types.ContextBlock {
  return { type: "context", elements: [{ type: "plain_text", text: truncate(`${ticket.id} · ${ticket.summary}`, 2000) }] };
}

/** A reply to the talent (required, multi-line). */
export function replyModal(ticket: { id: string; summary: string }, meta: ModalMetadata): types.ModalView {
  return {
    type: "modal",
    callback_id: MODALS.reply,
    private_metadata: encodeModalMetadata(meta),
    title: title("回复 Reply"),
    submit: title("发送 Send"),
    close: title("取消 Cancel"),
    blocks: [
      context(ticket),
      {
        type: "input",
        block_id: INPUT.reply,
        label: { type: "plain_text", text: "给人才的回复 Your reply to the talent" },
        element: { type: "plain_text_input", action_id: INPUT_ACTION, multiline: true, max_length: 3000 },
      },
    ],
  };
}

/** Resolving: an optional note the talent sees with the rating request. */
export function resolveModal(ticket: { id: string; summary: string }, meta: ModalMetadata): types.ModalView {
  return {
    type: "modal",
    callback_id: MODALS.resolve,
    private_metadata: encodeModalMetadata(meta),
    title: title("办结 Resolve"),
    submit: title("办结 Resolve"),
    close: title("取消 Cancel"),
    blocks: [
      context(ticket),
      {
        type: "input",
        block_id: INPUT.resolve,
        optional: true,
        label: { type: "plain_text", text: "办结说明（可选）Resolution note (optional)" },
        element: { type: "plain_text_input", action_id: INPUT_ACTION, multiline: true, max_length: 3000 },
      },
    ],
  };
}

/** Passing the ticket to another commissioner of the roster. */
export function reassignModal(ticket: { id: string; summary: string }, targets: { id: string; name: string }[], meta: ModalMetadata): types.ModalView {
  return {
    type: "modal",
    callback_id: MODALS.reassign,
    private_metadata: encodeModalMetadata(meta),
    title: title("转交 Reassign"),
    submit: title("转交 Reassign"),
    close: title("取消 Cancel"),
    blocks: [
      context(ticket),
      {
        type: "input",
        block_id: INPUT.reassign,
        label: { type: "plain_text", text: "转交给 Pass to" },
        element: {
          type: "static_select",
          action_id: INPUT_ACTION,
          options: targets.slice(0, 100).map((c) => ({ text: { type: "plain_text" as const, text: truncate(c.name, 75) }, value: c.id })),
        },
      },
    ],
  };
}
