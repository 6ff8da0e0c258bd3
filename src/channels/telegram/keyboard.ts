import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Action } from "../../core/messages.ts";
import type { CallbackCodec } from "./callback-data.ts";

const ROW_WIDTH = 30; // display columns of one keyboard row on a phone, roughly
const MAX_PER_ROW = 5;

/** Display width: CJK and emoji count double. */
function width(label: string): number {
  let w = 0;
  for (const ch of label) w += /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * Engine or staff actions as an inline keyboard: runs of short labels share rows, balanced (five rating stars
 * as 3 + 2, Claim/Reply/Resolve/Reassign as 2 + 2), long ones (example questions) get a row each. Undefined when
 * there is nothing to press.
 */
export async function inlineKeyboard(actions: readonly Action[], codec: CallbackCodec): Promise<InlineKeyboardMarkup | undefined> {
  if (!actions.length) return undefined;
  const buttons: { button: InlineKeyboardButton; w: number }[] = [];
  for (const a of actions) {
    const data = await codec.encode({ id: a.id, ...(a.payload !== undefined ? { payload: a.payload } : {}) });
    buttons.push({ button: { text: a.label, callback_data: data }, w: width(a.label) + 4 });
  }
  const rows: InlineKeyboardButton[][] = [];
  let run: typeof buttons = [];
  const flush = () => {
    if (!run.length) return;
    const total = run.reduce((n, b) => n + b.w, 0);
    const count = Math.max(Math.ceil(total / ROW_WIDTH), Math.ceil(run.length / MAX_PER_ROW));
    const per = Math.ceil(run.length / count);
    for (let i = 0; i < run.length; i += per) rows.push(run.slice(i, i + per).map((b) => b.button));
    run = [];
  };
  for (const b of buttons) {
    if (b.w > ROW_WIDTH - 8) {
      flush();
      rows.push([b.button]);
    } else run.push(b);
  }
  flush();
  return { inline_keyboard: rows };
}

/** The label of the button carrying `data` on a message's keyboard (the engine records it as the talent's turn). */
export function labelOf(markup: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const b of row) if ("callback_data" in b && b.callback_data === data) return b.text;
  }
  return undefined;
}
