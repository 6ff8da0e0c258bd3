import type { Context, MiddlewareFn } from "grammy";
import type Keyv from "keyv";
import type { Metrics } from "../../metrics.ts";

/**
 * Skips an update whose `update_id` was already taken (Telegram re-delivers a webhook update it thinks failed;
 * a restarted poller may fetch updates it had not confirmed). Ids are remembered in `kv` for `ttlMs` (default
 * one day, far longer than Telegram keeps retrying). An update is marked before it is handled: at most once.
 *
 * Install it after `sequentialize`, so two copies of one chat's update never pass the check together.
 */
export function dedupeUpdates(kv: Keyv<number>, metrics: Metrics, ttlMs = 86_400_000): MiddlewareFn<Context> {
  const taking = new Set<number>(); // copies arriving together outside any chat's sequence
  return async (ctx, next) => {
    const id = ctx.update.update_id;
    const duplicate = () => metrics.duplicates.inc({ channel: "telegram" });
    if (taking.has(id)) return duplicate();
    taking.add(id);
    try {
      if ((await kv.get(String(id))) !== undefined) return duplicate();
      await kv.set(String(id), Date.now(), ttlMs);
    } finally {
      taking.delete(id);
    }
    await next();
  };
}
