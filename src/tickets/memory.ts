import type { Coordination, TicketQuery, TicketRepository } from "./ports.ts";
import { TicketError, type Ticket } from "./ticket.ts";

/**
 * In-memory tickets for tests and single-process tools. Not shared between processes and lost on exit: the bot
 * uses `KeyvTicketRepository` (SQLite, Redis or PostgreSQL).
 */
export class MemoryTicketRepository implements TicketRepository {
  private readonly tickets = new Map<string, Ticket>();
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly prefix = "WT") {}

  async nextId(now: Date): Promise<string> {
    return `${this.prefix}-${now.getUTCFullYear()}-${String(++this.seq).padStart(6, "0")}`;
  }

  async get(id: string): Promise<Ticket | undefined> {
    const t = this.tickets.get(id);
    return t && structuredClone(t);
  }

  async create(ticket: Ticket): Promise<Ticket> {
    if (this.tickets.has(ticket.id)) throw new TicketError("conflict", `Ticket ${ticket.id} already exists.`);
    const stored = { ...structuredClone(ticket), version: 1 };
    this.tickets.set(ticket.id, stored);
    return structuredClone(stored);
  }

  update(id: string, change: (current: Ticket) => Ticket | Promise<Ticket>): Promise<Ticket> {
    // One update at a time, like a per-ticket lock.
    const run = this.chain.then(async () => {
      const current = this.tickets.get(id);
      if (!current) throw new TicketError("not_found", `There is no ticket ${id}.`);
      const next = await change(structuredClone(current));
      const stored = { ...structuredClone(next), id, version: current.version + 1 };
      this.tickets.set(id, stored);
      return structuredClone(stored);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async list(q: TicketQuery): Promise<Ticket[]> {
    const statuses = q.status === undefined ? undefined : new Set(Array.isArray(q.status) ? q.status : [q.status]);
    return [...this.tickets.values()]
      .filter((t) => (!q.talent || t.talent === q.talent) && (!q.commissioner || t.commissioner === q.commissioner) && (!statuses || statuses.has(t.status)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, q.limit ?? 50)
      .map((t) => structuredClone(t));
  }

  async pendingOutbox(limit = 100): Promise<string[]> {
    return [...this.tickets.values()].filter((t) => t.outbox.length).slice(0, limit).map((t) => t.id);
  }

  async close(): Promise<void> {}
}

/** In-process coordination (single process only). */
export class MemoryCoordination implements Coordination {
  private readonly claimed = new Set<string>();
  private readonly leases = new Map<string, { owner: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async once(key: string): Promise<boolean> {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const l = this.leases.get(key);
    if (l && l.owner !== owner && l.until > this.now()) return false;
    this.leases.set(key, { owner, until: this.now() + ttlMs });
    return true;
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
  }
}
