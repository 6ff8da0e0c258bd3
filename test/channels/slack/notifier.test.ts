import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingNotification } from "../../../src/tickets/ports.ts";
import type { Ticket } from "../../../src/tickets/ticket.ts";
import { blockText, buttonsOf, STAFF, startSlackHarness, type SlackHarness } from "./harness.ts";

/**
 * The Slack notifier without a commissioners' channel: ticket cards arrive as DMs to each commissioner, every
 * other staff notification goes into the thread of the recipient's card, talents get DMs with buttons, every card
 * is updated when the ticket changes, and a delivery Slack refuses fails (so the outbox retries it).
 */

let h: SlackHarness;
const at = new Date().toISOString();
let seq = 0;

function note(ticket: Ticket, overrides: Partial<OutgoingNotification>): OutgoingNotification {
  return { id: `test-${++seq}`, ticketId: ticket.id, to: `slack:${STAFF.liWei}`, kind: "reminder", text: "Reminder", lang: "zh", createdAt: at, attempts: 0, notBefore: at, ...overrides };
}

async function newTicket(talent: string, summary: string): Promise<Ticket> {
  const { ticket } = await h.test.app.tickets.service.create({ talent, category: "housing", summary, details: `${summary} <b>&</b>`, lang: "en" });
  return ticket;
}

beforeAll(async () => {
  h = await startSlackHarness("slack-notifier");
});

afterAll(async () => {
  await h?.cleanup();
});

describe("Slack notifier, cards by DM", () => {
  it("should post a new ticket's card as a DM to its commissioner and remember where it is", async () => {
    const ticket = await newTicket("slack:UTALNT001", "Water leak in the kitchen");
    expect(await h.test.app.tickets.dispatcher.flush()).toMatchObject({ delivered: 1, failed: 0 });
    const card = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === STAFF.liWei);
    expect(card.body.thread_ts).toBeUndefined();
    expect(blockText(card)).toContain(ticket.id);
    // Ticket text is escaped for mrkdwn.
    expect(blockText(card)).toContain("&lt;b&gt;&amp;&lt;/b&gt;");
    expect(buttonsOf(card).map((b) => b.action_id)).toEqual(["staff:claim", "staff:reply", "staff:resolve", "staff:reassign"]);

    const since = h.api.calls.length;
    await h.channel.notifier.send(note(ticket, { kind: "reminder", text: "【SLA 提醒】please claim", actions: [{ id: "claim", label: "Claim", payload: ticket.id }] }));
    const reminder = h.api.calls[since]!;
    expect(reminder.method).toBe("chat.postMessage");
    // The fake names the DM D<rest of the user id>, as Slack answers with the DM channel id.
    expect(reminder.body).toMatchObject({ channel: `D${STAFF.liWei.slice(1)}`, thread_ts: card.ts });
    expect(String(reminder.body.text)).toMatch(new RegExp(`^<@${STAFF.liWei}> `));
    expect(buttonsOf(reminder).map((b) => [b.action_id, b.value])).toEqual([["staff:claim", ticket.id]]);
  });

  it("should give an escalation's recipient the card in their own DM first, then the escalation in its thread", async () => {
    const ticket = await newTicket("slack:UTALNT002", "No hot water");
    await h.test.app.tickets.dispatcher.flush();
    const since = h.api.calls.length;
    await h.channel.notifier.send(note(ticket, { to: `slack:${STAFF.zhangMin}`, kind: "escalation", text: "【SLA 升级】overdue", actions: [{ id: "reassign", label: "Reassign", payload: ticket.id }] }));
    const [card, escalation] = h.api.calls.slice(since);
    expect(card).toMatchObject({ method: "chat.postMessage", body: { channel: STAFF.zhangMin } });
    expect(blockText(card)).toContain(ticket.id);
    expect(escalation).toMatchObject({ method: "chat.postMessage", body: { channel: `D${STAFF.zhangMin.slice(1)}`, thread_ts: card!.ts } });
    expect(String(escalation!.body.text)).toMatch(new RegExp(`^<@${STAFF.zhangMin}> `));

    // Both cards follow the ticket.
    const before = h.api.calls.length;
    const outcome = await h.deps.core.claimTicket(`slack:${STAFF.liWei}`, ticket.id);
    expect(outcome.ok).toBe(true);
    await h.api.waitFor((c) => c.method === "chat.update" && c.body.channel === `D${STAFF.liWei.slice(1)}`, { since: before });
    await h.api.waitFor((c) => c.method === "chat.update" && c.body.channel === `D${STAFF.zhangMin.slice(1)}`, { since: before });
    const updates = h.api.calls.slice(before).filter((c) => c.method === "chat.update");
    for (const u of updates) expect(blockText(u)).toMatch(/已受理 claimed/);
  });

  it("should send a talent's notification as a DM with its buttons", async () => {
    const ticket = await newTicket("slack:UTALNT003", "Broken window");
    await h.test.app.tickets.dispatcher.flush();
    const since = h.api.calls.length;
    await h.channel.notifier.send(
      note(ticket, { to: "slack:UTALNT003", kind: "rating_request", text: "Resolved: please rate", lang: "en", actions: [1, 2].map((n) => ({ id: "rate", label: "★".repeat(n), payload: `${ticket.id}:${n}` })) }),
    );
    const dm = h.api.calls[since]!;
    expect(dm.body).toMatchObject({ channel: "UTALNT003", text: "Resolved: please rate" });
    expect(dm.body.thread_ts).toBeUndefined();
    expect(buttonsOf(dm).map((b) => [b.action_id, JSON.parse(b.value!)])).toEqual([
      ["engine:rate:0", { id: "rate", payload: `${ticket.id}:1` }],
      ["engine:rate:1", { id: "rate", payload: `${ticket.id}:2` }],
    ]);
  });

  it("should fail a delivery Slack refuses, so the outbox retries it", async () => {
    const ticket = await newTicket("slack:UTALNT004", "Door lock broken");
    h.api.failNext("chat.postMessage", "channel_not_found");
    const first = await h.test.app.tickets.dispatcher.flush();
    expect(first).toMatchObject({ delivered: 0, failed: 1 });
    await expect(h.channel.notifier.send(note(ticket, { to: "slack:UTALNT004", kind: "status", text: "x" }))).resolves.toBeUndefined();
    h.api.failNext("chat.postMessage", "ratelimited");
    await expect(h.channel.notifier.send(note(ticket, { to: "slack:UTALNT004", kind: "status", text: "y" }))).rejects.toThrow(/ratelimited/);
    await expect(h.channel.notifier.send(note(ticket, { to: "telegram:42", kind: "status", text: "z" }))).rejects.toThrow(/slack:U/);
  });
});
