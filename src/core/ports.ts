import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import type { Notifier, OutgoingNotification } from "../tickets/ports.ts";
import type { TicketService } from "../tickets/service.ts";
import type { Ticket } from "../tickets/ticket.ts";
import type { CommissionerDesk, PendingStaffInput, StaffOutcome, TicketCard } from "./commissioner-desk.ts";
import type { Engine } from "./engine.ts";
import type { Intent } from "./intents/intent.ts";
import type { IncomingMessage, Reply } from "./messages.ts";

// Channels implement `Notifier`; they take its types from here rather than from the ticket store's ports.
export type { Notifier, OutgoingNotification };

/** A notification waiting for a console user, shown at their next message. */
export interface InboxMessage {
  text: string;
  /** When the event happened. */
  at: string;
  ticketId?: string;
}

/** The knowledge index a reload swapped in, as a channel reports it. */
export interface LoadedIndex {
  documents: number;
  /** Its number of chunks (reads the index's statistics, so it is only asked for when shown). */
  chunks(): Promise<number>;
}

/**
 * What a channel adapter (Telegram, Slack, the terminal chat) may ask of the application, and nothing more:
 * channels get this interface instead of the whole `App`, so none of them can reach a repository, and every
 * change to a ticket goes through the commissioner desk's permission checks. Lookups are methods returning
 * plain tickets and cards, never the objects that store them.
 */
export interface ChannelDependencies {
  // The conversation.

  /** One talent message or button through the engine; the reply to render, with what the engine took it for. */
  handle(msg: IncomingMessage): Promise<Reply & { intent?: Intent }>;
  /** The notifications waiting for a console user (commissioner replies, rating requests), consumed. */
  takeInbox(user: string): Promise<InboxMessage[]>;

  // Who is asking (per the roster).

  /** A commissioner or an admin, who gets ticket cards instead of talent replies. */
  isStaff(user: string): boolean;
  /** An admin, who may reload the index. */
  isAdmin(user: string): boolean;
  /** A roster name for a `channel:id` user, else the user id itself. */
  displayName(user: string): string;

  // Tickets as a user sees them.

  /** The ticket `id` if `user` may see it (an unknown, malformed or someone else's id: undefined). */
  ticketFor(user: string, id: string): Promise<Ticket | undefined>;
  /** Open tickets of `user`: a commissioner's own, all of them for an admin, none for a talent. */
  openTicketsOf(user: string): Promise<Ticket[]>;
  /** What the staff card of `ticket` shows, with the buttons valid in its state. */
  card(ticket: Ticket): TicketCard;
  /** Commissioners `ticket` can be passed to. */
  reassignTargets(ticket: Ticket): { id: string; name: string }[];
  /**
   * The ticket as it is now, to re-render its cards or to route a notification the outbox already addressed.
   * No permission check: the caller is the channel itself, not a user; never show it to a user with this alone.
   */
  currentTicket(id: string): Promise<Ticket | undefined>;

  // Acting on a ticket as a commissioner: each runs the desk's permission checks (a talent is refused, a stale
  // or forged ticket id changes nothing) and says what happened.

  /** A card button as pressed (`{ id: "claim", payload: "WT-…" }`), with the text of a reply or note if any. */
  pressStaffButton(user: string, action: { id: string; payload?: string }, text?: string): Promise<StaffOutcome>;
  claimTicket(user: string, id: string): Promise<StaffOutcome>;
  /** Relays `text` to the talent (an empty text is refused with `needs_text`). */
  replyToTicket(user: string, id: string, text: string): Promise<StaffOutcome>;
  resolveTicket(user: string, id: string, note?: string): Promise<StaffOutcome>;
  /** Passes the ticket to the commissioner `to` (a roster id). */
  reassignTicket(user: string, id: string, to: string): Promise<StaffOutcome>;
  /** Remembers that `user`'s next message is the text of a reply (or resolution note) on ticket `id`. */
  expectStaffText(user: string, action: PendingStaffInput["action"], id: string): Promise<void>;
  /** The reply or note `user` was asked to type, consumed. */
  takeStaffText(user: string): Promise<PendingStaffInput | undefined>;

  // Notifications.

  /** Calls `listener` with every ticket changed in this process (to keep posted cards current); returns the unsubscribe. */
  onTicketChange(listener: (ticket: Ticket) => void): () => void;

  // The knowledge index.

  /** Loads the index `kb ingest` published and swaps it in (questions in flight finish on the old one); throws when it cannot be loaded. */
  reloadIndex(): Promise<LoadedIndex>;
}

/** What `channelDependencies` is built on: the running engine, the ticket side and the index swap. */
export interface ChannelDependencyParts {
  engine: Pick<Engine, "handle">;
  desk: CommissionerDesk;
  service: Pick<TicketService, "onChange">;
  /** A ticket by id without permission checks (the repository's read). */
  load(id: string): Promise<Ticket | undefined>;
  inbox: { take(user: string): Promise<InboxMessage[]> };
  reload(): Promise<KnowledgeBase>;
}

/** The one implementation of `ChannelDependencies`, delegating to the engine, the commissioner desk and the ticket service. */
export function channelDependencies(p: ChannelDependencyParts): ChannelDependencies {
  const { desk } = p;
  return {
    handle: (msg) => p.engine.handle(msg),
    takeInbox: (user) => p.inbox.take(user),
    isStaff: (user) => desk.isStaff(user),
    isAdmin: (user) => desk.actor(user).role === "admin",
    displayName: (user) => desk.displayName(user),
    ticketFor: (user, id) => desk.ticket(user, id),
    openTicketsOf: (user) => desk.openTickets(user),
    card: (ticket) => desk.card(ticket),
    reassignTargets: (ticket) => desk.reassignTargets(ticket),
    currentTicket: (id) => p.load(id),
    pressStaffButton: (user, action, text) => desk.act(user, action, text),
    claimTicket: (user, id) => desk.act(user, { id: "claim", payload: id }),
    replyToTicket: (user, id, text) => desk.act(user, { id: "reply", payload: id }, text),
    resolveTicket: (user, id, note) => desk.act(user, { id: "resolve", payload: id }, note),
    reassignTicket: (user, id, to) => desk.act(user, { id: "reassign_to", payload: `${id}>${to}` }),
    expectStaffText: (user, action, id) => desk.expect(user, action, id),
    takeStaffText: (user) => desk.takePending(user),
    onTicketChange: (listener) => p.service.onChange(listener),
    async reloadIndex() {
      const kb = await p.reload();
      return { documents: kb.docs.size, chunks: async () => (await kb.stats()).chunks };
    },
  };
}
