import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MemoryTicketRepository } from "../../src/tickets/memory.ts";
import { parseRoster } from "../../src/tickets/roster.ts";
import { TicketService, type NewTicket } from "../../src/tickets/service.ts";
import { ticketTexts } from "../../src/core/ticket-texts.ts";
import { TicketError, type HistoryEntry, type PendingNotification, type Ticket, type TicketErrorCode } from "../../src/tickets/ticket.ts";
import { ROOT } from "../fixtures/app.ts";

/**
 * TicketService with in-memory tickets, the shipped example roster and a clock the test moves by hand:
 * routing and deadlines, who may see and do what, the notifications each change queues, and the history.
 *
 * Example roster: li-wei (housing, settlement, other; alice's own commissioner), chen-jing (schooling, medical),
 * both supervised by zhang-min (off duty); admins console:admin and slack:U0ADMIN01.
 */

const ROSTER = parseRoster(readFileSync(path.join(ROOT, "config/roster.example.yaml"), "utf8"), "config/roster.example.yaml");
const START = Date.parse("2026-03-02T09:00:00.000Z");
const HOUR = 3_600_000;
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const LI_WEI = "李伟 Li Wei";

function world() {
  let now = START;
  let ids = 0;
  const repo = new MemoryTicketRepository(ROSTER.ticketPrefix);
  const service = new TicketService({ repo, roster: ROSTER, clock: () => new Date(now), texts: ticketTexts, id: () => `n-${++ids}` });
  const actor = (user: string) => service.actor(user);
  return {
    repo,
    service,
    now: () => now,
    advance: (ms: number) => void (now += ms),
    alice: actor("console:alice"),
    bob: actor("console:bob"),
    li: actor("console:li-wei"),
    chen: actor("console:chen-jing"),
    zhang: actor("console:zhang-min"),
    admin: actor("console:admin"),
  };
}
type World = ReturnType<typeof world>;

const schooling = (talent: string, over: Partial<NewTicket> = {}): NewTicket => ({
  talent,
  category: "schooling",
  summary: "Enrol my daughter in Grade 3",
  details: "Please help me enrol my daughter in Grade 3",
  fields: { child: "Grade 3", contact: "this chat" },
  lang: "en",
  ...over,
});
const housing = (talent: string, over: Partial<NewTicket> = {}): NewTicket => ({
  talent,
  category: "housing",
  summary: "暖气坏了",
  details: "暖气坏了，东湖苑3栋502",
  fields: { address: "东湖苑3栋502", contact: "this chat" },
  lang: "zh",
  ...over,
});

/** The error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<TicketError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the operation should have been refused").toBeInstanceOf(TicketError);
  return err as TicketError;
}

async function expectRefused(p: Promise<unknown>, code: TicketErrorCode, message?: RegExp | string): Promise<TicketError> {
  const err = await failure(p);
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  return err;
}

async function stored(w: World, id: string): Promise<Ticket> {
  const t = await w.repo.get(id);
  expect(t, `ticket ${id}`).toBeDefined();
  return t!;
}

/**
 * Runs one operation a minute after the previous one and checks that it only appended to the history: the
 * earlier entries are exactly as they were. Returns the stored ticket and the entries the operation added.
 */
async function step(w: World, id: string, op: () => Promise<unknown>): Promise<{ ticket: Ticket; added: HistoryEntry[]; queued: PendingNotification[] }> {
  w.advance(MIN);
  const before = await stored(w, id);
  await op();
  const after = await stored(w, id);
  expect(after.history.slice(0, before.history.length), "earlier history entries must never change").toEqual(before.history);
  expect(after.outbox.slice(0, before.outbox.length)).toEqual(before.outbox);
  for (const h of after.history.slice(before.history.length)) expect(h.at).toBe(iso(w.now()));
  return { ticket: after, added: after.history.slice(before.history.length), queued: after.outbox.slice(before.outbox.length) };
}

