import { Composer, type Context } from "grammy";
import { t } from "../../core/i18n.ts";
import { labelOf } from "./keyboard.ts";
import { answerQuery, langOf, talk, userOf, type TelegramRuntime, type TgContext } from "./runtime.ts";
import { TG_TEXTS } from "./texts.ts";

/** `/start@my_bot x` → `/start x` (the engine reads commands without the bot's name). */
export function withoutBotName(text: string, username: string): string {
  return text.replace(/^(\/\w+)@(\w+)/, (whole, command: string, name: string) => (name.toLowerCase() === username.toLowerCase() ? command : whole));
}

const locale = (ctx: Context) => (ctx.from?.language_code ? { locale: ctx.from.language_code } : {});

/**
 * Talents in private chats: every text (commands such as /start, /help, /lang, /profile, /tickets, /ticket ID,
 * /cancel included: the engine understands them) and every talent button goes through the engine.
 */
export function talentFeature(rt: TelegramRuntime): Composer<TgContext> {
  const c = new Composer<TgContext>();
  const chat = c.chatType("private");

  chat.on("message:text", (ctx) =>
    talk(rt, ctx, { user: userOf(ctx), text: withoutBotName(ctx.message.text, ctx.me.username), ...locale(ctx), messageId: String(ctx.message.message_id) }),
  );

  chat.on("callback_query", async (ctx, next) => {
    const button = ctx.button;
    if (!button) return next();
    await answerQuery(ctx);
    const message = ctx.callbackQuery.message;
    const label = (message && "reply_markup" in message ? labelOf(message.reply_markup, ctx.callbackQuery.data ?? "") : undefined) ?? button.payload ?? button.id;
    await talk(rt, ctx, { user: userOf(ctx), text: label, action: button, ...locale(ctx) });
  });

  chat.on("message", (ctx) => ctx.reply(t(TG_TEXTS.textOnly, langOf(ctx))));
  return c;
}
