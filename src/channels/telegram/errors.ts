import { GrammyError, type ErrorHandler } from "grammy";
import { t } from "../../core/i18n.ts";
import { scrubError } from "../../text/scrub.ts";
import { answerQuery, isAnswered, langOf, type TelegramRuntime, type TgContext } from "./runtime.ts";
import { TG_TEXTS } from "./texts.ts";

/**
 * The channel's one error boundary (polling and webhooks alike): logs the failure without message text or
 * tokens, tells the person something went wrong (answers their button, or replies in a private chat), and
 * rethrows nothing.
 */
export function errorHandler(rt: TelegramRuntime): ErrorHandler<TgContext> {
  return async (err) => {
    const ctx = err.ctx;
    const e = err.error;
    rt.deps.logger.error(
      { update: ctx.update.update_id, chatType: ctx.chat?.type, err: scrubError(e), ...(e instanceof GrammyError ? { method: e.method, code: e.error_code } : {}) },
      "telegram update failed",
    );
    const text = t(TG_TEXTS.failure, langOf(ctx));
    try {
      if (ctx.callbackQuery && !isAnswered(ctx)) await answerQuery(ctx, text, true);
      else if (ctx.chat?.type === "private") await ctx.reply(text);
    } catch (again) {
      rt.deps.logger.warn({ update: ctx.update.update_id, err: scrubError(again) }, "could not tell the user about a failure");
    }
  };
}
