import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryCoordination, MemoryTicketRepository } from "../../src/tickets/memory.ts";
import { Dispatcher } from "../../src/tickets/outbox.ts";
import type { Coordination, Notifier, OutgoingNotification, TicketRepository } from "../../src/tickets/ports.ts";
import { rosterSchema } from "../../src/tickets/roster.ts";
import { TicketService } from "../../src/tickets/service.ts";
import { ticketTexts } from "../../src/core/ticket-texts.ts";
import { formatDuration, SlaClock } from "../../src/tickets/sla.ts";
import { createTicketStore } from "../../src/tickets/store.ts";
import type { PendingNotification, Ticket } from "../../src/tickets/ticket.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-sla-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const MIN = 60_000;

const roster = rosterSchema.parse({
  commissioners: [
    { id: "li-wei", name: "李伟 Li Wei", channels: ["console:li-wei", "telegram:100000001"], categories: ["housing", "settlement", "other"], supervisor: "zhang-min" },
    { id: "chen-jing", name: "陈静 Chen Jing", channels: ["slack:U0CHENJ01"], categories: ["schooling", "medical"] },
    { id: "zhang-min", name: "张敏 Zhang Min", channels: ["slack:U0ZHANG01", "console:zhang-min"], onDuty: false },
  ],
  admins: ["console:admin", "slack:U0ADMIN01"],
  sla: { default: { normal: { firstResponseHours: 24, resolutionHours: 120 } }, reminderBeforeMinutes: 60 },
});

/** A mutable fake clock. */
function fakeClock(start = "2026-03-02T09:00:00.000Z") {
  let now = new Date(start).getTime();
  return { clock: () => new Date(now), set: (ms: number) => void (now = ms), advance: (ms: number) => void (now += ms) };
}

function setup(repo: TicketRepository = new MemoryTicketRepository(), coordination: Coordination = new MemoryCoordination()) {
  const fake = fakeClock();
  const service = new TicketService({ repo, roster, clock: fake.clock, texts: ticketTexts });
  const sla = new SlaClock({ repo, coordination, roster, clock: fake.clock });
  return { repo, coordination, fake, service, sla };
}

const housing = (talent = "console:bob") => ({ talent, category: "housing" as const, summary: "暖气坏了 Heating broken", details: "Since Monday", lang: "en" as const });
const slaOf = (t: Ticket | undefined, kind: PendingNotification["kind"]) => t?.outbox.filter((n) => n.kind === kind) ?? [];

