import type { Api, Context } from "grammy";
import type Keyv from "keyv";
import { fromLocale } from "../../core/i18n.ts";
import type { IncomingMessage, Reply } from "../../core/messages.ts";
import type { Lang } from "../../text/normalize.ts";
import { converse, type ChannelDeps } from "../channel.ts";
import type { ButtonAction, CallbackCodec } from "./callback-data.ts";
import type { CardBoard } from "./card-board.ts";
import { renderReply } from "./format.ts";
import { inlineKeyboard } from "./keyboard.ts";

/** The decoded button of a callback query (set by the button decoder; absent on other updates). */
export interface ButtonFlavor {
  button?: ButtonAction;
}
export type TgContext = Context & ButtonFlavor;

/** What the features of the Telegram channel share. */
export interface TelegramRuntime {
  deps: ChannelDeps;
  codec: CallbackCodec;
  cards: CardBoard;
  /** Chat where a commissioner was asked to type a reply, by user (their next text there is the reply). */
  prompts: Keyv<number>;
  /** The commissioners' group, when configured. */
  commissionerChat?: number;
  /** How often the typing indicator is renewed while the engine works (Telegram shows it for ~5 s). */
  typingEveryMs: number;
}

/** `telegram:<from.id>`: who sent the update, whatever chat it came from. */
export function userOf(ctx: Context): string {
  if (!ctx.from) throw new Error("This update has no sender.");
  return `telegram:${ctx.from.id}`;
}

/** The language of the sender's Telegram app, for the channel's own texts (default simplified Chinese). */
export function langOf(ctx: Context): Lang {
  return fromLocale(ctx.from?.language_code) ?? "zh";
}

const answeredQueries = new WeakSet<Context>();

/** Answers the callback query of `ctx` once (the client's spinner stops); later calls are no-ops. */
export async function answerQuery(ctx: Context, text?: string, alert = false): Promise<void> {
  if (!ctx.callbackQuery || answeredQueries.has(ctx)) return;
  answeredQueries.add(ctx);
  await ctx.answerCallbackQuery({ ...(text ? { text: [...text].slice(0, 200).join("") } : {}), ...(alert ? { show_alert: true } : {}) });
}

export function isAnswered(ctx: Context): boolean {
  return answeredQueries.has(ctx);
}

/** Sends a reply as HTML messages within Telegram's length limit; the buttons go under the last one. */
export async function sendReply(api: Api, codec: CallbackCodec, chat: number, reply: Reply): Promise<void> {
  const chunks = renderReply(reply);
  const keyboard = await inlineKeyboard(reply.actions, codec);
  for (const [i, text] of chunks.entries()) {
    const last = i === chunks.length - 1;
    await api.sendMessage(chat, text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(last && keyboard ? { reply_markup: keyboard } : {}) });
  }
}

/**
 * One talent message or button through the engine (`converse`: rate limit, in-flight tracking, metrics) with
 * the typing indicator shown while it works, then the reply. The first typing action is sent before the reply,
 * never after it (an indicator after the answer would look like a second answer coming).
 */
export async function talk(rt: TelegramRuntime, ctx: Context, msg: IncomingMessage): Promise<void> {
  const chat = ctx.chat!.id;
  const typing = () => ctx.api.sendChatAction(chat, "typing").then(
    () => undefined,
    () => undefined, // the indicator is a nicety
  );
  const first = typing();
  const timer = setInterval(() => void typing(), rt.typingEveryMs);
  timer.unref();
  let reply: Reply;
  try {
    reply = await converse(rt.deps, "telegram", msg);
  } finally {
    clearInterval(timer);
  }
  await first;
  await sendReply(ctx.api, rt.codec, chat, reply);
}
