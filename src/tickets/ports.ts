import type { Lang } from "../text/normalize.ts";
import type { PendingNotification, Ticket, TicketStatus } from "./ticket.ts";

export interface TicketQuery {
  talent?: string;
  commissioner?: string;
  status?: TicketStatus | readonly TicketStatus[];
  /** Newest first; default 50. */
  limit?: number;
}

/**
 * Where tickets live. Implementations keep secondary indexes (by talent, by commissioner, by status, tickets
 * with undelivered notifications) so that `list` never reads every ticket, and serialise concurrent updates
 * of one ticket across processes.
 */
export interface TicketRepository {
  /** The next human-friendly id (`PREFIX-YYYY-NNNNNN`), unique across every process sharing the store. */
  nextId(now: Date): Promise<string>;
  get(id: string): Promise<Ticket | undefined>;
  /** Stores a new ticket (its `version` becomes 1). Throws `TicketError("conflict")` if the id exists. */
  create(ticket: Ticket): Promise<Ticket>;
  /**
   * Read-modify-write of one ticket, safe across processes: `change` gets the current ticket and returns the
   * new one (or throws to abort); the result is stored with `version + 1` and the indexes are updated.
   * Throws `TicketError("not_found")` for an unknown id.
   */
  update(id: string, change: (current: Ticket) => Ticket | Promise<Ticket>): Promise<Ticket>;
  /** Tickets matching every given criterion, newest first, via the indexes. */
  list(query: TicketQuery): Promise<Ticket[]>;
  /** Ids of tickets that have undelivered notifications (may include a few stale ones: re-check the ticket). */
  pendingOutbox(limit?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Cross-process coordination on the same store as the tickets. */
export interface Coordination {
  /** Claims `key` for good: resolves true for exactly one caller across all processes, ever. */
  once(key: string): Promise<boolean>;
  /** A lease on `key` for `ttlMs`; true when this owner holds it (free, expired, or already its own). */
  lease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
}

/** A notification ready to send, with the ticket it concerns. */
export type OutgoingNotification = PendingNotification & { ticketId: string };

/**
 * Sends notifications to people on whatever channel they live on (`telegram:…`, `slack:…`, `console:…`).
 * Channels implement it. Delivery is at least once; receivers de-duplicate on `id` (see `DedupingNotifier`).
 */
export interface Notifier {
  send(n: OutgoingNotification): Promise<void>;
}

/** Time, injectable for SLA tests. */
export type Clock = () => Date;

/** The notifications the ticket service queues, by key; their wording is the engine's (`src/core/ticket-texts.ts`). */
export const NOTICE_KEYS = ["newTicket", "reply", "talentMessage", "status", "resolved", "reassigned", "withdrawn", "reopened"] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

/**
 * The words the ticket service puts into the notifications it queues. The domain names what happened (a key
 * and its values); the engine, which holds the texts catalogue, says it in a language.
 */
export interface TicketTexts {
  /** The notification `key` in `lang`, its `{placeholders}` filled from `vars`. */
  notice(key: NoticeKey, lang: Lang, vars: Record<string, string | number>): string;
  /** A status as people read it ("处理中", "in progress"). */
  status(status: TicketStatus, lang: Lang): string;
}
