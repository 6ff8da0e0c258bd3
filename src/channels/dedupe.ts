import type Keyv from "keyv";

/**
 * Remembers the platform event ids taken — Slack's `event_id` (re-sent with `X-Slack-Retry-Num` after a slow or
 * failed response), Telegram's `update_id` (re-delivered webhook updates, updates a restarted poller had not
 * confirmed) — so each is handled once. Ids live in Keyv for `ttlMs` (default a day; Slack retries within about
 * an hour), so processes sharing the store share them. Two copies arriving at the same moment in one process are
 * caught in memory; across processes the check-then-set leaves a window of a few milliseconds.
 */
export class EventDeduper {
  private readonly taking = new Set<string>();

  constructor(
    private readonly kv: Keyv<number>,
    private readonly ttlMs = 86_400_000,
  ) {}

  /** True when `eventId` is new; it then counts as taken. */
  async take(eventId: string): Promise<boolean> {
    if (this.taking.has(eventId)) return false;
    this.taking.add(eventId);
    try {
      if ((await this.kv.get(eventId)) !== undefined) return false;
      await this.kv.set(eventId, Date.now(), this.ttlMs);
      return true;
    } finally {
      this.taking.delete(eventId);
    }
  }

  /** Forgets `eventId` after its handling failed, so Slack's retry is handled. */
  async release(eventId: string): Promise<void> {
    await this.kv.delete(eventId);
  }
}