/** An operation that must be refused and must leave the ticket exactly as it was. */
async function refusedStep(w: World, id: string, op: () => Promise<unknown>, code: TicketErrorCode, message?: RegExp | string): Promise<TicketError> {
  const before = await stored(w, id);
  const err = await expectRefused(op(), code, message);
  expect(await stored(w, id)).toEqual(before);
  return err;
}

const brief = (h: HistoryEntry) => [h.action, h.by, h.from ?? "", h.to ?? "", h.text ?? "", h.rating ?? ""].join("|");

describe("TicketService.create", () => {
  it("should route a talent with their own commissioner to that commissioner, whatever the category", async () => {
    const w = world();
    for (const category of ["schooling", "medical", "housing"] as const) {
      const { ticket, commissioner } = await w.service.create(schooling("console:alice", { category }));
      expect(commissioner.id).toBe("li-wei");
      expect(commissioner.name).toBe(LI_WEI);
      expect(ticket.commissioner).toBe("li-wei");
    }
  });

  it("should route anyone else to the on-duty commissioner for the category, never to the off-duty supervisor", async () => {
    const w = world();
    const expected = { schooling: "chen-jing", medical: "chen-jing", housing: "li-wei", settlement: "li-wei", other: "li-wei" } as const;
    for (const [category, id] of Object.entries(expected) as [keyof typeof expected, string][]) {
      const { ticket, commissioner } = await w.service.create(schooling("console:bob", { category }));
      expect(commissioner.id, category).toBe(id);
      expect(ticket.commissioner, category).toBe(id);
    }
  });

  it("should file a new ticket with an id, the talent's request, a 'created' history entry and version 1", async () => {
    const w = world();
    const { ticket } = await w.service.create(schooling("console:bob"));
    expect(ticket.id).toMatch(/^WT-2026-\d{6}$/);
    expect(ticket).toMatchObject({
      talent: "console:bob",
      category: "schooling",
      priority: "normal",
      status: "new",
      lang: "en",
      summary: "Enrol my daughter in Grade 3",
      fields: { child: "Grade 3", contact: "this chat" },
      createdAt: iso(START),
      version: 1,
    });
    expect(ticket.history).toEqual([{ at: iso(START), by: "console:bob", action: "created", to: "new", text: "Enrol my daughter in Grade 3" }]);
    expect(await w.service.get(ticket.id, w.bob)).toEqual(ticket);
  });

  it("should set the deadlines from the roster's SLA: an urgent housing problem is due in 2 hours", async () => {
    const w = world();
    const r = await w.service.create(housing("console:bob", { priority: "urgent" }));
    expect(r.firstResponseHours).toBe(2);
    expect(r.ticket.firstResponseDue).toBe(iso(START + 2 * HOUR));
    expect(r.ticket.resolutionDue).toBe(iso(START + 24 * HOUR));
    // The commissioner's notice says which clock its deadline is on.
    expect(r.ticket.outbox[0]!.text).toContain(`首次响应时限：${iso(START + 2 * HOUR).slice(0, 16).replace("T", " ")} UTC`);
  });

  it.each([
    { what: "normal schooling (default normal)", input: schooling("console:bob"), first: 24, resolution: 120 },
    { what: "urgent schooling (default urgent)", input: schooling("console:bob", { priority: "urgent" }), first: 4, resolution: 48 },
    { what: "urgent medical (category override)", input: schooling("console:bob", { category: "medical", priority: "urgent" }), first: 2, resolution: 24 },
    { what: "normal housing (no normal override)", input: housing("console:bob"), first: 24, resolution: 120 },
  ])("should set the deadlines for $what", async ({ input, first, resolution }) => {
    const w = world();
    w.advance(37 * MIN);
    const r = await w.service.create(input);
    expect(r.firstResponseHours).toBe(first);
    expect(r.ticket.firstResponseDue).toBe(iso(w.now() + first * HOUR));
    expect(r.ticket.resolutionDue).toBe(iso(w.now() + resolution * HOUR));
  });

  it("should queue one notification to the commissioner's first channel with Claim, Reply, Resolve and Reassign buttons", async () => {
    const w = world();
    const { ticket } = await w.service.create(schooling("console:bob"));
    expect(ticket.outbox).toHaveLength(1);
    const n = ticket.outbox[0]!;
    expect(n).toMatchObject({ to: "console:chen-jing", kind: "ticket_created", attempts: 0, createdAt: iso(START), notBefore: iso(START) });
    expect(n.text).toContain(ticket.id);
    expect(n.text).toContain("Enrol my daughter in Grade 3");
    expect(n.text).toContain("console:bob");
    expect(n.actions?.map((a) => [a.id, a.label, a.payload])).toEqual([
      ["claim", "Claim", ticket.id],
      ["reply", "Reply", ticket.id],
      ["resolve", "Resolve", ticket.id],
      ["reassign", "Reassign", ticket.id],
    ]);
  });
});

