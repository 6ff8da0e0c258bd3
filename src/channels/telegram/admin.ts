import { Composer } from "grammy";
import { reloadIndex } from "../channel.ts";
import { escapeHtml } from "./format.ts";
import { langOf, userOf, type TelegramRuntime, type TgContext } from "./runtime.ts";

/** `/reload`: admins reload the knowledge index `kb ingest` published (everyone else is told it is for admins). */
export function adminFeature(rt: TelegramRuntime): Composer<TgContext> {
  const c = new Composer<TgContext>();
  c.command("reload", async (ctx) => {
    const text = await reloadIndex(rt.deps, userOf(ctx), langOf(ctx) === "en" ? "en" : "zh");
    await ctx.reply(escapeHtml(text), { parse_mode: "HTML" });
  });
  return c;
}