describe("SlaClock", () => {
  it("should remind once inside the lead time, escalate once after the deadline to the supervisor, and then stay quiet", async () => {
    const { repo, fake, service, sla } = setup();
    const { ticket } = await service.create(housing());
    const due = Date.parse(ticket.firstResponseDue);
    expect(due - fake.clock().getTime()).toBe(24 * HOUR);

    expect(await sla.tick()).toEqual({ reminders: 0, escalations: 0 });
    fake.set(due - 61 * MIN);
    expect(await sla.tick()).toEqual({ reminders: 0, escalations: 0 });
    expect(slaOf(await repo.get(ticket.id), "reminder")).toEqual([]);

    fake.set(due - 45 * MIN);
    expect(await sla.tick()).toEqual({ reminders: 1, escalations: 0 });
    let t = await repo.get(ticket.id);
    const [reminder] = slaOf(t, "reminder");
    expect(slaOf(t, "reminder")).toHaveLength(1);
    expect(reminder).toMatchObject({ to: "console:li-wei", attempts: 0, lang: "zh", notBefore: fake.clock().toISOString() });
    expect(reminder!.text).toContain(ticket.id);
    expect(reminder!.text).toContain("45分钟");
    expect(reminder!.text).toContain("45 min");
    expect(t!.history.at(-1)).toMatchObject({ by: "system", action: "note" });
    expect(t!.history.at(-1)!.text).toContain("li-wei");

    fake.set(due - 10 * MIN);
    expect(await sla.tick()).toEqual({ reminders: 0, escalations: 0 });

    fake.set(due + 90 * MIN);
    expect(await sla.tick()).toEqual({ reminders: 0, escalations: 1 });
    t = await repo.get(ticket.id);
    const escalations = slaOf(t, "escalation");
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.to).toBe("slack:U0ZHANG01");
    expect(escalations[0]!.text).toContain(ticket.id);
    expect(escalations[0]!.text).toContain("li-wei");
    expect(escalations[0]!.text).toContain("李伟 Li Wei");
    expect(escalations[0]!.text).toContain("1小时30分钟");
    expect(escalations[0]!.text).toContain("1 h 30 min late");
    expect(t!.history.filter((h) => h.action === "note")).toHaveLength(2);

    const historyLength = t!.history.length;
    for (const later of [due + 2 * HOUR, due + 3 * 24 * HOUR]) {
      fake.set(later);
      expect(await sla.tick()).toEqual({ reminders: 0, escalations: 0 });
    }
    t = await repo.get(ticket.id);
    expect(slaOf(t, "reminder")).toHaveLength(1);
    expect(slaOf(t, "escalation")).toHaveLength(1);
    expect(t!.history).toHaveLength(historyLength);
  });

  it("should send nothing for a ticket that got its first response, or was cancelled", async () => {
    const { repo, fake, service, sla } = setup();
    const { ticket: answered } = await service.create(housing("console:a"));
    const { ticket: cancelled } = await service.create(housing("console:c"));
    await service.claim(answered.id, service.actor("console:li-wei"));
    await service.cancel(cancelled.id, service.actor("console:c"));

    fake.set(Date.parse(answered.firstResponseDue) - 30 * MIN);
    expect(await sla.tick()).toEqual({ reminders: 0, escalations: 0 });
    fake.set(Date.parse(answered.firstResponseDue) + 5 * HOUR);
    expect(await sla.tick()).toEqual({ reminders: 0, escalations: 0 });
    for (const id of [answered.id, cancelled.id]) {
      const t = await repo.get(id);
      expect(slaOf(t, "reminder")).toEqual([]);
      expect(slaOf(t, "escalation")).toEqual([]);
    }
  });

  it("should escalate to every admin when the commissioner has no supervisor", async () => {
    const { repo, fake, service, sla } = setup();
    const { ticket } = await service.create({ ...housing(), category: "schooling", summary: "School place" });
    expect(ticket.commissioner).toBe("chen-jing");
    fake.set(Date.parse(ticket.firstResponseDue) + 1 * MIN);
    expect(await sla.tick()).toEqual({ reminders: 1, escalations: 1 });
    const t = await repo.get(ticket.id);
    expect(slaOf(t, "escalation").map((n) => n.to)).toEqual(["console:admin", "slack:U0ADMIN01"]);
    expect(new Set(slaOf(t, "escalation").map((n) => n.id)).size).toBe(2);
    // A process that was down past the deadline still reminds the commissioner, worded as overdue.
    const [reminder] = slaOf(t, "reminder");
    expect(reminder!.to).toBe("slack:U0CHENJ01");
    expect(reminder!.text).toContain("已超时 1分钟");
    expect(reminder!.text).toContain("1 min ago");
  });

  it("should remind and escalate once per ticket across SlaClock instances sharing the coordination", async () => {
    const { repo, coordination, fake, service, sla } = setup();
    const tickets = await Promise.all([1, 2, 3].map((i) => service.create(housing(`console:t${i}`))));
    const other = new SlaClock({ repo, coordination, roster, clock: fake.clock });

    fake.set(Date.parse(tickets[0]!.ticket.firstResponseDue) - 30 * MIN);
    const reminded = await Promise.all([sla.tick(), other.tick(), sla.tick()]);
    expect(reminded.reduce((s, r) => s + r.reminders, 0)).toBe(3);
    // Once delivered, the reminders are gone from the outboxes: only the claims stop a second round.
    const sent: OutgoingNotification[] = [];
    const dispatcher = new Dispatcher({ repo, coordination, notifier: { send: async (n) => void sent.push(n) }, clock: fake.clock });
    await dispatcher.flush();
    expect(sent.filter((n) => n.kind === "reminder")).toHaveLength(3);
    expect(await new SlaClock({ repo, coordination, roster, clock: fake.clock }).tick()).toEqual({ reminders: 0, escalations: 0 });

    fake.advance(HOUR);
    const escalated = await Promise.all([other.tick(), sla.tick()]);
    expect(escalated.reduce((s, r) => s + r.escalations, 0)).toBe(3);
    expect(escalated.reduce((s, r) => s + r.reminders, 0)).toBe(0);

    await dispatcher.flush();
    expect(await new SlaClock({ repo, coordination, roster, clock: fake.clock }).tick()).toEqual({ reminders: 0, escalations: 0 });
    expect(sent.filter((n) => n.kind === "reminder")).toHaveLength(3);
    expect(sent.filter((n) => n.kind === "escalation")).toHaveLength(3);
    for (const { ticket } of tickets) {
      const t = await repo.get(ticket.id);
      expect(t!.outbox).toEqual([]);
      expect(t!.history.filter((h) => h.action === "note")).toHaveLength(2);
    }
  });

  it("should have its notifications delivered by the dispatcher like any other", async () => {
    const { repo, coordination, fake, service, sla } = setup();
    const { ticket } = await service.create(housing());
    fake.set(Date.parse(ticket.firstResponseDue) + 2 * HOUR);
    await sla.tick();
    const sent: OutgoingNotification[] = [];
    const notifier: Notifier = { send: async (n) => void sent.push(n) };
    expect(await new Dispatcher({ repo, coordination, notifier, clock: fake.clock }).flush()).toEqual({ delivered: 3, failed: 0 });
    expect(sent.map((n) => [n.kind, n.to])).toEqual([
      ["ticket_created", "console:li-wei"],
      ["reminder", "console:li-wei"],
      ["escalation", "slack:U0ZHANG01"],
    ]);
    expect((await repo.get(ticket.id))!.outbox).toEqual([]);
  });

  it("should run on a timer and stop", async () => {
    const { repo, fake, service, sla } = setup();
    const { ticket } = await service.create(housing());
    fake.set(Date.parse(ticket.firstResponseDue) + MIN);
    sla.start(5);
    for (let i = 0; i < 100 && slaOf(await repo.get(ticket.id), "escalation").length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await sla.stop();
    expect(slaOf(await repo.get(ticket.id), "escalation")).toHaveLength(1);
  });
});

