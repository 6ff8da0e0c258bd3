import { Composer } from "grammy";
import { t } from "../../core/i18n.ts";
import { answerQuery, langOf, type TelegramRuntime, type TgContext } from "./runtime.ts";
import { TG_TEXTS } from "./texts.ts";

/**
 * Decodes the button of every callback query into `ctx.button`. A forged, malformed or expired button is
 * answered "this button has expired" and goes no further: no engine call, no ticket change.
 */
export function buttonDecoder(rt: TelegramRuntime): Composer<TgContext> {
  const c = new Composer<TgContext>();
  c.on("callback_query", async (ctx, next) => {
    const button = await rt.codec.decode(ctx.callbackQuery.data);
    if (!button) return answerQuery(ctx, t(TG_TEXTS.expiredButton, langOf(ctx)), true);
    ctx.button = button;
    await next();
  });
  return c;
}

/** Must be installed last: a callback query nobody handled still gets an answer, so the spinner stops. */
export function unhandledButtons(): Composer<TgContext> {
  const c = new Composer<TgContext>();
  c.on("callback_query", (ctx) => answerQuery(ctx, t(TG_TEXTS.expiredButton, langOf(ctx)), true));
  return c;
}
