import { randomUUID } from "node:crypto";
import os from "node:os";
import type Keyv from "keyv";
import { createSchema, globEscape, redisDeleteMatching, sleep, type RedisConnection, type SqlConnection, type StoreConnection } from "./coordination.ts";
import type { Coordination, TicketQuery, TicketRepository } from "./ports.ts";
import { TicketError, type Ticket, type TicketStatus } from "./ticket.ts";

/** One membership of a secondary index: `idx` is `all`, `talent:…`, `commissioner:…`, `status:…` or `outbox`. */
export interface IndexEntry {
  idx: string;
  member: string;
  /** The ticket's `createdAt` (newest-first order). */
  sort: string;
}

/**
 * Secondary indexes and id sequences on the store's own primitives: one row / set member per membership, never
 * a list in one value, so concurrent writers never lose each other's entries.
 */
export interface TicketIndex {
  /** Atomically increments the named counter and returns the new value (1 for a new counter). */
  next(counter: string): Promise<number>;
  add(entries: readonly IndexEntry[]): Promise<void>;
  remove(entries: readonly Omit<IndexEntry, "sort">[]): Promise<void>;
  /** Members of the union of `idxs`, newest (or oldest) first by `sort` then id, `count` from `offset`. */
  page(idxs: readonly string[], offset: number, count: number, order: "newest" | "oldest"): Promise<string[]>;
  /** Drops every index entry and counter of this namespace. */
  clear(): Promise<void>;
}

/** The index memberships a ticket should have. */
export function memberships(t: Ticket): string[] {
  return ["all", `talent:${t.talent}`, `commissioner:${t.commissioner}`, `status:${t.status}`, ...(t.outbox.length > 0 ? ["outbox"] : [])];
}

/**
 * SQLite / PostgreSQL: `ticket_index(idx, member, sort)` with primary key (idx, member) plus an (idx, sort, member)
 * index for ordered pages, and `ticket_seq(name, n)` bumped by `INSERT … ON CONFLICT DO UPDATE SET n = n + 1
 * RETURNING n` (one atomic statement on both). Index names are prefixed with the namespace.
 */
export class SqlTicketIndex implements TicketIndex {
  private constructor(
    private readonly conn: SqlConnection,
    private readonly namespace: string,
  ) {}

  static async open(conn: SqlConnection, namespace: string): Promise<SqlTicketIndex> {
    // Byte order for ids and ISO timestamps whatever the database's default collation.
    const text = conn.dialect === "postgres" ? `TEXT COLLATE "C"` : "TEXT";
    await createSchema(conn, [
      `CREATE TABLE IF NOT EXISTS ticket_seq (name ${text} PRIMARY KEY, n BIGINT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ticket_index (idx ${text} NOT NULL, member ${text} NOT NULL, sort ${text} NOT NULL, PRIMARY KEY (idx, member))`,
      `CREATE INDEX IF NOT EXISTS ticket_index_order ON ticket_index (idx, sort, member)`,
    ]);
    return new SqlTicketIndex(conn, namespace);
  }

  private idx(name: string): string {
    return `${this.namespace}/${name}`;
  }

