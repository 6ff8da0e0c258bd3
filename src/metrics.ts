import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Notifier, TicketRepository } from "./tickets/ports.ts";
import { STATUSES } from "./tickets/ticket.ts";

/**
 * Prometheus metrics of one process, served on `/metrics`. One registry per `createMetrics()` call, so tests
 * (and two bots in one process) never share counters.
 */
export interface Metrics {
  registry: Registry;
  /** Messages and button presses taken from a channel. */
  messages: Counter<"channel">;
  /** Policy questions answered with citations. */
  answers: Counter<"channel">;
  /** Policy questions the corpus did not cover. */
  unanswered: Counter<"channel">;
  /** Messages refused by the per-user rate limit. */
  rateLimited: Counter<"channel">;
  /** Time from receiving a message to having the reply ready, by channel. */
  replySeconds: Histogram<"channel">;
  /** Notifications delivered / failed, by channel. */
  deliveries: Counter<"channel">;
  deliveryFailures: Counter<"channel">;
  deliverySeconds: Histogram<"channel">;
  /** Retried platform events (Slack `X-Slack-Retry-Num`, Telegram re-deliveries) that were skipped. */
  duplicates: Counter<"channel">;
  /** Index reloads, by outcome. */
  reloads: Counter<"outcome">;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: "concierge_" });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    messages: counter("concierge_messages_total", "Messages and button presses received, by channel.", ["channel"]),
    answers: counter("concierge_answers_total", "Policy questions answered with citations.", ["channel"]),
    unanswered: counter("concierge_unanswered_total", "Policy questions the indexed policies did not cover.", ["channel"]),
    rateLimited: counter("concierge_rate_limited_total", "Messages refused by the per-user rate limit.", ["channel"]),
    replySeconds: new Histogram({ name: "concierge_reply_seconds", help: "Time to build a reply, by channel.", labelNames: ["channel"], buckets: seconds, registers: [registry] }),
    deliveries: counter("concierge_deliveries_total", "Ticket notifications delivered, by channel.", ["channel"]),
    deliveryFailures: counter("concierge_delivery_failures_total", "Ticket notification deliveries that failed (retried with backoff), by channel.", ["channel"]),
    deliverySeconds: new Histogram({ name: "concierge_delivery_seconds", help: "Time to deliver one notification, by channel.", labelNames: ["channel"], buckets: seconds, registers: [registry] }),
    duplicates: counter("concierge_duplicate_events_total", "Platform retries of an event already handled, skipped.", ["channel"]),
    reloads: counter("concierge_index_reloads_total", "Knowledge index reloads, by outcome.", ["outcome"]),
  };
}

/**
 * `concierge_tickets{status}`: tickets per status, read from the store's status indexes at scrape time (at
 * most once per `cacheMs`, so a scraper cannot hammer the store).
 */
export function registerTicketGauge(metrics: Metrics, repo: TicketRepository, cacheMs = 15_000): void {
  let cached: { at: number; counts: Map<string, number> } | undefined;
  new Gauge({
    name: "concierge_tickets",
    help: "Tickets by status.",
    labelNames: ["status"],
    registers: [metrics.registry],
    async collect() {
      if (!cached || Date.now() - cached.at > cacheMs) {
        const counts = new Map<string, number>();
        for (const status of STATUSES) counts.set(status, (await repo.list({ status, limit: 100_000 })).length);
        cached = { at: Date.now(), counts };
      }
      for (const [status, n] of cached.counts) this.set({ status }, n);
    },
  });
}

/** Wraps a channel's notifier so deliveries, failures and their latency are counted. */
export function measuredNotifier(channel: string, inner: Notifier, metrics: Metrics): Notifier {
  return {
    async send(n) {
      const end = metrics.deliverySeconds.startTimer({ channel });
      try {
        await inner.send(n);
        metrics.deliveries.inc({ channel });
      } catch (err) {
        metrics.deliveryFailures.inc({ channel });
        throw err;
      } finally {
        end();
      }
    },
  };
}
