import type Keyv from "keyv";
import type { Action } from "./messages.ts";
import type { TicketService } from "../tickets/service.ts";
import { statusLabel } from "./ticket-texts.ts";
import { isOpen, TicketError, type Actor, type Ticket, type TicketErrorCode } from "../tickets/ticket.ts";

/**
 * The commissioner's side of a ticket, shared by every staff-facing channel (Slack Block Kit cards, Telegram
 * inline keyboards): what a ticket card shows, which buttons it offers in each state, and the button actions
 * with the roster's permission checks. Channels only render cards and collect the text of a reply. It is no
 * channel itself, so it lives in core, next to the engine it serves the staff side for.
 */

/** Button ids on a ticket card; the payload is the ticket id (`reassign_to`: `TICKET>commissionerId`). */
export const STAFF_ACTIONS = ["claim", "reply", "resolve", "reassign", "reassign_to"] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export function isStaffAction(id: string): id is StaffAction {
  return (STAFF_ACTIONS as readonly string[]).includes(id);
}

const LABELS: Record<Exclude<StaffAction, "reassign_to">, string> = {
  claim: "认领 Claim",
  reply: "回复 Reply",
  resolve: "办结 Resolve",
  reassign: "转交 Reassign",
};

/** What a ticket card shows. Staff texts are bilingual (Chinese first), as in the roster. */
export interface TicketCard {
  id: string;
  status: Ticket["status"];
  /** "已受理 claimed". */
  statusText: string;
  category: Ticket["category"];
  priority: Ticket["priority"];
  summary: string;
  details: string;
  fields: Record<string, string>;
  /** `channel:id` of the talent. */
  talent: string;
  commissioner: { id: string; name: string; channels: string[] };
  firstResponseDue: string;
  resolutionDue: string;
  /** Set once someone answered. */
  firstResponseAt?: string;
  rating?: { score: number; comment?: string };
  /** The last history line worth showing ("claimed by …", "resolved: …"). */
  last?: { at: string; by: string; text: string };
  /** Buttons valid in this state; none once the ticket is resolved, closed or cancelled. */
  actions: Action[];
  open: boolean;
}

export type StaffOutcome =
  | { ok: true; ticket: Ticket; message: string }
  | { ok: false; code: TicketErrorCode | "stale" | "needs_text"; message: string; ticket?: Ticket };

/** A reply or resolution note a commissioner is typing (Telegram: their next message). */
export interface PendingStaffInput {
  action: "reply" | "resolve";
  ticket: string;
  at: string;
}

const PENDING_TTL_MS = 30 * 60_000;
const TICKET_ID = /^[A-Z]{1,8}-\d{4}-\d{3,}$/;

export class CommissionerDesk {
  constructor(
    private readonly deps: {
      service: TicketService;
      /** Where half-finished replies wait (keyed by user). */
      pending: Keyv<PendingStaffInput>;
      clock?: () => Date;
    },
  ) {}

  actor(user: string): Actor {
    return this.deps.service.actor(user);
  }

  isStaff(user: string): boolean {
    return this.actor(user).role !== "talent";
  }

  card(ticket: Ticket): TicketCard {
    const c = this.deps.service.commissioner(ticket.commissioner);
    const id = ticket.id;
    const open = isOpen(ticket);
    const actions: Action[] = !open
      ? []
      : [
          ...(ticket.status === "new" || ticket.status === "reopened" ? [{ id: "claim", label: LABELS.claim, payload: id }] : []),
          { id: "reply", label: LABELS.reply, payload: id },
          { id: "resolve", label: LABELS.resolve, payload: id },
          { id: "reassign", label: LABELS.reassign, payload: id },
        ];
    const last = [...ticket.history].reverse().find((h) => h.action !== "note" && h.action !== "created");
    return {
      id,
      status: ticket.status,
      statusText: `${statusLabel(ticket.status, "zh")} ${statusLabel(ticket.status, "en")}`,
      category: ticket.category,
      priority: ticket.priority,
      summary: ticket.summary,
      details: ticket.details,
      fields: ticket.fields,
      talent: ticket.talent,
      commissioner: { id: ticket.commissioner, name: c?.name ?? ticket.commissioner, channels: c?.channels ?? [] },
      firstResponseDue: ticket.firstResponseDue,
      resolutionDue: ticket.resolutionDue,
      ...(ticket.firstResponseAt ? { firstResponseAt: ticket.firstResponseAt } : {}),
      ...(ticket.rating ? { rating: { score: ticket.rating.score, ...(ticket.rating.comment ? { comment: ticket.rating.comment } : {}) } } : {}),
      ...(last ? { last: { at: last.at, by: this.displayName(last.by), text: lastText(last) } } : {}),
      actions,
      open,
    };
  }

  /** A roster name for a `channel:id` user, else the user id itself. */
  displayName(user: string): string {
    if (user === "system") return "system";
    const a = this.actor(user);
    return a.commissionerId ? (this.deps.service.commissioner(a.commissionerId)?.name ?? user) : user;
  }