describe("formatDuration", () => {
  it("should write days, hours and minutes in both languages", () => {
    expect(formatDuration(0)).toEqual({ zh: "0分钟", en: "0 min" });
    expect(formatDuration(90 * MIN)).toEqual({ zh: "1小时30分钟", en: "1 h 30 min" });
    expect(formatDuration(26 * HOUR)).toEqual({ zh: "1天2小时", en: "1 d 2 h" });
  });
});

describe("SlaClock on a SQLite store", () => {
  it("should remind and escalate once across processes' instances sharing the store", async () => {
    const url = `sqlite://${dir}/t.sqlite`;
    const a = await createTicketStore(url);
    const b = await createTicketStore(url);
    try {
      const fake = fakeClock();
      const service = new TicketService({ repo: a.repo, roster, clock: fake.clock, texts: ticketTexts });
      const { ticket } = await service.create(housing());
      const clocks = [a, b].map((s) => new SlaClock({ repo: s.repo, coordination: s.coordination, roster, clock: fake.clock }));

      fake.set(Date.parse(ticket.firstResponseDue) - 30 * MIN);
      const r1 = await Promise.all(clocks.map((c) => c.tick()));
      expect(r1.reduce((s, r) => s + r.reminders, 0)).toBe(1);
      const sent: OutgoingNotification[] = [];
      await new Dispatcher({ repo: a.repo, coordination: a.coordination, notifier: { send: async (n) => void sent.push(n) }, clock: fake.clock }).flush();
      expect(sent.map((n) => n.kind)).toEqual(["ticket_created", "reminder"]);
      expect((await Promise.all(clocks.map((c) => c.tick()))).every((r) => r.reminders === 0)).toBe(true);
      fake.advance(HOUR);
      const r2 = await Promise.all(clocks.map((c) => c.tick()));
      expect(r2.reduce((s, r) => s + r.escalations, 0)).toBe(1);
      expect(r2.reduce((s, r) => s + r.reminders, 0)).toBe(0);

      const t = await b.repo.get(ticket.id);
      expect(slaOf(t, "reminder")).toHaveLength(0); // delivered above
      expect(slaOf(t, "escalation").map((n) => n.to)).toEqual(["slack:U0ZHANG01"]);
      expect(t!.history.filter((h) => h.action === "note")).toHaveLength(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