describe("who may see and act on a ticket", () => {
  it("should tell a talent guessing someone else's ticket id that it does not exist, exactly as for a missing id", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    const missing = "WT-2026-999999";

    const hidden = await expectRefused(w.service.get(ticket.id, w.bob), "not_found");
    const lowercase = await expectRefused(w.service.get(ticket.id.toLowerCase(), w.bob), "not_found");
    const absent = await expectRefused(w.service.get(missing, w.bob), "not_found");

    expect(hidden.message).toBe(`There is no ticket ${ticket.id}.`);
    expect(lowercase.message).toBe(hidden.message);
    expect(hidden.message.replace(ticket.id, "ID")).toBe(absent.message.replace(missing, "ID"));
    expect(hidden.message).not.toMatch(/alice|permission|forbidden|not allowed|belong/i);
  });

  it("should show a talent their own ticket, and staff any ticket", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    for (const who of [w.alice, w.li, w.chen, w.zhang, w.admin]) expect((await w.service.get(ticket.id, who)).id).toBe(ticket.id);
  });

  it.each([
    { what: "claim", op: (w: World, id: string) => w.service.claim(id, w.bob), message: /Only service commissioners and admins can claim tickets/ },
    { what: "start", op: (w: World, id: string) => w.service.start(id, w.bob), message: /Only service commissioners and admins can work on tickets/ },
    { what: "reply", op: (w: World, id: string) => w.service.reply(id, w.bob, "done"), message: /Only service commissioners and admins can reply on tickets/ },
    { what: "resolve", op: (w: World, id: string) => w.service.resolve(id, w.bob, "done"), message: /Only service commissioners and admins can resolve tickets/ },
    { what: "reassign", op: (w: World, id: string) => w.service.reassign(id, w.bob, "chen-jing"), message: /Only service commissioners and admins can reassign tickets/ },
  ])("should refuse to let a talent $what someone else's ticket, with a clear reason", async ({ op, message }) => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await refusedStep(w, ticket.id, () => op(w, ticket.id), "forbidden", message);
  });

  it("should refuse to let a talent claim, reply on, resolve or reassign even their own ticket", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await refusedStep(w, ticket.id, () => w.service.claim(ticket.id, w.alice), "forbidden", /Only service commissioners and admins/);
    await refusedStep(w, ticket.id, () => w.service.reply(ticket.id, w.alice, "done"), "forbidden", /Only service commissioners and admins/);
    await refusedStep(w, ticket.id, () => w.service.resolve(ticket.id, w.alice, "done"), "forbidden", /Only service commissioners and admins/);
    await refusedStep(w, ticket.id, () => w.service.reassign(ticket.id, w.alice, "chen-jing"), "forbidden", /Only service commissioners and admins/);
  });

  it("should not let a talent message, cancel or rate someone else's ticket, and say it does not exist", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await refusedStep(w, ticket.id, () => w.service.talentMessage(ticket.id, w.bob, "hello"), "not_found", `There is no ticket ${ticket.id}.`);
    await refusedStep(w, ticket.id, () => w.service.cancel(ticket.id, w.bob), "not_found", `There is no ticket ${ticket.id}.`);
    await w.service.claim(ticket.id, w.li);
    await w.service.resolve(ticket.id, w.li, "fixed");
    await refusedStep(w, ticket.id, () => w.service.rate(ticket.id, w.bob, 1), "not_found", `There is no ticket ${ticket.id}.`);
  });

  it("should list a talent's own tickets only, a commissioner's assigned ones, and every open ticket for an admin", async () => {
    const w = world();
    const a1 = (await w.service.create(schooling("console:alice"))).ticket; // li-wei (alice's own)
    w.advance(MIN);
    const b1 = (await w.service.create(schooling("console:bob"))).ticket; // chen-jing
    w.advance(MIN);
    const b2 = (await w.service.create(housing("console:bob"))).ticket; // li-wei
    w.advance(MIN);
    const c1 = (await w.service.create(housing("telegram:777"))).ticket; // li-wei, then cancelled
    await w.service.cancel(c1.id, w.li, "duplicate");
    const ids = (list: Ticket[]) => list.map((t) => t.id).sort();

    expect(ids(await w.service.listFor(w.alice))).toEqual([a1.id]);
    expect(ids(await w.service.listFor(w.bob))).toEqual(ids([b1, b2]));
    expect(ids(await w.service.listFor(w.service.actor("telegram:777")))).toEqual([c1.id]);
    expect(ids(await w.service.listFor(w.service.actor("console:nobody")))).toEqual([]);
    expect(ids(await w.service.listFor(w.li))).toEqual(ids([a1, b2, c1]));
    expect(ids(await w.service.listFor(w.li, "new"))).toEqual(ids([a1, b2]));
    expect(ids(await w.service.listFor(w.chen))).toEqual([b1.id]);
    expect(ids(await w.service.listFor(w.zhang))).toEqual([]);
    // Open tickets only: the cancelled one is not among them.
    expect(ids(await w.service.listFor(w.admin))).toEqual(ids([a1, b1, b2]));
    expect(ids(await w.service.listFor(w.service.actor("slack:U0ADMIN01")))).toEqual(ids([a1, b1, b2]));
    expect(ids(await w.service.listFor(w.admin, "cancelled"))).toEqual([c1.id]);
  });
});

