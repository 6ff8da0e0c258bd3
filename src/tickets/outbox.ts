import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Logger } from "../logger.ts";
import { scrubError } from "../text/scrub.ts";
import type { Clock, Coordination, Notifier, TicketRepository } from "./ports.ts";
import { TicketError, type PendingNotification, type Ticket } from "./ticket.ts";

/** The logger methods the ticket workers use (a pino `Logger` fits). */
export type WorkerLogger = Pick<Logger, "debug" | "info" | "warn" | "error">;

export interface DispatcherOptions {
  repo: TicketRepository;
  notifier: Notifier;
  coordination: Coordination;
  clock?: Clock;
  /** Lease owner name; unique per process (default `host:pid:random`). */
  owner?: string;
  logger?: WorkerLogger;
  /** First retry delay after a failure (default 5 s); doubles on every further failure. */
  baseBackoffMs?: number;
  /** Longest retry delay (default 1 h). */
  maxBackoffMs?: number;
  /** How long one dispatcher may hold a ticket's notifications (default 60 s); renewed before every send. */
  leaseMs?: number;
  /** A send taking longer than this counts as failed (default: half the lease, at most 30 s). */
  sendTimeoutMs?: number;
  /** Tickets read from `repo.pendingOutbox` per run (default 200). */
  batchSize?: number;
  /** Random number in [0, 1) for the jitter (injectable for tests). */
  random?: () => number;
}

export interface DispatchResult {
  delivered: number;
  failed: number;
}

/**
 * Runs `task` every `intervalMs` (the next run starts `intervalMs` after the previous one ended, so runs never
 * overlap); `stop()` cancels the timer and waits for the run in flight.
 */
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private active = false;
  private current: Promise<void> | undefined;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  get running(): boolean {
    return this.active;
  }

  start(intervalMs: number): void {
    if (this.active) return;
    if (!(intervalMs > 0)) throw new Error(`The interval must be a positive number of milliseconds, not ${intervalMs}.`);
    this.active = true;
    const loop = (): void => {
      this.timer = undefined;
      if (!this.active) return;
      this.current = this.task()
        .then(
          () => undefined,
          (err: unknown) => this.onError(err),
        )
        .finally(() => {
          this.current = undefined;
          if (this.active) {
            this.timer = setTimeout(loop, intervalMs);
            this.timer.unref();
          }
        });
    };
    this.timer = setTimeout(loop, 0);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }
}

class Aborted {
  aborted = false;
}

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/**
 * Delivers the notifications waiting in the tickets' outboxes (the transactional outbox pattern: a notification
 * is written in the same record as the change that caused it, and sent afterwards).
 *
 * - A lease on `outbox:<ticketId>` makes sure two processes never send one ticket's notifications at once.
 * - A delivered notification is removed from the outbox (the history is not touched).
 * - A failed one stays, with `attempts + 1`, `lastError` (message only, credentials scrubbed) and `notBefore`
 *   pushed back exponentially with jitter, up to `maxBackoffMs`. Nothing is ever dropped.
 * - Per recipient, notifications go out in the order they were queued: after a failure (or while one is backing
 *   off) the later ones to the same person wait for it.
 *
 * Delivery is at least once (a crash after a send and before the outbox update sends again): wrap the notifier
 * in a `DedupingNotifier` so the person still receives it once.
 */
export class Dispatcher {
  private readonly clock: Clock;
  private readonly owner: string;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly leaseMs: number;
  private readonly sendTimeoutMs: number;
  private readonly batchSize: number;
  private readonly random: () => number;
  private readonly loop: Periodic;
  private inFlight: { promise: Promise<DispatchResult>; abort: Aborted } | undefined;

  constructor(private readonly o: DispatcherOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.owner = o.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.baseBackoffMs = o.baseBackoffMs ?? 5_000;
    this.maxBackoffMs = o.maxBackoffMs ?? 3_600_000;
    this.leaseMs = o.leaseMs ?? 60_000;
    this.sendTimeoutMs = o.sendTimeoutMs ?? Math.min(30_000, Math.max(1, Math.floor(this.leaseMs / 2)));
    this.batchSize = o.batchSize ?? 200;
    this.random = o.random ?? Math.random;
    this.loop = new Periodic(
      () => this.runOnce(),
      (err) => this.o.logger?.error({ err: scrubError(err) }, "the notification dispatcher failed a run"),
    );
  }

