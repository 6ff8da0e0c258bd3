import { randomUUID } from "node:crypto";
import type { Lang } from "../text/normalize.ts";
import type { Clock, TicketRepository, TicketTexts } from "./ports.ts";
import { deadlines, roleOf, route, type Commissioner, type Roster } from "./roster.ts";
import {
  isOpen,
  record,
  TicketError,
  transition,
  type Actor,
  type Category,
  type PendingNotification,
  type Priority,
  type Ticket,
  type TicketPassage,
  type TicketStatus,
  utcStamp,
} from "./ticket.ts";

export interface NewTicket {
  talent: string;
  category: Category;
  priority?: Priority;
  summary: string;
  details: string;
  fields?: Record<string, string>;
  lang: Lang;
  conversation?: Ticket["conversation"];
  passages?: TicketPassage[];
  /** True when the bot searched the policies before filing (with `passages` possibly empty). */
  passagesSearched?: boolean;
}

/** Everything that can be done to a ticket, with the permission checks, history and notifications. */
export class TicketService {
  private readonly listeners = new Set<(ticket: Ticket) => void>();

  constructor(
    private readonly deps: {
      repo: TicketRepository;
      roster: Roster;
      clock: Clock;
      /** The wording of the notifications (the engine's catalogue: `ticketTexts` in src/core/ticket-texts.ts). */
      texts: TicketTexts;
      id?: () => string;
    },
  ) {}