describe("replies and messages", () => {
  it.each([
    { lang: "en" as const, expected: (id: string) => `Reply on your ticket ${id} from ${LI_WEI}:\nPlease bring your residence permit.`, text: "Please bring your residence permit." },
    { lang: "zh" as const, expected: (id: string) => `您的工单 ${id} 有新回复（${LI_WEI}）：\n请带上户口本`, text: "请带上户口本" },
    { lang: "zh-Hant" as const, expected: (id: string) => `您的工單 ${id} 有新回覆（李偉 Li Wei）：\n請帶上戶口本`, text: "请带上户口本" },
  ])("should queue the reply to the talent in the ticket's language ($lang)", async ({ lang, expected, text }) => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice", { lang }));
    const { queued } = await step(w, ticket.id, () => w.service.reply(ticket.id, w.li, text));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ to: "console:alice", kind: "reply", lang, text: expected(ticket.id), createdAt: iso(w.now()) });
  });

  it("should record the first response once: the first reply sets it, later replies do not move it", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    expect(ticket.firstResponseAt).toBeUndefined();

    w.advance(30 * MIN);
    const first = await step(w, ticket.id, () => w.service.reply(ticket.id, w.li, "收到，明天上门"));
    const answeredAt = iso(w.now());
    expect(first.ticket.firstResponseAt).toBe(answeredAt);
    // A reply on a new ticket claims it.
    expect(first.ticket.status).toBe("claimed");
    expect(first.added.map(brief)).toEqual(["reply|console:li-wei|||收到，明天上门|", "status|console:li-wei|new|claimed||"]);

    w.advance(3 * HOUR);
    const second = await step(w, ticket.id, () => w.service.reply(ticket.id, w.li, "师傅已出发"));
    expect(second.ticket.firstResponseAt).toBe(answeredAt);
    expect(second.ticket.status).toBe("claimed");
    expect(second.added.map(brief)).toEqual(["reply|console:li-wei|||师傅已出发|"]);
  });

  it("should count claiming as the first response", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    const claimed = await step(w, ticket.id, () => w.service.claim(ticket.id, w.li));
    expect(claimed.ticket.firstResponseAt).toBe(iso(w.now()));
    const replied = await step(w, ticket.id, () => w.service.reply(ticket.id, w.li, "on my way"));
    expect(replied.ticket.firstResponseAt).toBe(claimed.ticket.firstResponseAt);
  });

  it("should wait for the talent, then move back to in progress and notify the commissioner when the talent answers", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await step(w, ticket.id, () => w.service.claim(ticket.id, w.li));

    const asked = await step(w, ticket.id, () => w.service.reply(ticket.id, w.li, "请提供房号", { waitForTalent: true }));
    expect(asked.ticket.status).toBe("waiting_on_talent");
    expect(asked.added.map(brief)).toEqual(["reply|console:li-wei|||请提供房号|", "status|console:li-wei|claimed|waiting_on_talent||"]);
    expect(asked.queued.map((n) => [n.to, n.kind])).toEqual([["console:alice", "reply"]]);

    const answered = await step(w, ticket.id, () => w.service.talentMessage(ticket.id, w.alice, "3栋502"));
    expect(answered.ticket.status).toBe("in_progress");
    expect(answered.added.map(brief)).toEqual(["talent_message|console:alice|||3栋502|", "status|system|waiting_on_talent|in_progress|the talent replied|"]);
    expect(answered.queued).toHaveLength(1);
    expect(answered.queued[0]).toMatchObject({ to: "console:li-wei", kind: "talent_message" });
    expect(answered.queued[0]!.text).toContain(ticket.id);
    expect(answered.queued[0]!.text).toContain("3栋502");

    // A further message keeps the status and still reaches the commissioner.
    const more = await step(w, ticket.id, () => w.service.talentMessage(ticket.id, w.alice, "下午在家"));
    expect(more.ticket.status).toBe("in_progress");
    expect(more.added.map(brief)).toEqual(["talent_message|console:alice|||下午在家|"]);
    expect(more.queued.map((n) => [n.to, n.kind])).toEqual([["console:li-wei", "talent_message"]]);
  });

  it("should refuse replies and talent messages on a closed ticket", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await w.service.claim(ticket.id, w.li);
    await w.service.resolve(ticket.id, w.li, "fixed");
    await w.service.rate(ticket.id, w.alice, 5);
    await refusedStep(w, ticket.id, () => w.service.reply(ticket.id, w.li, "one more thing"), "illegal_transition", /closed/);
    await refusedStep(w, ticket.id, () => w.service.talentMessage(ticket.id, w.alice, "thanks"), "illegal_transition", /closed/);
  });
});