  /**
   * One pass over the tickets with undelivered notifications. Calls made while a pass is running share it.
   */
  runOnce(): Promise<DispatchResult> {
    if (this.inFlight) return this.inFlight.promise;
    const abort = new Aborted();
    const promise = this.pass(abort).finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = { promise, abort };
    return promise;
  }

  /** Runs passes until nothing due is left (or `maxRounds` passes); returns the totals. */
  async flush(maxRounds = 20): Promise<DispatchResult> {
    const total: DispatchResult = { delivered: 0, failed: 0 };
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.runOnce();
      total.delivered += r.delivered;
      total.failed += r.failed;
      if (r.delivered + r.failed === 0) break;
    }
    return total;
  }

  /** Runs a pass every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  /** Stops the timer; the pass in flight finishes the ticket it is on and ends. Resolves when it has. */
  async stop(): Promise<void> {
    const current = this.inFlight;
    if (current) current.abort.aborted = true;
    await this.loop.stop();
    await current?.promise.catch(() => undefined);
  }

  /** Delay before the next attempt after `attempts` failures: exponential, with "equal jitter", capped. */
  backoffMs(attempts: number): number {
    const exp = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
    return Math.min(this.maxBackoffMs, Math.round(exp / 2 + (this.random() * exp) / 2));
  }

  private async pass(abort: Aborted): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: 0, failed: 0 };
    const ids = await this.o.repo.pendingOutbox(this.batchSize);
    for (const id of ids) {
      if (abort.aborted) break;
      try {
        await this.ticket(id, result);
      } catch (err) {
        this.o.logger?.error({ ticket: id, err: scrubError(err) }, "could not process the ticket's outbox");
      }
    }
    if (result.delivered || result.failed) this.o.logger?.debug({ ...result }, "notification dispatch pass");
    return result;
  }

  private due(n: PendingNotification, now: Date): boolean {
    const at = Date.parse(n.notBefore);
    return Number.isNaN(at) || at <= now.getTime();
  }

  private async ticket(id: string, result: DispatchResult): Promise<void> {
    const { repo, coordination, notifier, logger } = this.o;
    const key = `outbox:${id}`;
    if (!(await coordination.lease(key, this.owner, this.leaseMs))) return;
    try {
      // Read only once the lease is held, so what another dispatcher just delivered is not sent again.
      const ticket = await repo.get(id);
      if (!ticket) return;
      const blocked = new Set<string>();
      for (const n of ticket.outbox) {
        if (blocked.has(n.to)) continue;
        if (!this.due(n, this.clock())) {
          blocked.add(n.to);
          continue;
        }
        // Renew the lease before every send; if it was lost (expired and taken), leave the rest to its holder.
        if (!(await coordination.lease(key, this.owner, this.leaseMs))) return;
        try {
          await timeout(notifier.send({ ...n, ticketId: id }), this.sendTimeoutMs, `sending ${n.kind} ${n.id}`);
        } catch (err) {
          blocked.add(n.to);
          result.failed++;
          await this.failed(ticket, n, err);
          continue;
        }
        result.delivered++;
        await this.update(id, (t) => (t.outbox.some((x) => x.id === n.id) ? { ...t, outbox: t.outbox.filter((x) => x.id !== n.id) } : t));
        logger?.info({ ticket: id, notification: n.id, kind: n.kind, to: n.to, attempts: n.attempts + 1 }, "notification delivered");
      }
    } finally {
      await coordination.release(key, this.owner).catch(() => undefined);
    }
  }

  /** `repo.update`, tried again a few times when the ticket is busy (a lost update means a re-send later). */
  private async update(id: string, change: (t: Ticket) => Ticket): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.o.repo.update(id, change);
        return;
      } catch (err) {
        if (attempt >= 3 || !(err instanceof TicketError && err.code === "conflict")) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt * (0.5 + this.random())));
      }
    }
  }

  private async failed(ticket: Ticket, n: PendingNotification, err: unknown): Promise<void> {
    const attempts = n.attempts + 1;
    const delay = this.backoffMs(attempts);
    const notBefore = new Date(this.clock().getTime() + delay).toISOString();
    const lastError = scrubError(err);
    await this.update(ticket.id, (t) => ({
      ...t,
      outbox: t.outbox.map((x) => (x.id === n.id ? { ...x, attempts: Math.max(x.attempts, n.attempts) + 1, notBefore, lastError } : x)),
    }));
    this.o.logger?.warn({ ticket: ticket.id, notification: n.id, kind: n.kind, to: n.to, attempts, retryInMs: delay, err: lastError }, "notification not delivered; will retry");
  }
}
