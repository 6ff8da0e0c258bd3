import type { RequestListener } from "node:http";
import { textGroup } from "../core/catalogue.ts";
import type Keyv from "keyv";
import { t } from "../core/i18n.ts";
import type { IncomingMessage, Reply } from "../core/messages.ts";
import type { ChannelDependencies, LoadedIndex, Notifier } from "../core/ports.ts";
import type { Logger } from "../logger.ts";
import type { Metrics } from "../metrics.ts";

/**
 * What every platform adapter gets from the composition root: the application only as the narrow
 * `ChannelDependencies` (never the `App`, its repositories or services), plus the process's channel plumbing.
 */
export interface ChannelDeps {
  /** Everything a channel may ask of the application: messages, tickets, notifications, the index. */
  core: ChannelDependencies;
  metrics: Metrics;
  logger: Logger;
  limiter: RateLimiter;
  inflight: InFlight;
  /** A namespaced Keyv for the channel's own state (de-duplication keys, message references), closed with the app. */
  kv<T>(namespace: string): Keyv<T>;
}

/** A running platform adapter. */
export interface Channel {
  readonly name: "telegram" | "slack";
  /** Delivers ticket notifications to people on this platform (`telegram:…` / `slack:…`). */
  readonly notifier: Notifier;
  /** Webhook handlers to mount on the shared HTTP server, by exact path (empty for polling / Socket Mode). */
  readonly routes: Record<string, RequestListener>;
  /** Starts taking updates (long polling, Socket Mode; webhooks are registered with the platform). */
  start(): Promise<void>;
  /** Stops taking updates; work already taken is finished through `InFlight`. */
  stop(): Promise<void>;
}

const TEXTS = textGroup("channel", ["slowDown", "reloaded", "reloadFailed", "adminsOnly"]);

/**
 * One message through the engine, as every channel does it: rate limit, in-flight tracking (so shutdown can
 * wait for it), metrics. Returns the reply to render.
 */
export async function converse(deps: ChannelDeps, channel: string, msg: IncomingMessage): Promise<Reply> {
  deps.metrics.messages.inc({ channel });
  if (!deps.limiter.take(msg.user)) {
    deps.metrics.rateLimited.inc({ channel });
    const lang = msg.locale?.startsWith("zh") || /\p{Script=Han}/u.test(msg.text) ? "zh" : "en";
    return { text: t(TEXTS.slowDown, lang), lang, citations: [], actions: [] };
  }
  const end = deps.metrics.replySeconds.startTimer({ channel });
  try {
    const out = await deps.inflight.track(deps.core.handle(msg));
    if (out.intent === "question") (out.citations.length ? deps.metrics.answers : deps.metrics.unanswered).inc({ channel });
    return out;
  } finally {
    end();
  }
}

/**
 * Loads the index `kb ingest` published and swaps it in atomically (questions in flight finish on the old one),
 * counting and logging the outcome. Throws when the new index cannot be loaded; the old one keeps answering.
 */
export async function reloadKnowledge(deps: Pick<ChannelDeps, "core" | "metrics" | "logger">, by: string): Promise<LoadedIndex> {
  try {
    const index = await deps.core.reloadIndex();
    deps.metrics.reloads.inc({ outcome: "ok" });
    deps.logger.info({ by, documents: index.documents }, "knowledge index reloaded");
    return index;
  } catch (err) {
    deps.metrics.reloads.inc({ outcome: "failed" });
    deps.logger.error({ by, err }, "knowledge index reload failed; still answering from the previous index");
    throw err;
  }
}

/** `/reload` from a chat: admins only; the reply says what was loaded, or why not. */
export async function reloadIndex(deps: ChannelDeps, user: string, lang: "zh" | "en"): Promise<string> {
  if (!deps.core.isAdmin(user)) return t(TEXTS.adminsOnly, lang);
  try {
    const index = await reloadKnowledge(deps, user);
    return t(TEXTS.reloaded, lang, { docs: index.documents, chunks: await index.chunks() });
  } catch (err) {
    return t(TEXTS.reloadFailed, lang, { error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Per-user token bucket: `burst` messages at once, refilled at `perMinute`. In memory: a process restart forgets
 * it, which is fine for politeness limiting.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number = Math.max(3, Math.ceil(perMinute / 3)),
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; false when the user is over the limit. A limit of 0 disables limiting. */
  take(key: string): boolean {
    if (this.perMinute <= 0) return true;
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    if (this.buckets.size > 50_000) this.buckets.clear(); // bounded memory under a flood of new users
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Work in progress, so a graceful shutdown can wait for it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  track<T>(p: Promise<T>): Promise<T> {
    this.running.add(p);
    const done = () => this.running.delete(p);
    p.then(done, done);
    return p;
  }

  /** Resolves when everything tracked has settled, or after `timeoutMs`; true when all settled. */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
    return true;
  }
}

/** What `channelDeps` takes from the application (an `App` has both): its channel face and its Keyv namespaces. */
export interface ChannelHost {
  forChannels: ChannelDependencies;
  store<T>(namespace: string): Keyv<T>;
}

/**
 * The shared channel dependencies for an application (one per process). Only `host.forChannels` and its Keyv
 * namespaces reach the adapters; the rest of the application stays with the composition root.
 */
export function channelDeps(host: ChannelHost, options: { metrics: Metrics; logger: Logger; rateLimitPerMinute: number; inflight?: InFlight }): ChannelDeps {
  return {
    core: host.forChannels,
    metrics: options.metrics,
    logger: options.logger,
    limiter: new RateLimiter(options.rateLimitPerMinute),
    inflight: options.inflight ?? new InFlight(),
    kv: (ns) => host.store(ns),
  };
}
