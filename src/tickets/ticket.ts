import type { Lang } from "../text/normalize.ts";

/** Lifecycle of a ticket. `closed` and `cancelled` are final. */
export const STATUSES = ["new", "claimed", "in_progress", "waiting_on_talent", "resolved", "closed", "reopened", "cancelled"] as const;
export type TicketStatus = (typeof STATUSES)[number];

export const CATEGORIES = ["housing", "schooling", "medical", "settlement", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ["normal", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** One line of a ticket's history. History is append-only: entries are never edited or removed. */
export interface HistoryEntry {
  at: string;
  /** `channel:id` of a person, or `system`. */
  by: string;
  action: "created" | "status" | "reply" | "talent_message" | "reassigned" | "rated" | "note";
  from?: TicketStatus;
  to?: TicketStatus;
  text?: string;
  rating?: number;
}

/** A policy passage the bot found for the request (so the commissioner never has to look it up again). */
export interface TicketPassage {
  chunkId: string;
  docId: string;
  title: string;
  section: string;
}

/** A message waiting to be delivered, stored inside the ticket it belongs to (see `Outbox`). */
export interface PendingNotification {
  /** Unique id; receivers de-duplicate on it. */
  id: string;
  /** `channel:id` of the recipient. */
  to: string;
  kind: "ticket_created" | "ticket_confirmed" | "reply" | "talent_message" | "status" | "reminder" | "escalation" | "rating_request" | "reassigned";
  text: string;
  lang: Lang;
  actions?: { id: string; label: string; payload?: string }[];
  createdAt: string;
  attempts: number;
  /** Not before this time (backoff). */
  notBefore: string;
  lastError?: string;
}

export interface Ticket {
  /** Human-friendly id, e.g. `WT-2026-000123`. */
  id: string;
  /** `channel:id` of the talent. */
  talent: string;
  /** Roster id of the commissioner in charge. */
  commissioner: string;
  category: Category;
  priority: Priority;
  summary: string;
  details: string;
  /** Category-specific fields the commissioner needs (child's grade, hospital, address, contact…). */
  fields: Record<string, string>;
  status: TicketStatus;
  lang: Lang;
  createdAt: string;
  updatedAt: string;
  firstResponseDue: string;
  resolutionDue: string;
  firstResponseAt?: string;
  resolvedAt?: string;
  /** The conversation that led to the ticket. */
  conversation: { role: "talent" | "bot"; text: string; at: string }[];
  /** Passages the bot found, or an empty list when it found none (`passagesSearched` tells which). */
  passages: TicketPassage[];
  passagesSearched: boolean;
  history: HistoryEntry[];
  rating?: { score: number; comment?: string; at: string };
  /** Notifications not yet delivered (written in the same record as the change that caused them). */
  outbox: PendingNotification[];
  /** Incremented on every save; a save with a stale version is refused. */
  version: number;
}

/** Who is acting on a ticket, as far as permissions go. */
export type ActorRole = "talent" | "commissioner" | "admin";
export interface Actor {
  user: string;
  role: ActorRole;
  /** Roster id when the actor is a commissioner or admin. */
  commissionerId?: string;
}

export type TicketErrorCode = "illegal_transition" | "forbidden" | "not_found" | "conflict" | "invalid";

/** A refused ticket operation, with a message fit to show the person who tried it. */
export class TicketError extends Error {
  constructor(
    readonly code: TicketErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "TicketError";
  }
}

/** Legal status changes. */
export const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ["claimed", "cancelled"],
  claimed: ["in_progress", "waiting_on_talent", "resolved", "cancelled"],
  in_progress: ["waiting_on_talent", "resolved", "cancelled"],
  waiting_on_talent: ["in_progress", "resolved", "cancelled"],
  resolved: ["closed", "reopened"],
  reopened: ["claimed", "in_progress", "waiting_on_talent", "resolved", "cancelled"],
  closed: [],
  cancelled: [],
};

export const OPEN_STATUSES: readonly TicketStatus[] = ["new", "claimed", "in_progress", "waiting_on_talent", "reopened"];

/** How a time is shown to commissioners: `2026-05-01T08:30:00.000Z` → `2026-05-01 08:30 UTC`. */
export function utcStamp(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export function isOpen(t: Pick<Ticket, "status">): boolean {
  return OPEN_STATUSES.includes(t.status);
}

/**
 * Moves a ticket to `to`, appending to its history. Throws `TicketError("illegal_transition")` with a message
 * that names both states and the legal next ones. Pure: returns a new ticket.
 */
export function transition(t: Ticket, to: TicketStatus, by: string, at: Date, text?: string): Ticket {
  const legal = TRANSITIONS[t.status];
  if (!legal.includes(to)) {
    const next = legal.length ? `it can go to ${legal.join(", ")}` : "it is final";
    throw new TicketError("illegal_transition", `Ticket ${t.id} is ${t.status}; it cannot become ${to} (${next}).`);
  }
  const iso = at.toISOString();
  const entry: HistoryEntry = { at: iso, by, action: "status", from: t.status, to, ...(text ? { text } : {}) };
  return {
    ...t,
    status: to,
    updatedAt: iso,
    ...(to === "resolved" ? { resolvedAt: iso } : {}),
    history: [...t.history, entry],
  };
}

/** Appends a history entry (reply, talent message, note, reassignment, rating). Pure. */
export function record(t: Ticket, entry: Omit<HistoryEntry, "at"> & { at?: string }, at: Date): Ticket {
  const iso = entry.at ?? at.toISOString();
  return { ...t, updatedAt: iso, history: [...t.history, { ...entry, at: iso }] };
}