describe("resolving and rating", () => {
  async function resolved(w: World, lang: NewTicket["lang"] = "zh") {
    const { ticket } = await w.service.create(housing("console:alice", { lang }));
    await step(w, ticket.id, () => w.service.claim(ticket.id, w.li));
    const r = await step(w, ticket.id, () => w.service.resolve(ticket.id, w.li, "已更换暖气阀门"));
    return { id: ticket.id, ...r };
  }

  it("should resolve with a note and ask the talent for a rating with five buttons", async () => {
    const w = world();
    const { id, ticket, added, queued } = await resolved(w, "en");
    expect(ticket.status).toBe("resolved");
    expect(ticket.resolvedAt).toBe(iso(w.now()));
    expect(added.map(brief)).toEqual(["status|console:li-wei|claimed|resolved|已更换暖气阀门|"]);
    expect(queued).toHaveLength(1);
    const n = queued[0]!;
    expect(n).toMatchObject({ to: "console:alice", kind: "rating_request", lang: "en" });
    expect(n.text).toContain(`Your ticket ${id} has been resolved: 已更换暖气阀门`);
    expect(n.text).toMatch(/rate the service from 1 to 5/);
    expect(n.actions?.map((a) => [a.id, a.label, a.payload])).toEqual([1, 2, 3, 4, 5].map((k) => ["rate", "★".repeat(k), `${id}:${k}`]));
  });

  it.each([5, 4, 3])("should close the ticket when the talent rates it %i", async (score) => {
    const w = world();
    const { id } = await resolved(w);
    const r = await step(w, id, () => w.service.rate(id, w.alice, score, "谢谢"));
    expect(r.ticket.status).toBe("closed");
    expect(r.ticket.rating).toEqual({ score, comment: "谢谢", at: iso(w.now()) });
    expect(r.added.map(brief)).toEqual([`rated|console:alice|||谢谢|${score}`, "status|console:alice|resolved|closed||"]);
    // Nobody needs to hear about a good rating.
    expect(r.queued).toEqual([]);
  });

  it.each([
    { what: "a rating of 2", score: 2, notSolved: false },
    { what: "a rating of 1", score: 1, notSolved: false },
    { what: "'not solved' with a rating of 4", score: 4, notSolved: true },
  ])("should reopen the ticket and tell the commissioner on $what", async ({ score, notSolved }) => {
    const w = world();
    const { id } = await resolved(w);
    const r = await step(w, id, () => w.service.rate(id, w.alice, score, "还是不热", notSolved));
    expect(r.ticket.status).toBe("reopened");
    expect(r.added.map(brief)).toEqual([`rated|console:alice|||还是不热|${score}`, "status|console:alice|resolved|reopened|还是不热|"]);
    expect(r.queued).toHaveLength(1);
    expect(r.queued[0]).toMatchObject({ to: "console:li-wei", kind: "status" });
    expect(r.queued[0]!.text).toContain(id);
    expect(r.queued[0]!.text).toContain(`评分 ${score}`);
    expect(r.queued[0]!.text).toContain("还是不热");

    // The reopened ticket goes round again.
    await step(w, id, () => w.service.reply(id, w.li, "明天再来"));
    expect((await stored(w, id)).status).toBe("claimed");
  });

  it("should refuse to rate a ticket that is not resolved", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await refusedStep(w, ticket.id, () => w.service.rate(ticket.id, w.alice, 5), "illegal_transition", new RegExp(`${ticket.id} is new; only a resolved ticket can be rated`));
    await w.service.claim(ticket.id, w.li);
    await w.service.start(ticket.id, w.li);
    await refusedStep(w, ticket.id, () => w.service.rate(ticket.id, w.alice, 5), "illegal_transition", /is in_progress; only a resolved ticket can be rated/);
  });

  it("should refuse a second rating once the ticket is closed", async () => {
    const w = world();
    const { id } = await resolved(w);
    await w.service.rate(id, w.alice, 5);
    await refusedStep(w, id, () => w.service.rate(id, w.alice, 1), "illegal_transition", /is closed/);
  });

  it("should let only the talent who filed the ticket rate it", async () => {
    const w = world();
    const { id } = await resolved(w);
    await refusedStep(w, id, () => w.service.rate(id, w.li, 5), "forbidden", `Only the talent who filed ${id} can rate it.`);
    await refusedStep(w, id, () => w.service.rate(id, w.admin, 5), "forbidden", `Only the talent who filed ${id} can rate it.`);
    await refusedStep(w, id, () => w.service.rate(id, w.bob, 5), "not_found");
  });

  it.each([0, 6, 4.5, Number.NaN])("should refuse a rating of %s", async (score) => {
    const w = world();
    const { id } = await resolved(w);
    await refusedStep(w, id, () => w.service.rate(id, w.alice, score), "invalid", "A rating is a whole number from 1 to 5.");
  });
});