  async next(counter: string): Promise<number> {
    const rows = await this.conn.query<{ n: number | string }>(
      "INSERT INTO ticket_seq (name, n) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET n = ticket_seq.n + 1 RETURNING n",
      [this.idx(counter)],
    );
    const n = Number(rows[0]?.n);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`The ticket sequence ${counter} returned ${String(rows[0]?.n)}.`);
    return n;
  }

  async add(entries: readonly IndexEntry[]): Promise<void> {
    if (!entries.length) return;
    await this.conn.query(
      `INSERT INTO ticket_index (idx, member, sort) VALUES ${entries.map(() => "(?, ?, ?)").join(", ")}
       ON CONFLICT (idx, member) DO UPDATE SET sort = excluded.sort`,
      entries.flatMap((e) => [this.idx(e.idx), e.member, e.sort]),
    );
  }

  async remove(entries: readonly Omit<IndexEntry, "sort">[]): Promise<void> {
    if (!entries.length) return;
    await this.conn.query(
      `DELETE FROM ticket_index WHERE ${entries.map(() => "(idx = ? AND member = ?)").join(" OR ")}`,
      entries.flatMap((e) => [this.idx(e.idx), e.member]),
    );
  }

  async page(idxs: readonly string[], offset: number, count: number, order: "newest" | "oldest"): Promise<string[]> {
    if (!idxs.length || count <= 0) return [];
    const dir = order === "newest" ? "DESC" : "ASC";
    const names = idxs.map((i) => this.idx(i));
    const sql =
      names.length === 1
        ? `SELECT member FROM ticket_index WHERE idx = ? ORDER BY sort ${dir}, member ${dir} LIMIT ? OFFSET ?`
        : `SELECT member, MAX(sort) AS s FROM ticket_index WHERE idx IN (${names.map(() => "?").join(", ")})
           GROUP BY member ORDER BY s ${dir}, member ${dir} LIMIT ? OFFSET ?`;
    const rows = await this.conn.query<{ member: string }>(sql, [...names, count, offset]);
    return rows.map((r) => r.member);
  }

  async clear(): Promise<void> {
    const p = `${this.namespace}/`;
    await this.conn.query("DELETE FROM ticket_index WHERE substr(idx, 1, ?) = ?", [p.length, p]);
    await this.conn.query("DELETE FROM ticket_seq WHERE substr(name, 1, ?) = ?", [p.length, p]);
  }
}

/**
 * Redis: one sorted set per index (`<ns>:idx:<name>`, score = creation time in ms, member = ticket id), so a
 * page of newest tickets is `ZRANGE … REV LIMIT` rather than every member; counters are `INCR <ns>:seq:<name>`.
 */
export class RedisTicketIndex implements TicketIndex {
  constructor(
    private readonly conn: RedisConnection,
    private readonly namespace: string,
  ) {}

  private key(name: string): string {
    return `${this.namespace}:idx:${name}`;
  }

  async next(counter: string): Promise<number> {
    return Number(await this.conn.command(["INCR", `${this.namespace}:seq:${counter}`]));
  }

  async add(entries: readonly IndexEntry[]): Promise<void> {
    await Promise.all(entries.map((e) => this.conn.command(["ZADD", this.key(e.idx), String(score(e.sort)), e.member])));
  }

  async remove(entries: readonly Omit<IndexEntry, "sort">[]): Promise<void> {
    await Promise.all(entries.map((e) => this.conn.command(["ZREM", this.key(e.idx), e.member])));
  }

  async page(idxs: readonly string[], offset: number, count: number, order: "newest" | "oldest"): Promise<string[]> {
    if (!idxs.length || count <= 0) return [];
    const rev = order === "newest" ? ["REV"] : [];
    if (idxs.length === 1) {
      return this.conn.command<string[]>(["ZRANGE", this.key(idxs[0]!), String(offset), String(offset + count - 1), ...rev]);
    }
    // Union of a few sets (several statuses): the first offset+count of each, merged.
    const lists = await Promise.all(
      idxs.map((i) => this.conn.command<string[]>(["ZRANGE", this.key(i), "0", String(offset + count - 1), ...rev, "WITHSCORES"])),
    );
    const best = new Map<string, number>();
    for (const flat of lists) {
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const member = flat[i]!;
        const s = Number(flat[i + 1]);
        best.set(member, Math.max(best.get(member) ?? -Infinity, s));
      }
    }
    const sign = order === "newest" ? -1 : 1;
    return [...best]
      .sort(([a, sa], [b, sb]) => sign * (sa - sb || (a < b ? -1 : a > b ? 1 : 0)))
      .slice(offset, offset + count)
      .map(([m]) => m);
  }

  async clear(): Promise<void> {
    const ns = globEscape(this.namespace);
    await redisDeleteMatching(this.conn, `${ns}:idx:*`);
    await redisDeleteMatching(this.conn, `${ns}:seq:*`);
  }
}