  /**
   * Calls `fn` after every ticket this service creates or changes (in this process), e.g. to refresh a ticket
   * card on Slack. Listeners must not throw; returns a function that removes the listener.
   */
  onChange(fn: (ticket: Ticket) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(ticket: Ticket): Ticket {
    for (const fn of this.listeners) {
      try {
        fn(ticket);
      } catch {
        // A listener's failure is the listener's problem: the change is stored.
      }
    }
    return ticket;
  }

  private get now(): Date {
    return this.deps.clock();
  }

  /** Role of a user from the roster. */
  actor(user: string): Actor {
    const r = roleOf(this.deps.roster, user);
    return { user, role: r.role, ...(r.commissioner ? { commissionerId: r.commissioner.id } : {}) };
  }

  /** Everyone in the roster's commissioner list. */
  commissioners(): readonly Commissioner[] {
    return this.deps.roster.commissioners;
  }

  commissioner(id: string): Commissioner | undefined {
    return this.deps.roster.commissioners.find((c) => c.id === id);
  }

  private notification(to: string, kind: PendingNotification["kind"], text: string, lang: Lang, actions?: PendingNotification["actions"]): PendingNotification {
    const at = this.now.toISOString();
    return { id: this.deps.id?.() ?? randomUUID(), to, kind, text, lang, createdAt: at, attempts: 0, notBefore: at, ...(actions ? { actions } : {}) };
  }

  private toCommissioner(c: Commissioner | undefined): string | undefined {
    return c?.channels[0];
  }

  /** Routes, sets the SLA deadlines, stores the ticket and queues the commissioner's notification. */
  async create(input: NewTicket): Promise<{ ticket: Ticket; commissioner: Commissioner; firstResponseHours: number }> {
    const now = this.now;
    const priority = input.priority ?? "normal";
    const c = route(this.deps.roster, input.talent, input.category);
    const d = deadlines(this.deps.roster, input.category, priority, now);
    const id = await this.deps.repo.nextId(now);
    const iso = now.toISOString();
    const ticket: Ticket = {
      id,
      talent: input.talent,
      commissioner: c.id,
      category: input.category,
      priority,
      summary: input.summary,
      details: input.details,
      fields: input.fields ?? {},
      status: "new",
      lang: input.lang,
      createdAt: iso,
      updatedAt: iso,
      firstResponseDue: d.firstResponseDue.toISOString(),
      resolutionDue: d.resolutionDue.toISOString(),
      conversation: input.conversation ?? [],
      passages: input.passages ?? [],
      passagesSearched: input.passagesSearched ?? false,
      history: [{ at: iso, by: input.talent, action: "created", to: "new", text: input.summary }],
      outbox: [],
      version: 0,
    };
    const to = this.toCommissioner(c);
    if (to) {
      ticket.outbox.push(
        this.notification(
          to,
          "ticket_created",
          this.deps.texts.notice("newTicket", "zh", { id, category: input.category, priority, summary: input.summary, talent: input.talent, due: utcStamp(ticket.firstResponseDue) }),
          "zh",
          [
            { id: "claim", label: "Claim", payload: id },
            { id: "reply", label: "Reply", payload: id },
            { id: "resolve", label: "Resolve", payload: id },
            { id: "reassign", label: "Reassign", payload: id },
          ],
        ),
      );
    }
    return { ticket: this.changed(await this.deps.repo.create(ticket)), commissioner: c, firstResponseHours: d.firstResponseHours };
  }

  /** Whether `actor` may see the ticket: its talent, commissioners and admins. */
  canSee(ticket: Ticket, actor: Actor): boolean {
    return actor.role !== "talent" || ticket.talent === actor.user;
  }

  /**
   * The ticket, if `actor` may see it. A talent asking for someone else's ticket is told it does not exist, so
   * guessing ids reveals nothing.
   */
  async get(id: string, actor: Actor): Promise<Ticket> {
    const ticket = await this.deps.repo.get(id.toUpperCase());
    if (!ticket || !this.canSee(ticket, actor)) throw new TicketError("not_found", `There is no ticket ${id.toUpperCase()}.`);
    return ticket;
  }

  /** A talent's own tickets; a commissioner's assigned ones; for an admin, every open ticket. */
  async listFor(actor: Actor, status?: TicketStatus | readonly TicketStatus[]): Promise<Ticket[]> {
    if (actor.role === "talent") return this.deps.repo.list({ talent: actor.user, ...(status ? { status } : {}) });
    if (actor.role === "commissioner") return this.deps.repo.list({ commissioner: actor.commissionerId!, ...(status ? { status } : {}) });
    return this.deps.repo.list({ status: status ?? ["new", "claimed", "in_progress", "waiting_on_talent", "reopened"] });
  }

  private staffOnly(actor: Actor, what: string): void {
    if (actor.role === "talent") throw new TicketError("forbidden", `Only service commissioners and admins can ${what}.`);
  }

  private async change(id: string, actor: Actor, fn: (t: Ticket) => Ticket): Promise<Ticket> {
    await this.get(id, actor);
    return this.changed(await this.deps.repo.update(id.toUpperCase(), fn));
  }

  private firstResponse(t: Ticket): Ticket {
    return t.firstResponseAt ? t : { ...t, firstResponseAt: this.now.toISOString() };
  }

  async claim(id: string, actor: Actor): Promise<Ticket> {
    this.staffOnly(actor, "claim tickets");
    return this.change(id, actor, (t) => {
      const next = this.firstResponse(transition(t, "claimed", actor.user, this.now));
      // Claiming someone else's ticket takes it over.
      return actor.commissionerId && actor.commissionerId !== t.commissioner
        ? record({ ...next, commissioner: actor.commissionerId }, { by: actor.user, action: "reassigned", text: `${t.commissioner} → ${actor.commissionerId}` }, this.now)
        : next;
    });
  }

  async start(id: string, actor: Actor): Promise<Ticket> {
    this.staffOnly(actor, "work on tickets");
    return this.change(id, actor, (t) => transition(t, "in_progress", actor.user, this.now));
  }

  /** A commissioner's message to the talent; the ticket moves to "waiting on talent" when `waitForTalent`. */
  async reply(id: string, actor: Actor, text: string, options: { waitForTalent?: boolean } = {}): Promise<Ticket> {
    this.staffOnly(actor, "reply on tickets");
    const name = this.commissioner(actor.commissionerId ?? "")?.name ?? actor.user;
    return this.change(id, actor, (t) => {
      if (!isOpen(t)) throw new TicketError("illegal_transition", `Ticket ${t.id} is ${t.status}; reopen it before replying.`);
      let next = this.firstResponse(record(t, { by: actor.user, action: "reply", text }, this.now));
      if (next.status === "new" || next.status === "reopened") next = transition(next, "claimed", actor.user, this.now);
      if (options.waitForTalent && next.status !== "waiting_on_talent") next = transition(next, "waiting_on_talent", actor.user, this.now);
      next.outbox = [...next.outbox, this.notification(t.talent, "reply", this.deps.texts.notice("reply", t.lang, { id: t.id, name, text }), t.lang)];
      return next;
    });
  }

  /** A talent's message on their open ticket; it reaches the commissioner. */
  async talentMessage(id: string, actor: Actor, text: string): Promise<Ticket> {
    const c = await this.get(id, actor);
    if (actor.role === "talent" && c.talent !== actor.user) throw new TicketError("not_found", `There is no ticket ${id}.`);
    const to = this.toCommissioner(this.commissioner(c.commissioner));
    return this.changed(await this.deps.repo.update(c.id, (t) => {
      if (!isOpen(t)) throw new TicketError("illegal_transition", `Ticket ${t.id} is ${t.status}; it no longer takes messages.`);
      let next = record(t, { by: actor.user, action: "talent_message", text }, this.now);
      if (next.status === "waiting_on_talent") next = transition(next, "in_progress", "system", this.now, "the talent replied");
      if (to) next.outbox = [...next.outbox, this.notification(to, "talent_message", this.deps.texts.notice("talentMessage", "zh", { id: t.id, text }), "zh")];
      return next;
    }));
  }

  /** Resolves and asks the talent for a rating. */
  async resolve(id: string, actor: Actor, text: string): Promise<Ticket> {
    this.staffOnly(actor, "resolve tickets");
    return this.change(id, actor, (t) => {
      const next = this.firstResponse(transition(t, "resolved", actor.user, this.now, text));
      next.outbox = [
        ...next.outbox,
        this.notification(t.talent, "rating_request", this.deps.texts.notice("resolved", t.lang, { id: t.id, text }), t.lang, [1, 2, 3, 4, 5].map((n) => ({ id: "rate", label: "★".repeat(n), payload: `${t.id}:${n}` }))),
      ];
      return next;
    });
  }

  /** Passes a ticket to another commissioner (admins, supervisors and the current commissioner). */
  async reassign(id: string, actor: Actor, to: string): Promise<Ticket> {
    this.staffOnly(actor, "reassign tickets");
    const target = this.commissioner(to);
    if (!target) throw new TicketError("invalid", `There is no commissioner "${to}" in the roster.`);
    return this.change(id, actor, (t) => {
      if (!isOpen(t)) throw new TicketError("illegal_transition", `Ticket ${t.id} is ${t.status}; only open tickets can be reassigned.`);
      const current = this.commissioner(t.commissioner);
      const allowed = actor.role === "admin" || actor.commissionerId === t.commissioner || current?.supervisor === actor.commissionerId;
      if (!allowed) throw new TicketError("forbidden", `Only ${t.commissioner}, their supervisor or an admin can reassign ${t.id}.`);
      const next = record({ ...t, commissioner: to }, { by: actor.user, action: "reassigned", text: `${t.commissioner} → ${to}` }, this.now);
      const channel = target.channels[0];
      if (channel) next.outbox = [...next.outbox, this.notification(channel, "reassigned", this.deps.texts.notice("reassigned", "zh", { id: t.id, summary: t.summary }), "zh")];
      return next;
    });
  }

  /** Cancels an open ticket (its talent, or staff). */
  async cancel(id: string, actor: Actor, text?: string): Promise<Ticket> {
    return this.change(id, actor, (t) => {
      const next = transition(t, "cancelled", actor.user, this.now, text);
      if (actor.role !== "talent") next.outbox = [...next.outbox, this.notification(t.talent, "status", this.deps.texts.notice("status", t.lang, { id: t.id, status: this.deps.texts.status("cancelled", t.lang), text: text ?? "" }), t.lang)];
      else {
        // The commissioner may be working on it: tell them it was withdrawn.
        const to = this.toCommissioner(this.commissioner(t.commissioner));
        if (to) next.outbox = [...next.outbox, this.notification(to, "status", this.deps.texts.notice("withdrawn", "zh", { id: t.id, text: text ?? "" }), "zh")];
      }
      return next;
    });
  }

  /**
   * The talent's rating of a resolved ticket: 1–5 and an optional comment. A rating of 2 or less, or
   * `notSolved`, reopens it and tells the commissioner; otherwise it is closed.
   */
  async rate(id: string, actor: Actor, score: number, comment?: string, notSolved = false): Promise<Ticket> {
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new TicketError("invalid", "A rating is a whole number from 1 to 5.");
    const c = await this.get(id, actor);
    if (c.talent !== actor.user) throw new TicketError("forbidden", `Only the talent who filed ${c.id} can rate it.`);
    const to = this.toCommissioner(this.commissioner(c.commissioner));
    return this.changed(await this.deps.repo.update(c.id, (t) => {
      if (t.status !== "resolved") throw new TicketError("illegal_transition", `Ticket ${t.id} is ${t.status}; only a resolved ticket can be rated.`);
      const rated = record({ ...t, rating: { score, ...(comment ? { comment } : {}), at: this.now.toISOString() } }, { by: actor.user, action: "rated", rating: score, ...(comment ? { text: comment } : {}) }, this.now);
      if (score <= 2 || notSolved) {
        const next = transition(rated, "reopened", actor.user, this.now, comment);
        if (to) next.outbox = [...next.outbox, this.notification(to, "status", this.deps.texts.notice("reopened", "zh", { id: t.id, score, text: comment ?? "" }), "zh")];
        return next;
      }
      return transition(rated, "closed", actor.user, this.now);
    }));
  }
}
