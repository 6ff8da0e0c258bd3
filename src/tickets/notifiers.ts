import type Keyv from "keyv";
import { scrubError } from "../text/scrub.ts";
import type { WorkerLogger } from "./outbox.ts";
import type { Notifier, OutgoingNotification } from "./ports.ts";
import type { PendingNotification } from "./ticket.ts";

const DAY = 86_400_000;

/**
 * Receiving-side de-duplication: a notification whose id was already delivered is skipped. Delivered ids are
 * remembered in `kv` for `ttlMs` (default 7 days), so a dispatcher that crashed after sending and before
 * updating the outbox does not send the same thing to the person twice when it runs again.
 *
 * Concurrent sends of one id within this process are collapsed into one. Across processes the dispatcher's
 * per-ticket lease keeps two sends of one id from overlapping.
 */
export class DedupingNotifier implements Notifier {
  private readonly ttlMs: number;
  private readonly logger: WorkerLogger | undefined;
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly inner: Notifier,
    private readonly kv: Keyv,
    options: { ttlMs?: number; logger?: WorkerLogger } = {},
  ) {
    this.ttlMs = options.ttlMs ?? 7 * DAY;
    this.logger = options.logger;
  }

  send(n: OutgoingNotification): Promise<void> {
    const running = this.pending.get(n.id);
    if (running) return running;
    const p = this.deliver(n).finally(() => this.pending.delete(n.id));
    this.pending.set(n.id, p);
    return p;
  }

  /** Whether the notification `id` was delivered (within the TTL). */
  async delivered(id: string): Promise<boolean> {
    return (await this.kv.get(id)) !== undefined;
  }

  private async deliver(n: OutgoingNotification): Promise<void> {
    // A failing lookup throws: the dispatcher retries later rather than risk a duplicate or drop anything.
    if (await this.delivered(n.id)) {
      this.logger?.info({ ticket: n.ticketId, notification: n.id, kind: n.kind, to: n.to }, "notification already delivered; not sending it again");
      return;
    }
    await this.inner.send(n);
    try {
      await this.kv.set(n.id, new Date().toISOString(), this.ttlMs);
    } catch (err) {
      // It was sent: failing here would make the dispatcher send it again.
      this.logger?.warn({ ticket: n.ticketId, notification: n.id, err: scrubError(err) }, "could not record a delivered notification");
    }
  }
}

/** Thrown for a notification to a channel no notifier is configured for. */
export class ChannelNotConfiguredError extends Error {
  readonly code = "channel_not_configured";
  constructor(
    readonly channel: string,
    readonly to: string,
    configured: string[],
  ) {
    super(
      channel
        ? `No notifier is configured for the "${channel}" channel, so ${to} cannot be notified (configured: ${configured.join(", ") || "none"}). Set up that channel or list another channel first for this person in the roster.`
        : `"${to}" is not a channel:id recipient (e.g. telegram:123456, slack:U024BE7LH, console:li-wei).`,
    );
    this.name = "ChannelNotConfiguredError";
  }
}

/** Sends each notification through the notifier of its recipient's channel (`telegram:…` → `telegram`). */
export class RoutingNotifier implements Notifier {
  constructor(private readonly routes: { telegram?: Notifier; slack?: Notifier; console?: Notifier; [channel: string]: Notifier | undefined }) {}

  /** Routes `channel` to `notifier` from now on (a channel that starts after the application was built). */
  set(channel: string, notifier: Notifier): void {
    this.routes[channel] = notifier;
  }

  /** Channels with a notifier. */
  channels(): string[] {
    return Object.entries(this.routes)
      .filter(([, n]) => n)
      .map(([c]) => c);
  }

  /** Whether `to` (`channel:id`) can be reached. */
  reaches(to: string): boolean {
    const i = to.indexOf(":");
    return i > 0 && !!this.routes[to.slice(0, i)];
  }

  async send(n: OutgoingNotification): Promise<void> {
    const i = n.to.indexOf(":");
    const channel = i > 0 ? n.to.slice(0, i) : "";
    const target = channel ? this.routes[channel] : undefined;
    if (!target) throw new ChannelNotConfiguredError(channel, n.to, this.channels());
    await target.send(n);
  }
}

/** One message waiting in a console user's inbox. */
export interface InboxItem {
  id: string;
  text: string;
  actions?: PendingNotification["actions"];
  /** When the event happened (the notification's `createdAt`). */
  at: string;
  ticketId: string;
  kind: PendingNotification["kind"];
}

/**
 * Delivery for the console channel: appends the notification to the recipient's inbox (key = user, e.g.
 * `console:li-wei`; de-duplicated by id). The console chat calls `take(user)` at the user's next message and
 * shows what it returns. Read-modify-writes of one inbox are serialised within this process (the console chat
 * is a single process).
 */
export class InboxNotifier implements Notifier {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly kv: Keyv,
    private readonly options: { ttlMs?: number } = {},
  ) {}

  private serial<T>(user: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.chains.get(user) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    this.chains.set(user, tail);
    void tail.then(() => {
      if (this.chains.get(user) === tail) this.chains.delete(user);
    });
    return run;
  }

  async send(n: OutgoingNotification): Promise<void> {
    await this.serial(n.to, async () => {
      const items = ((await this.kv.get(n.to)) as InboxItem[] | undefined) ?? [];
      if (items.some((x) => x.id === n.id)) return;
      const item: InboxItem = { id: n.id, text: n.text, ...(n.actions ? { actions: n.actions } : {}), at: n.createdAt, ticketId: n.ticketId, kind: n.kind };
      await this.kv.set(n.to, [...items, item], this.options.ttlMs ?? 30 * DAY);
    });
  }

  /** The user's waiting messages, oldest first, and clears them. */
  take(user: string): Promise<InboxItem[]> {
    return this.serial(user, async () => {
      const items = ((await this.kv.get(user)) as InboxItem[] | undefined) ?? [];
      if (items.length) await this.kv.delete(user);
      return items;
    });
  }

  /** The user's waiting messages without clearing them. */
  async peek(user: string): Promise<InboxItem[]> {
    return ((await this.kv.get(user)) as InboxItem[] | undefined) ?? [];
  }
}

/**
 * For channels without an adapter yet: logs that a notification would have gone out (kind, ticket, recipient),
 * never its text, which may quote a talent's message.
 */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: WorkerLogger) {}

  async send(n: OutgoingNotification): Promise<void> {
    this.logger.info({ ticket: n.ticketId, notification: n.id, kind: n.kind, to: n.to }, "notification (no adapter for this channel: logged, not sent)");
  }
}