describe("reassigning", () => {
  async function liWeisTicket(w: World): Promise<string> {
    return (await w.service.create(housing("console:alice"))).ticket.id;
  }

  it("should not let a colleague who is not the supervisor reassign someone else's ticket", async () => {
    const w = world();
    const id = await liWeisTicket(w);
    const err = await refusedStep(w, id, () => w.service.reassign(id, w.chen, "chen-jing"), "forbidden");
    expect(err.message).toBe(`Only li-wei, their supervisor or an admin can reassign ${id}.`);
  });

  it.each([
    { who: "the supervisor", actor: (w: World) => w.zhang, by: "console:zhang-min" },
    { who: "an admin", actor: (w: World) => w.admin, by: "console:admin" },
    { who: "the current commissioner", actor: (w: World) => w.li, by: "console:li-wei" },
  ])("should let $who pass the ticket on, and notify the new commissioner", async ({ actor, by }) => {
    const w = world();
    const id = await liWeisTicket(w);
    const r = await step(w, id, () => w.service.reassign(id, actor(w), "chen-jing"));
    expect(r.ticket.commissioner).toBe("chen-jing");
    expect(r.ticket.status).toBe("new");
    expect(r.added.map(brief)).toEqual([`reassigned|${by}|||li-wei → chen-jing|`]);
    expect(r.queued).toHaveLength(1);
    expect(r.queued[0]).toMatchObject({ to: "console:chen-jing", kind: "reassigned" });
    expect(r.queued[0]!.text).toContain(id);
    expect(r.queued[0]!.text).toContain("暖气坏了");
    // The ticket is now on chen-jing's list and off li-wei's.
    expect((await w.service.listFor(w.chen)).map((t) => t.id)).toEqual([id]);
    expect((await w.service.listFor(w.li)).map((t) => t.id)).toEqual([]);
  });

  it("should not let the previous commissioner take a reassigned ticket back", async () => {
    const w = world();
    const id = await liWeisTicket(w);
    await w.service.reassign(id, w.li, "chen-jing");
    await refusedStep(w, id, () => w.service.reassign(id, w.li, "li-wei"), "forbidden", `Only chen-jing, their supervisor or an admin can reassign ${id}.`);
  });

  it("should refuse a commissioner who is not in the roster, and a ticket that is no longer open", async () => {
    const w = world();
    const id = await liWeisTicket(w);
    await refusedStep(w, id, () => w.service.reassign(id, w.admin, "wang-fang"), "invalid", `There is no commissioner "wang-fang" in the roster.`);
    await w.service.cancel(id, w.alice);
    await refusedStep(w, id, () => w.service.reassign(id, w.admin, "chen-jing"), "illegal_transition", /only open tickets can be reassigned/);
  });
});

