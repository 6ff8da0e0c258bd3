import { describe, expect, it } from "vitest";
import { isOpen, record, STATUSES, TicketError, transition, TRANSITIONS, type HistoryEntry, type Ticket, type TicketStatus } from "../../src/tickets/ticket.ts";
import { ticket } from "../fixtures/tickets.ts";

/**
 * The status machine, pair by pair: every (from, to) over the eight statuses is either a legal move (one new
 * history entry, earlier ones untouched) or refused with a message that says where the ticket is and where it may go.
 */

const BY = "console:li-wei";
const CREATED = "2026-03-01T08:00:00.000Z";
const AT = new Date("2026-03-02T10:30:00.000Z");

/** A ticket in `status`, with a history that already has a few entries (as a real one would). */
function ticketIn(status: TicketStatus): Ticket {
  const history: HistoryEntry[] = [
    { at: CREATED, by: "telegram:1001", action: "created", to: "new", text: "Heating broken" },
    { at: "2026-03-01T09:00:00.000Z", by: BY, action: "reply", text: "We are on it" },
    { at: "2026-03-01T09:30:00.000Z", by: "telegram:1001", action: "talent_message", text: "Thanks" },
  ];
  return ticket({ status, createdAt: CREATED, updatedAt: CREATED, history });
}

const PAIRS = STATUSES.flatMap((from) => STATUSES.map((to) => ({ from, to, legal: TRANSITIONS[from].includes(to) })));
const LEGAL = PAIRS.filter((p) => p.legal);
const ILLEGAL = PAIRS.filter((p) => !p.legal);

describe("the ticket status machine", () => {
  it("should cover all 64 pairs of the 8 statuses, with the legal moves of the lifecycle", () => {
    expect(STATUSES).toHaveLength(8);
    expect(PAIRS).toHaveLength(64);
    // The lifecycle as a person would describe it; a change to the machine must change this test too.
    expect(LEGAL.map((p) => `${p.from}→${p.to}`).sort()).toEqual(
      [
        "new→claimed",
        "new→cancelled",
        "claimed→in_progress",
        "claimed→waiting_on_talent",
        "claimed→resolved",
        "claimed→cancelled",
        "in_progress→waiting_on_talent",
        "in_progress→resolved",
        "in_progress→cancelled",
        "waiting_on_talent→in_progress",
        "waiting_on_talent→resolved",
        "waiting_on_talent→cancelled",
        "resolved→closed",
        "resolved→reopened",
        "reopened→claimed",
        "reopened→in_progress",
        "reopened→waiting_on_talent",
        "reopened→resolved",
        "reopened→cancelled",
      ].sort(),
    );
  });

  it.each(LEGAL)("should move a $from ticket to $to with exactly one new status entry in its history", ({ from, to }) => {
    const before = ticketIn(from);
    const snapshot = structuredClone(before);

    const after = transition(before, to, BY, AT);

    expect(after.status).toBe(to);
    expect(after.updatedAt).toBe(AT.toISOString());
    expect(after.history).toHaveLength(before.history.length + 1);
    // Earlier entries are exactly as they were, in the same order.
    expect(after.history.slice(0, before.history.length)).toEqual(snapshot.history);
    expect(after.history.at(-1)).toEqual({ by: BY, action: "status", from, to, at: AT.toISOString() });
    // Pure: the ticket it was given is not changed.
    expect(before).toEqual(snapshot);
    // Everything else about the ticket stays the same.
    expect({ ...after, status: before.status, updatedAt: before.updatedAt, history: before.history, resolvedAt: before.resolvedAt }).toEqual({
      ...snapshot,
      resolvedAt: snapshot.resolvedAt,
    });
    if (to === "resolved") expect(after.resolvedAt).toBe(AT.toISOString());
    else expect(after.resolvedAt).toBeUndefined();
  });

  it.each(ILLEGAL)("should refuse to move a $from ticket to $to, naming both and where it can go", ({ from, to }) => {
    const before = ticketIn(from);
    const snapshot = structuredClone(before);

    let error: unknown;
    try {
      transition(before, to, BY, AT);
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(TicketError);
    const e = error as TicketError;
    expect(e.code).toBe("illegal_transition");
    expect(e.message).toContain(before.id);
    expect(e.message).toContain(`is ${from}`);
    expect(e.message).toContain(`cannot become ${to}`);
    const next = TRANSITIONS[from];
    if (next.length) for (const s of next) expect(e.message).toContain(s);
    else expect(e.message).toMatch(/final/);
    // Nothing was written.
    expect(before).toEqual(snapshot);
  });

  it.each(["closed", "cancelled"] as const)("should treat %s as final: nothing can follow it", (status) => {
    expect(TRANSITIONS[status]).toEqual([]);
    expect(isOpen({ status })).toBe(false);
    for (const to of STATUSES) expect(() => transition(ticketIn(status), to, BY, AT)).toThrow(/it is final/);
  });

  it("should keep a closing note on the status entry when one is given", () => {
    const after = transition(ticketIn("claimed"), "resolved", BY, AT, "Replaced the heating valve");
    expect(after.history.at(-1)).toEqual({ by: BY, action: "status", from: "claimed", to: "resolved", at: AT.toISOString(), text: "Replaced the heating valve" });
  });

  it("should keep the first resolvedAt history intact when a reopened ticket is resolved again, and move resolvedAt to the new time", () => {
    const first = transition(ticketIn("claimed"), "resolved", BY, new Date("2026-03-02T10:00:00Z"));
    const reopened = transition(first, "reopened", "telegram:1001", new Date("2026-03-02T11:00:00Z"));
    expect(reopened.resolvedAt).toBe("2026-03-02T10:00:00.000Z");
    const again = transition(reopened, "resolved", BY, new Date("2026-03-02T12:00:00Z"));
    expect(again.resolvedAt).toBe("2026-03-02T12:00:00.000Z");
    expect(again.history.slice(0, reopened.history.length)).toEqual(reopened.history);
    expect(again.history.slice(-3).map((h) => `${h.from}→${h.to}`)).toEqual(["claimed→resolved", "resolved→reopened", "reopened→resolved"]);
  });
});

describe("record", () => {
  it("should append one entry at the given time without touching earlier entries or the status", () => {
    const before = ticketIn("in_progress");
    const snapshot = structuredClone(before);
    const after = record(before, { by: BY, action: "note", text: "Called the school" }, AT);
    expect(after.status).toBe("in_progress");
    expect(after.updatedAt).toBe(AT.toISOString());
    expect(after.history.slice(0, before.history.length)).toEqual(snapshot.history);
    expect(after.history.at(-1)).toEqual({ by: BY, action: "note", text: "Called the school", at: AT.toISOString() });
    expect(before).toEqual(snapshot);
  });
});
