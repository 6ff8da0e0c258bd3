import type { Context, MiddlewareFn } from "grammy";
import type { Metrics } from "../../metrics.ts";
import type { EventDeduper } from "../dedupe.ts";

/**
 * Skips an update whose `update_id` was already taken. An update is marked before it is handled: at most once.
 * Install it after `sequentialize`, so two copies of one chat's update never pass the check together.
 */
export function dedupeUpdates(seen: EventDeduper, metrics: Metrics): MiddlewareFn<Context> {
  return async (ctx, next) => {
    if (!(await seen.take(String(ctx.update.update_id)))) return void metrics.duplicates.inc({ channel: "telegram" });
    await next();
  };
}