  /** The ticket behind a card button, if `user` may see it. */
  async ticket(user: string, id: string): Promise<Ticket | undefined> {
    if (!TICKET_ID.test(id.toUpperCase())) return undefined;
    try {
      return await this.deps.service.get(id, this.actor(user));
    } catch (err) {
      if (err instanceof TicketError) return undefined;
      throw err;
    }
  }

  /** Open tickets of the caller (a commissioner: theirs; an admin: everyone's; a talent: nothing). */
  async openTickets(user: string): Promise<Ticket[]> {
    const actor = this.actor(user);
    if (actor.role === "talent") return [];
    return this.deps.service.listFor(actor, ["new", "reopened", "claimed", "in_progress", "waiting_on_talent"]);
  }

  /** Commissioners a ticket can be passed to (everyone in the roster but its current one). */
  reassignTargets(ticket: Ticket): { id: string; name: string }[] {
    return this.deps.service.commissioners().filter((c) => c.id !== ticket.commissioner).map((c) => ({ id: c.id, name: c.name }));
  }

  /**
   * Runs a card button for `user`. `text` is the reply or resolution note (reply: required; resolve: optional).
   * Permission checks are the ticket service's: a talent pressing a staff button is refused, a stale button
   * (the ticket moved on) gets a message saying what the ticket is now, and nothing changes in either case.
   */
  async act(user: string, action: { id: string; payload?: string }, text?: string): Promise<StaffOutcome> {
    const actor = this.actor(user);
    if (!isStaffAction(action.id)) return { ok: false, code: "invalid", message: "Unknown action." };
    if (actor.role === "talent") return { ok: false, code: "forbidden", message: "Only service commissioners and admins can do this. 仅服务专员可以操作。" };
    const [rawId, target] = (action.payload ?? "").split(">");
    const ticket = rawId ? await this.ticket(user, rawId) : undefined;
    if (!ticket) return { ok: false, code: "not_found", message: `There is no ticket ${rawId ?? ""}. 未找到该工单。` };
    if (!isOpen(ticket)) {
      return { ok: false, code: "stale", ticket, message: `${ticket.id} is already ${statusLabel(ticket.status, "en")}. 工单状态：${statusLabel(ticket.status, "zh")}。` };
    }
    const s = this.deps.service;
    try {
      switch (action.id as StaffAction) {
        case "claim": {
          if (ticket.status !== "new" && ticket.status !== "reopened") {
            return { ok: false, code: "stale", ticket, message: `${ticket.id} was already claimed by ${this.deps.service.commissioner(ticket.commissioner)?.name ?? ticket.commissioner}.` };
          }
          const t = await s.claim(ticket.id, actor);
          return { ok: true, ticket: t, message: `${t.id} claimed. 已认领。` };
        }
        case "reply": {
          const body = text?.trim();
          if (!body) return { ok: false, code: "needs_text", ticket, message: `Type your reply to ${ticket.id}. 请输入回复内容。` };
          const t = await s.reply(ticket.id, actor, body);
          return { ok: true, ticket: t, message: `Reply sent to the talent on ${t.id}. 回复已发送。` };
        }
        case "resolve": {
          const t = await s.resolve(ticket.id, actor, text?.trim() || "已办结 Resolved");
          return { ok: true, ticket: t, message: `${t.id} resolved; the talent was asked for a rating. 已办结，已请人才评价。` };
        }
        case "reassign": {
          return { ok: false, code: "needs_text", ticket, message: `Pass ${ticket.id} to whom? 转交给谁？` };
        }
        case "reassign_to": {
          if (!target) return { ok: false, code: "invalid", message: "Choose a commissioner." };
          const t = await s.reassign(ticket.id, actor, target);
          return { ok: true, ticket: t, message: `${t.id} passed to ${s.commissioner(target)?.name ?? target}. 已转交。` };
        }
      }
    } catch (err) {
      if (err instanceof TicketError) return { ok: false, code: err.code, ticket, message: err.message };
      throw err;
    }
  }

  /** Remembers that `user`'s next message is the text of a reply (or resolution note) on `ticket`. */
  async expect(user: string, action: PendingStaffInput["action"], ticket: string): Promise<void> {
    await this.deps.pending.set(user, { action, ticket, at: (this.deps.clock?.() ?? new Date()).toISOString() }, PENDING_TTL_MS);
  }

  /** The reply `user` was asked to type, consumed. */
  async takePending(user: string): Promise<PendingStaffInput | undefined> {
    const p = await this.deps.pending.get(user);
    if (p) await this.deps.pending.delete(user);
    return p;
  }
}

function lastText(h: Ticket["history"][number]): string {
  switch (h.action) {
    case "status":
      return `→ ${h.to ? `${statusLabel(h.to, "zh")} ${statusLabel(h.to, "en")}` : ""}${h.text ? `: ${h.text}` : ""}`;
    case "reply":
      return `replied 回复: ${h.text ?? ""}`;
    case "talent_message":
      return `talent wrote 人才补充: ${h.text ?? ""}`;
    case "reassigned":
      return `reassigned 转交 ${h.text ?? ""}`;
    case "rated":
      return `rated 评分 ${h.rating ?? ""}/5${h.text ? `: ${h.text}` : ""}`;
    default:
      return h.text ?? "";
  }
}