describe("cancelling", () => {
  it("should let the talent withdraw their own open ticket, after which nothing more can happen to it", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice"));
    await step(w, ticket.id, () => w.service.claim(ticket.id, w.li));
    const r = await step(w, ticket.id, () => w.service.cancel(ticket.id, w.alice, "已自行解决"));
    expect(r.ticket.status).toBe("cancelled");
    expect(r.added.map(brief)).toEqual(["status|console:alice|claimed|cancelled|已自行解决|"]);
    // The talent is not told about their own action; the commissioner working on it is.
    expect(r.queued.filter((n) => n.to === "console:alice")).toEqual([]);
    expect(r.queued).toHaveLength(1);
    expect(r.queued[0]).toMatchObject({ to: "console:li-wei", kind: "status", text: `工单 ${ticket.id} 已被人才撤销。已自行解决` });

    await refusedStep(w, ticket.id, () => w.service.claim(ticket.id, w.li), "illegal_transition", /is cancelled; it cannot become claimed \(it is final\)/);
    await refusedStep(w, ticket.id, () => w.service.cancel(ticket.id, w.alice), "illegal_transition", /it is final/);
    await refusedStep(w, ticket.id, () => w.service.talentMessage(ticket.id, w.alice, "还在吗"), "illegal_transition", /no longer takes messages/);
  });

  it("should tell the talent when staff cancel their ticket", async () => {
    const w = world();
    const { ticket } = await w.service.create(schooling("console:bob"));
    const r = await step(w, ticket.id, () => w.service.cancel(ticket.id, w.chen, "duplicate of another request"));
    expect(r.ticket.status).toBe("cancelled");
    expect(r.queued).toHaveLength(1);
    expect(r.queued[0]).toMatchObject({ to: "console:bob", kind: "status", lang: "en", text: `Your ticket ${ticket.id} is now cancelled. duplicate of another request` });
  });
});