function score(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

export function ticketIndex(conn: StoreConnection, namespace: string): Promise<TicketIndex> {
  return conn.kind === "redis" ? Promise.resolve(new RedisTicketIndex(conn, namespace)) : SqlTicketIndex.open(conn, namespace);
}

export interface KeyvTicketRepositoryOptions {
  /** Id prefix (`WT` → `WT-2026-000001`). */
  prefix?: string;
  /** How long a per-ticket lock lasts if its holder dies (ms). Default 30 s. */
  lockTtlMs?: number;
  /** How long `create` / `update` wait for another process's lock before `TicketError("conflict")` (ms). Default 15 s. */
  lockWaitMs?: number;
}

const newestFirst = (a: Ticket, b: Ticket) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

/**
 * Tickets in a Keyv namespace (SQLite, Redis or PostgreSQL), shared by every process using the same store.
 *
 * - Ids: `PREFIX-YYYY-NNNNNN` from a per-prefix, per-year atomic counter (`TicketIndex.next`), so numbering
 *   restarts at 000001 each UTC year; past 999999 the number simply gets a seventh digit.
 * - Indexes: one membership per row / set member (`TicketIndex`). A write adds the new memberships, then writes the
 *   ticket, then removes the old ones, so a crash leaves extra memberships, never missing ones. The ticket record
 *   is the truth: `list` re-checks every candidate and removes memberships that no longer hold (under the lock).
 * - Concurrency: `create`, `update` and index repair hold the ticket's lock — a `Coordination.lease` on
 *   `ticket-lock:<id>`, retried with backoff — and calls within one process queue up locally first. If a `change`
 *   runs longer than half the lock's ttl, the lease is renewed and the version re-read before writing; if either
 *   fails the update throws `TicketError("conflict")` rather than overwrite.
 */
export class KeyvTicketRepository implements TicketRepository {
  private readonly prefix: string;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private closed = false;

  constructor(
    private readonly kv: Keyv<Ticket>,
    /** The secondary indexes (exposed for maintenance and tests). */
    readonly index: TicketIndex,
    private readonly coordination: Coordination,
    options: KeyvTicketRepositoryOptions = {},
  ) {
    this.prefix = options.prefix ?? "WT";
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockWaitMs = options.lockWaitMs ?? 15_000;
    if (!/^[A-Za-z0-9]+$/.test(this.prefix)) throw new Error(`Invalid ticket id prefix "${this.prefix}": use letters and digits.`);
  }

  async nextId(now: Date): Promise<string> {
    const year = now.getUTCFullYear();
    const n = await this.index.next(`${this.prefix}-${year}`);
    return `${this.prefix}-${year}-${String(n).padStart(6, "0")}`;
  }

  async get(id: string): Promise<Ticket | undefined> {
    return (await this.kv.get(id)) ?? undefined;
  }

  create(ticket: Ticket): Promise<Ticket> {
    const id = ticket.id;
    return this.locked(id, async () => {
      if ((await this.kv.get(id)) !== undefined) throw new TicketError("conflict", `Ticket ${id} already exists.`);
      const stored: Ticket = { ...structuredClone(ticket), version: 1 };
      await this.index.add(this.entries(stored, memberships(stored)));
      await this.write(stored);
      return structuredClone(stored);
    });
  }

  update(id: string, change: (current: Ticket) => Ticket | Promise<Ticket>): Promise<Ticket> {
    return this.locked(id, async (lock) => {
      const current = await this.kv.get(id);
      if (!current) throw new TicketError("not_found", `There is no ticket ${id}.`);
      const next = await change(structuredClone(current));
      const stored: Ticket = { ...structuredClone(next), id, version: current.version + 1 };
      if (performance.now() - lock.since > this.lockTtlMs / 2) {
        // The lease may have lapsed while `change` ran: take it again and make sure nobody wrote meanwhile.
        const held = await this.coordination.lease(lock.key, lock.owner, this.lockTtlMs);
        if (!held || (await this.kv.get(id))?.version !== current.version) {
          throw new TicketError("conflict", `Ticket ${id} was changed by someone else meanwhile; please try again.`);
        }
      }
      const before = memberships(current);
      const after = memberships(stored);
      const sortChanged = stored.createdAt !== current.createdAt;
      await this.index.add(this.entries(stored, sortChanged ? after : after.filter((m) => !before.includes(m))));
      await this.write(stored);
      await this.index.remove(before.filter((m) => !after.includes(m)).map((idx) => ({ idx, member: id })));
      return structuredClone(stored);
    });
  }

  async list(q: TicketQuery): Promise<Ticket[]> {
    const limit = q.limit ?? 50;
    const statuses = q.status === undefined ? undefined : new Set<TicketStatus>(Array.isArray(q.status) ? q.status : [q.status as TicketStatus]);
    if (limit <= 0 || statuses?.size === 0) return [];
    // Walk the most selective index; re-check every criterion on the ticket itself.
    const driver = q.talent ? [`talent:${q.talent}`] : q.commissioner ? [`commissioner:${q.commissioner}`] : statuses ? [...statuses].map((s) => `status:${s}`) : ["all"];
    const matches = (t: Ticket) =>
      (!q.talent || t.talent === q.talent) && (!q.commissioner || t.commissioner === q.commissioner) && (!statuses || statuses.has(t.status));
    const pageSize = Math.min(Math.max(limit + 10, 25), 500);
    const found = new Map<string, Ticket>();
    const stale = new Map<string, string[]>();
    for (let offset = 0; found.size < limit; offset += pageSize) {
      const ids = await this.index.page(driver, offset, pageSize, "newest");
      const tickets = ids.length ? await this.kv.get(ids) : [];
      ids.forEach((id, i) => {
        const t = tickets[i] ?? undefined;
        const wrong = t ? driver.filter((d) => !memberships(t).includes(d)) : driver;
        // A ticket in one of several status indexes belongs to just one of them: only a ticket outside all is stale.
        if (!t || wrong.length === driver.length) stale.set(id, wrong);
        else if (matches(t)) found.set(id, t);
      });
      if (ids.length < pageSize) break;
    }
    if (stale.size) await this.repair(stale);
    return [...found.values()].sort(newestFirst).slice(0, limit);
  }

  async pendingOutbox(limit = 100): Promise<string[]> {
    return this.index.page(["outbox"], 0, limit, "oldest");
  }

  /** Deletes every ticket, index entry and counter of this namespace (tests and tear-down only). */
  async clear(): Promise<void> {
    await this.kv.clear();
    await this.index.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.queues.values()]);
    await this.kv.disconnect();
  }

  private entries(t: Ticket, idxs: readonly string[]): IndexEntry[] {
    return idxs.map((idx) => ({ idx, member: t.id, sort: t.createdAt }));
  }

  private async write(t: Ticket): Promise<void> {
    if (!(await this.kv.set(t.id, t))) throw new Error(`The ticket store did not save ${t.id}.`);
  }

  /** Drops memberships that the ticket (re-read under its lock) no longer has; skips tickets busy elsewhere. */
  private async repair(stale: Map<string, string[]>): Promise<void> {
    await Promise.allSettled(
      [...stale].map(([id, idxs]) =>
        this.locked(
          id,
          async () => {
            const t = await this.kv.get(id);
            const keep = t ? memberships(t) : [];
            await this.index.remove(idxs.filter((i) => !keep.includes(i)).map((idx) => ({ idx, member: id })));
          },
          0,
        ),
      ),
    );
  }

  /**
   * Runs `fn` holding ticket `id`'s lock: first in this process's queue for the id, then the cross-process lease
   * (retried with jittered backoff for up to `waitMs`).
   */
  private locked<T>(id: string, fn: (lock: { key: string; owner: string; since: number }) => Promise<T>, waitMs = this.lockWaitMs): Promise<T> {
    if (this.closed) return Promise.reject(new Error("The ticket repository is closed."));
    const previous = this.queues.get(id) ?? Promise.resolve();
    const run = previous.then(async () => {
      const key = `ticket-lock:${id}`;
      const owner = `${this.owner}:${randomUUID().slice(0, 8)}`;
      const deadline = Date.now() + waitMs;
      for (let delay = 4; ; delay = Math.min(delay * 2, 100)) {
        const since = performance.now();
        if (await this.coordination.lease(key, owner, this.lockTtlMs)) {
          try {
            return await fn({ key, owner, since });
          } finally {
            await this.coordination.release(key, owner).catch(() => undefined);
          }
        }
        if (Date.now() >= deadline) throw new TicketError("conflict", `Ticket ${id} is being changed by someone else; please try again.`);
        await sleep(delay * (0.5 + Math.random()));
      }
    });
    const tail = run.catch(() => undefined);
    this.queues.set(id, tail);
    void tail.then(() => {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    });
    return run;
  }
}