describe("the history of a ticket", () => {
  it("should record every change in order and never rewrite an earlier entry", async () => {
    const w = world();
    const { ticket } = await w.service.create(housing("console:alice", { priority: "urgent" }));
    const id = ticket.id;

    await step(w, id, () => w.service.claim(id, w.li));
    await step(w, id, () => w.service.reply(id, w.li, "请提供房号", { waitForTalent: true }));
    await step(w, id, () => w.service.talentMessage(id, w.alice, "3栋502"));
    await step(w, id, () => w.service.reassign(id, w.zhang, "chen-jing"));
    await step(w, id, () => w.service.resolve(id, w.chen, "已修好"));
    await step(w, id, () => w.service.rate(id, w.alice, 2, "还是不热"));
    await step(w, id, () => w.service.claim(id, w.chen));
    await step(w, id, () => w.service.start(id, w.chen));
    await step(w, id, () => w.service.resolve(id, w.chen, "更换了暖气片"));
    const last = await step(w, id, () => w.service.rate(id, w.alice, 5));

    const t = last.ticket;
    expect(t.status).toBe("closed");
    expect(t.history.map(brief)).toEqual([
      "created|console:alice||new|暖气坏了|",
      "status|console:li-wei|new|claimed||",
      "reply|console:li-wei|||请提供房号|",
      "status|console:li-wei|claimed|waiting_on_talent||",
      "talent_message|console:alice|||3栋502|",
      "status|system|waiting_on_talent|in_progress|the talent replied|",
      "reassigned|console:zhang-min|||li-wei → chen-jing|",
      "status|console:chen-jing|in_progress|resolved|已修好|",
      "rated|console:alice|||还是不热|2",
      "status|console:alice|resolved|reopened|还是不热|",
      "status|console:chen-jing|reopened|claimed||",
      "status|console:chen-jing|claimed|in_progress||",
      "status|console:chen-jing|in_progress|resolved|更换了暖气片|",
      "rated|console:alice||||5",
      "status|console:alice|resolved|closed||",
    ]);
    // Oldest first, one minute per step.
    const times = t.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times.at(-1)! - times[0]!).toBe(10 * MIN);
    // The first response was the claim; resolvedAt is the last resolution.
    expect(t.firstResponseAt).toBe(iso(START + MIN));
    expect(t.resolvedAt).toBe(iso(START + 9 * MIN));
    expect(t.rating).toEqual({ score: 5, at: iso(START + 10 * MIN) });
    // Every queued notification is still there, in order (nothing delivered them in this test).
    expect(t.outbox.map((n) => `${n.kind}→${n.to}`)).toEqual([
      "ticket_created→console:li-wei",
      "reply→console:alice",
      "talent_message→console:li-wei",
      "reassigned→console:chen-jing",
      "rating_request→console:alice",
      "status→console:chen-jing",
      "rating_request→console:alice",
    ]);
  });
});
