import { readFileSync } from "node:fs";
import path from "node:path";
import Keyv from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../../src/core/answer/answerer.ts";
import { ConversationStore, type ConversationState } from "../../../src/core/conversation-state.ts";
import { createEngine, type FlowContext } from "../../../src/core/engine.ts";
import { t, toScript, type Bilingual } from "../../../src/core/i18n.ts";
import { RuleIntentClassifier, TICKET_ID } from "../../../src/core/intents/rules.ts";
import type { Reply } from "../../../src/core/messages.ts";
import type { Profile } from "../../../src/core/profile.ts";
import { TEXTS } from "../../../src/core/texts.ts";
import { LocalHashEmbeddings } from "../../../src/knowledge/embedders/local.ts";
import { DEFAULT_ANSWER_THRESHOLD } from "../../../src/knowledge/hybrid-retriever.ts";
import { openOrBuild, type KnowledgeBase } from "../../../src/knowledge/knowledge-base.ts";
import { createKeyv } from "../../../src/storage/keyv.ts";
import { hasCjk, type Lang } from "../../../src/text/normalize.ts";
import { createTicketDesk, type TicketDeskOptions } from "../../../src/core/flows/desk.ts";
import { parseRating } from "../../../src/core/flows/rating.ts";
import { parseRelay } from "../../../src/core/flows/relay.ts";
import { DESK_TEXTS } from "../../../src/core/flows/shared.ts";
import { CHAT_CONTACT } from "../../../src/core/flows/draft/fields.ts";
import { MemoryTicketRepository } from "../../../src/tickets/memory.ts";
import { parseRoster } from "../../../src/tickets/roster.ts";
import { TicketService } from "../../../src/tickets/service.ts";
import { ticketTexts } from "../../../src/core/ticket-texts.ts";
import type { Ticket } from "../../../src/tickets/ticket.ts";
import { expectSimplified, expectTraditional, KNOWLEDGE, ROOT, talent } from "../../fixtures/app.ts";
import { tempDir } from "../../fixtures/policies.ts";

const ROSTER = parseRoster(readFileSync(path.join(ROOT, "config/roster.example.yaml"), "utf8"));
/** Sunday 22 November 2026, noon in Wutong. */
const NOW = new Date("2026-11-22T04:00:00Z");
const CHEN = "陈静 Chen Jing"; // schooling and medical, on duty
const LI = "李伟 Li Wei"; // housing, settlement, other

let dir: Awaited<ReturnType<typeof tempDir>>;
let kb: KnowledgeBase;

beforeAll(async () => {
  dir = await tempDir("desk");
  ({ kb } = await openOrBuild({ indexRoot: path.join(dir.path, "index"), knowledgeDir: KNOWLEDGE, embedder: new LocalHashEmbeddings() }));
});

afterAll(async () => {
  await dir?.cleanup();
});

interface World {
  repo: MemoryTicketRepository;
  service: TicketService;
  conversations: ConversationStore;
  desk: ReturnType<typeof createTicketDesk>;
  engine: ReturnType<typeof createEngine>;
}

/** The real engine (rules, extractive answers, the demo corpus) with the ticket desk and in-memory tickets. */
function world(options: { kv?: Keyv<ConversationState>; repo?: MemoryTicketRepository; desk?: Partial<TicketDeskOptions>; clock?: () => Date } = {}): World {
  const clock = options.clock ?? (() => NOW);
  const repo = options.repo ?? new MemoryTicketRepository("WT");
  const service = new TicketService({ repo, roster: ROSTER, clock, texts: ticketTexts });
  const desk = createTicketDesk({ service, knowledge: () => kb, ...options.desk });
  const conversations = new ConversationStore(options.kv ?? new Keyv<ConversationState>());
  const profiles = new Map<string, Profile>();
  const engine = createEngine({
    knowledge: () => kb,
    classifier: new RuleIntentClassifier(),
    answerer: new ExtractiveAnswerer(),
    conversations,
    profiles: { get: async (u) => profiles.get(u), set: async (u, p) => profiles.set(u, p) },
    desk,
    threshold: DEFAULT_ANSWER_THRESHOLD,
    clock,
  });
  return { repo, service, conversations, desk, engine };
}

let users = 0;
const newUser = (w: World) => talent(w.engine, `test:desk-${++users}`);

/** The reply asks `question` (a text with an `{examples}` slot is matched around it). */
function expectAsks(reply: Reply, question: Bilingual): void {
  const zh = question.zh.split("{examples}");
  const en = question.en.split("{examples}");
  zh.forEach((part, i) => expect(reply.text).toContain(t({ zh: part, en: en[i]! }, reply.lang)));
}

function expectScript(reply: Reply, lang: Lang): void {
  expect(reply.lang).toBe(lang);
  if (lang === "zh") expectSimplified(reply.text);
  else if (lang === "zh-Hant") expectTraditional(reply.text);
}

const ticketsOf = (w: World, user: string) => w.repo.list({ talent: user });

/** A ticket its commissioner has resolved, waiting for the talent's rating. */
async function resolvedTicket(w: World, user: string, lang: Lang = "zh"): Promise<string> {
  const { ticket } = await w.service.create({ talent: user, category: "housing", summary: "暖气坏了", details: "暖气坏了，东湖苑3栋502", lang });
  const li = w.service.actor("console:li-wei");
  await w.service.claim(ticket.id, li);
  await w.service.resolve(ticket.id, li, "已更换暖气阀门");
  return ticket.id;
}

describe("filing a request, one question at a time", () => {
  const CASES = [
    { lang: "en", request: "please help me enrol my daughter in Grade 3", district: "Donghu", contact: "this chat", confirm: "confirm", child: "Grade 3" },
    { lang: "zh", request: "请帮我女儿办理三年级入学", district: "东湖区", contact: "就在这里联系", confirm: "确认", child: "三年级" },
    { lang: "zh-Hant", request: "請幫我女兒辦理三年級入學", district: "東湖區", contact: "就在這裡聯繫", confirm: "確認", child: "三年级" },
  ] as const;

  it.each(CASES)("should file a schooling request from free text in $lang", async (c) => {
    const w = world();
    const me = newUser(w);

    const first = await me.say(c.request);
    expect(first.intent).toBe("request");
    expectScript(first, c.lang);
    expectAsks(first, DESK_TEXTS.askDistrict); // the grade was in the message; the district is optional
    expect(first.actions.map((a) => a.id)).toEqual(["cancel_draft"]);
    expect((await w.conversations.get(me.user)).awaiting).toBe("draft");

    const second = await me.say(c.district);
    expectScript(second, c.lang);
    expectAsks(second, DESK_TEXTS.askContact);

    const draft = await me.say(c.contact);
    expectScript(draft, c.lang);
    expect(draft.text).toContain(toScript(c.child, c.lang));
    expect(draft.text).toContain(c.lang === "en" ? "Donghu" : toScript("东湖区", c.lang));
    expect(draft.text).toContain(t(DESK_TEXTS.chatContact, c.lang));
    expect(draft.actions.map((a) => a.id)).toEqual(["confirm_draft", "cancel_draft"]);
    if (c.lang === "en") for (const r of [first, second, draft]) expect(hasCjk(r.text), r.text).toBe(false);
    expect(await ticketsOf(w, me.user)).toEqual([]); // nothing is filed before the talent confirms

    const done = await me.say(c.confirm);
    expectScript(done, c.lang);
    expect(done.text).toMatch(/\bWT-\d{4}-\d{6}\b/);
    expect(done.text).toContain(toScript(CHEN, c.lang));
    expect(done.text).toMatch(/\b24\b/);

    const [ticket, ...rest] = await ticketsOf(w, me.user);
    expect(rest).toEqual([]);
    expect(done.text).toContain(ticket!.id);
    expect(ticket).toMatchObject({
      category: "schooling",
      priority: "normal",
      lang: c.lang,
      commissioner: "chen-jing",
      details: c.request,
      fields: { child: c.child, district: "东湖区", contact: CHAT_CONTACT },
      passagesSearched: true,
      status: "new",
    });
    expect([...ticket!.summary].length).toBeLessThanOrEqual(60);
    expect(ticket!.conversation.map((x) => x.text)).toContain(c.request);
    expect(Date.parse(ticket!.firstResponseDue) - Date.parse(ticket!.createdAt)).toBe(24 * 3600_000);

    const state = await w.conversations.get(me.user);
    expect(state.awaiting).toBeUndefined();
    expect(state.flow).toBeUndefined();
  });

  it("should refuse 'skip' for a required field and accept it for an optional one", async () => {
    const w = world();
    const me = newUser(w);
    await me.say("please help me enrol my daughter in Grade 3");
    const skippedDistrict = await me.say("skip");
    expectAsks(skippedDistrict, DESK_TEXTS.askContact);
    const refused = await me.say("skip");
    expect(refused.text).toContain(t(DESK_TEXTS.required, "en"));
    expectAsks(refused, DESK_TEXTS.askContact);
    expect((await w.conversations.get(me.user)).awaiting).toBe("draft");
    const draft = await me.say("13800138000");
    expect(draft.text).toContain(t(DESK_TEXTS.skipped, "en"));
    await me.press(draft.actions.find((a) => a.id === "confirm_draft")!);
    const [ticket] = await ticketsOf(w, me.user);
    expect(ticket!.fields).toEqual({ child: "Grade 3", contact: "13800138000" });

    // 跳过 / 略過 for the child's grade (required) in Chinese.
    const zh = newUser(w);
    expectAsks(await zh.say("请帮我女儿办理入学"), DESK_TEXTS.askChild);
    const no = await zh.say("跳过");
    expectScript(no, "zh");
    expect(no.text).toContain(t(DESK_TEXTS.required, "zh"));
    const hant = newUser(w);
    await hant.say("請幫我女兒辦理入學");
    const noHant = await hant.say("略過");
    expectScript(noHant, "zh-Hant");
    expect(noHant.text).toContain(t(DESK_TEXTS.required, "zh-Hant"));
    expectAsks(await hant.say("8歲"), DESK_TEXTS.askDistrict);
    expectAsks(await hant.say("略過"), DESK_TEXTS.askContact);
  });

  it("should re-ask politely when an answer does not fit, and take other fields an answer gives", async () => {
    const w = world();
    const me = newUser(w);
    expectAsks(await me.say("my heater is broken"), DESK_TEXTS.askAddress);
    const again = await me.say("I don't know");
    expect(again.text).toContain(t(DESK_TEXTS.invalid, "en", { what: "an address or apartment number" }));
    expectAsks(again, DESK_TEXTS.askAddress);
    const draft = await me.say("apartment 1203, call me on 13800138000");
    expect(draft.actions.map((a) => a.id)).toContain("confirm_draft");
    expect(draft.text).toContain("(urgent)");
    const done = await me.say("yes");
    expect(done.text).toContain(LI);
    expect(done.text).toMatch(/\b2 hours\b/); // urgent housing: 2 hours in the example roster
    const [ticket] = await ticketsOf(w, me.user);
    expect(ticket).toMatchObject({ category: "housing", priority: "urgent", fields: { address: "Apartment 1203", contact: "13800138000" } });
  });

  it("should tell an answer about the draft from a new request about something else", async () => {
    const w = world();
    const me = newUser(w);
    await me.say("please help me enrol my daughter in Grade 3");
    await me.say("skip");
    // About the draft, though shaped like a request: asked again.
    const again = await me.say("please contact me by email");
    expect(again.text).toContain(t(DESK_TEXTS.invalid, "en", { what: "a phone number, an email or “this chat”" }));
    // Another matter: a new draft replaces this one, and says so.
    const other = await me.say("帮我预约梧桐市第一人民医院心内科");
    expect(other.intent).toBe("request");
    expect(other.text).toContain(t(DESK_TEXTS.replaced, "zh", { summary: "Enrol my daughter in Grade 3" }));
    expectAsks(other, DESK_TEXTS.askDate);
  });

  it("should let an abandoned draft go instead of re-asking days later", async () => {
    let now = NOW;
    const w = world({ clock: () => now });
    const me = newUser(w);
    await me.say("我家暖气坏了");
    expect((await me.say("谢谢")).text).toContain(t(DESK_TEXTS.invalid, "zh", { what: "地址或房号" }));
    now = new Date(NOW.getTime() + 4 * 24 * 3600_000);
    const later = await me.say("谢谢");
    expect(later.intent).toBe("chitchat");
    expect((await w.conversations.get(me.user)).flow).toBeUndefined();
    // A fitting answer still completes an old draft.
    await me.say("我家暖气坏了");
    now = new Date(now.getTime() + 4 * 24 * 3600_000);
    expectAsks(await me.say("东湖苑3栋502"), DESK_TEXTS.askContact);
  });

  it("should discard the draft on cancel (typed or pressed) and file nothing", async () => {
    const w = world();
    const me = newUser(w);
    await me.say("请帮我女儿办理三年级入学");
    const cancelled = await me.say("取消");
    expect(cancelled.text).toBe(t(TEXTS.cancelled, "zh"));
    const state = await w.conversations.get(me.user);
    expect(state.awaiting).toBeUndefined();
    expect(state.flow).toBeUndefined();
    await me.say("确认");
    expect(await ticketsOf(w, me.user)).toEqual([]);

    const other = newUser(w);
    await other.say("please help me enrol my daughter in Grade 3");
    await other.say("Donghu");
    const shown = await other.say("this chat");
    const confirm = shown.actions.find((a) => a.id === "confirm_draft")!;
    const pressed = await other.press(shown.actions.find((a) => a.id === "cancel_draft")!);
    expect(pressed.text).toBe(t(TEXTS.cancelled, "en"));
    expect((await w.conversations.get(other.user)).flow).toBeUndefined();
    // The Confirm button of the discarded draft is stale.
    expect((await other.press(confirm)).text).toBe(t(TEXTS.staleButton, "en"));
    expect(await ticketsOf(w, other.user)).toEqual([]);
  });

  it("should answer an unrelated question normally while a draft waits, and keep the draft", async () => {
    const w = world();
    const me = newUser(w);
    await me.say("请帮我女儿办理三年级入学");
    const answer = await me.say("D类人才租房补贴每月多少？");
    expect(answer.intent).toBe("question");
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.text).not.toContain(t(DESK_TEXTS.askDistrict, "zh", { examples: "" }).slice(0, 6));
    expect((await w.conversations.get(me.user)).awaiting).toBe("draft");
    expectAsks(await me.say("东湖区"), DESK_TEXTS.askContact);
    await me.say("就在这里联系");
    expect((await me.say("确认")).text).toMatch(TICKET_ID);
  });

  it("should file once when Confirm is pressed twice", async () => {
    const w = world();
    const me = newUser(w);
    await me.say("请帮我办理配偶随迁落户");
    const shown = await me.say("就在这里联系");
    const confirm = shown.actions.find((a) => a.id === "confirm_draft")!;
    const [a, b] = await Promise.all([me.press(confirm), me.press(confirm)]);
    const tickets = await ticketsOf(w, me.user);
    expect(tickets).toHaveLength(1);
    expect(a.text).toContain(tickets[0]!.id);
    expect(b.text).toContain(tickets[0]!.id);
    expect((await me.press(confirm)).text).toBe(t(DESK_TEXTS.alreadyFiled, "zh", { id: tickets[0]!.id }));
    expect(await ticketsOf(w, me.user)).toHaveLength(1);
  });

  it("should keep a draft across a restart (new engine, same SQLite state file)", async () => {
    const url = `sqlite://${path.join(dir.path, "state.sqlite")}`;
    const repo = new MemoryTicketRepository("WT");
    const user = "test:desk-restart";

    const kv1 = createKeyv<ConversationState>(url, "conversation");
    const before = talent(world({ kv: kv1, repo }).engine, user);
    expectAsks(await before.say("帮我预约梧桐市第一人民医院心内科"), DESK_TEXTS.askDate);
    expectAsks(await before.say("下周一"), DESK_TEXTS.askContact);
    await kv1.disconnect();

    const kv2 = createKeyv<ConversationState>(url, "conversation");
    try {
      const after = talent(world({ kv: kv2, repo }).engine, user);
      const shown = await after.say("13800138000");
      expect(shown.text).toContain("2026-11-23");
      expect(shown.text).toContain("梧桐市第一人民医院 心内科");
      const done = await after.say("确认");
      expect(done.text).toMatch(TICKET_ID);
      expect(done.text).toContain(CHEN);
      const [ticket] = await repo.list({ talent: user });
      expect(ticket).toMatchObject({
        category: "medical",
        fields: { hospital: "梧桐市第一人民医院 心内科", date: "2026-11-23 (下周一)", contact: "13800138000" },
      });
    } finally {
      await kv2.disconnect();
    }
  });
});

describe("ask my commissioner", () => {
  const QUESTION = "does wutong give talents any subsidy for buying a car?";

  it("should turn an unanswerable question into a ticket carrying the question and the search", async () => {
    const w = world();
    const me = newUser(w);
    const refusal = await me.say(QUESTION);
    expect(refusal.text).toContain(t(TEXTS.notCovered, "en"));
    const started = await me.press(refusal.actions.find((a) => a.id === "ask_commissioner")!);
    expect(started.text).toContain(t(DESK_TEXTS.introQuestion, "en", { summary: "Does wutong give talents any subsidy for buying a car?" }));
    expectAsks(started, DESK_TEXTS.askContact);
    const shown = await me.say("this chat");
    expect(shown.text).toContain("Category: Other");
    await me.press(shown.actions.find((a) => a.id === "confirm_draft")!);
    const [ticket] = await ticketsOf(w, me.user);
    expect(ticket!.details).toBe(QUESTION);
    expect(ticket!.passagesSearched).toBe(true);
    expect(ticket!.commissioner).toBe("li-wei");
    for (const p of ticket!.passages) expect(kb.docs.has(p.docId)).toBe(true);
    expect(ticket!.conversation.map((x) => x.text)).toContain(QUESTION);
  });

  it("should say so, and record it, when no passage was found", async () => {
    const w = world({ desk: { passageThreshold: 2 } });
    const me = newUser(w);
    const refusal = await me.say("人才有没有回老家探亲的机票补贴");
    const started = await me.press(refusal.actions.find((a) => a.id === "ask_commissioner")!);
    expectScript(started, "zh");
    const shown = await me.say("就在这里联系");
    expect(shown.text).toContain(t(DESK_TEXTS.passagesNone, "zh").trim());
    await me.say("确认");
    const [ticket] = await ticketsOf(w, me.user);
    expect(ticket).toMatchObject({ details: "人才有没有回老家探亲的机票补贴", passages: [], passagesSearched: true });
  });

  it("should ask what is needed when the button comes without a question", async () => {
    const w = world();
    const me = newUser(w);
    const r = await me.press({ id: "ask_commissioner", label: "Ask my commissioner", payload: "question" });
    expectAsks(r, DESK_TEXTS.askDetails);
    const next = await me.say("I need help finding a job for my wife");
    expect(next.text).toContain(t(DESK_TEXTS.intro, "en", { summary: "I need help finding a job for my wife" }));
    expectAsks(next, DESK_TEXTS.askContact);
    await me.say("email me at a.b@example.com");
    await me.say("confirm");
    const [ticket] = await ticketsOf(w, me.user);
    expect(ticket).toMatchObject({ category: "settlement", fields: { contact: "a.b@example.com" }, passagesSearched: true });
  });
});

describe("following tickets", () => {
  it("should list only the talent's own tickets, with status labels in their language", async () => {
    const w = world();
    const alice = newUser(w);
    const bob = newUser(w);
    const a1 = (await w.service.create({ talent: alice.user, category: "housing", summary: "暖气坏了", details: "暖气坏了", lang: "zh" })).ticket;
    const a2 = (await w.service.create({ talent: alice.user, category: "medical", summary: "预约心内科", details: "预约心内科", lang: "zh" })).ticket;
    const b1 = (await w.service.create({ talent: bob.user, category: "schooling", summary: "Enrol my son", details: "Enrol my son", lang: "en" })).ticket;

    const list = await alice.say("/tickets");
    expect(list.intent).toBe("ticket_status");
    expectScript(list, "zh");
    expect(list.text).toContain(a1.id);
    expect(list.text).toContain(a2.id);
    expect(list.text).toContain("待受理");
    expect(list.text).not.toContain(b1.id);
    expect(list.text).not.toContain("Enrol my son");

    const en = await bob.say("/tickets", "en-US");
    expect(en.text).toContain(`${b1.id} | new | Enrol my son`);
    expect(en.text).not.toContain(a1.id);

    const hant = await alice.say("我的工單怎麼樣了");
    expectScript(hant, "zh-Hant");
    expect(hant.text).toContain("待受理");

    const empty = await newUser(w).say("/tickets");
    expect(empty.text).toBe(t(DESK_TEXTS.listNone, "zh"));
  });

  it("should show ticket times in the city's time zone, naming it", async () => {
    const w = world({ desk: { timeZone: "Europe/Berlin" } });
    const alice = newUser(w);
    const { ticket } = await w.service.create({ talent: alice.user, category: "housing", summary: "Heater broken", details: "Heater broken", lang: "en" });
    const shown = await alice.say(`/ticket ${ticket.id}`, "en-US");
    expect(shown.text).toContain("2026-11-22 05:00 UTC+1");
  });

  it("should show one ticket with its history, and never another talent's", async () => {
    const w = world();
    const alice = newUser(w);
    const bob = newUser(w);
    const { ticket } = await w.service.create({ talent: alice.user, category: "housing", summary: "暖气坏了", details: "暖气坏了", lang: "zh" });
    await w.service.reply(ticket.id, w.service.actor("console:li-wei"), "明天上午派师傅上门", { waitForTalent: true });

    const mine = await alice.say(`/ticket ${ticket.id}`);
    expect(mine.text).toContain(ticket.id);
    expect(mine.text).toContain("暖气坏了");
    expect(mine.text).toContain(LI);
    expect(mine.text).toContain("明天上午派师傅上门");
    // In the city's time, which the talent is told.
    expect(mine.text).toContain("2026-11-22 12:00 UTC+8");
    expect(mine.text).toContain(t(DESK_TEXTS.waitingHint, "zh", { id: ticket.id }).trim());

    for (const text of [`/ticket ${ticket.id}`, `${ticket.id.toLowerCase()} 怎么样了`]) {
      const theirs = await bob.say(text);
      expect(theirs.text).toBe(t(DESK_TEXTS.notFound, "zh", { id: ticket.id }));
      expect(theirs.text).not.toContain("暖气");
    }
    expect((await bob.say("/ticket WT-2026-999999")).text).toBe(t(DESK_TEXTS.notFound, "zh", { id: "WT-2026-999999" }));
  });

  it("should withdraw a ticket the talent cancels", async () => {
    const w = world();
    const me = newUser(w);
    const { ticket } = await w.service.create({ talent: me.user, category: "medical", summary: "预约体检", details: "预约体检", lang: "zh" });
    const r = await me.say(`取消我的工单 ${ticket.id}`);
    expect(r.text).toBe(t(DESK_TEXTS.ticketCancelled, "zh", { id: ticket.id }));
    expect((await w.repo.get(ticket.id))!.status).toBe("cancelled");
    const stranger = newUser(w);
    expect((await stranger.say(`cancel my ticket ${ticket.id}`)).text).toBe(t(DESK_TEXTS.notFound, "en", { id: ticket.id }));
  });
});

describe("ratings", () => {
  it("should close a ticket rated 5 and thank the talent", async () => {
    const w = world();
    const me = newUser(w);
    const id = await resolvedTicket(w, me.user);
    const r = await me.say("5");
    expect(r.intent).toBe("rating");
    expect(r.text).toBe(t(DESK_TEXTS.thanks, "zh", { id, score: 5 }));
    expect(await w.repo.get(id)).toMatchObject({ status: "closed", rating: { score: 5 } });
  });

  it("should reopen a ticket that was not solved and tell the commissioner", async () => {
    const w = world();
    const me = newUser(w);
    const id = await resolvedTicket(w, me.user);
    const r = await me.say("没解决");
    expect(r.text).toBe(t(DESK_TEXTS.reopened, "zh", { id, name: LI }));
    const ticket = (await w.repo.get(id)) as Ticket;
    expect(ticket.status).toBe("reopened");
    expect(ticket.rating!.score).toBeLessThanOrEqual(2);
    expect(ticket.history.at(-2)).toMatchObject({ action: "rated", by: me.user });
    expect(ticket.history.at(-1)).toMatchObject({ action: "status", to: "reopened" });
    expect(ticket.outbox.some((n) => n.to === "console:li-wei" && n.kind === "status")).toBe(true);
  });

  it("should read '打2分 回复太慢', '★★★★' and '4 stars', and the Rate buttons", async () => {
    const w = world();
    const slow = newUser(w);
    const id1 = await resolvedTicket(w, slow.user);
    expect((await slow.say("打2分 回复太慢")).text).toBe(t(DESK_TEXTS.reopened, "zh", { id: id1, name: LI }));
    expect(await w.repo.get(id1)).toMatchObject({ status: "reopened", rating: { score: 2, comment: "回复太慢" } });

    const stars = newUser(w);
    const id2 = await resolvedTicket(w, stars.user);
    await stars.say("★★★★");
    expect(await w.repo.get(id2)).toMatchObject({ status: "closed", rating: { score: 4 } });

    const en = newUser(w);
    const id3 = await resolvedTicket(w, en.user, "en");
    expect((await en.say("4 stars")).text).toBe(t(DESK_TEXTS.thanks, "en", { id: id3, score: 4 }));

    const button = newUser(w);
    const id4 = await resolvedTicket(w, button.user);
    const shown = await button.say(`/ticket ${id4}`);
    const five = shown.actions.find((a) => a.id === "rate" && a.payload === `${id4}:5`)!;
    expect((await button.press(five)).text).toBe(t(DESK_TEXTS.thanks, "zh", { id: id4, score: 5 }));
    expect((await w.repo.get(id4))!.status).toBe("closed");
  });

  it.each([
    ["4分，回复很及时，谢谢", "zh", 4, "回复很及时，谢谢", "closed"],
    ["2 technician never came", "en", 2, "technician never came", "reopened"],
    ["5 分 師傅很專業", "zh-Hant", 5, "師傅很專業", "closed"],
  ] as const)("should read the score and keep the comment of '%s'", async (text, lang, score, comment, status) => {
    const w = world();
    const me = newUser(w);
    const id = await resolvedTicket(w, me.user, lang);
    const r = await me.say(text);
    expect(r.text).toBe(status === "closed" ? t(DESK_TEXTS.thanks, lang, { id, score }) : t(DESK_TEXTS.reopened, lang, { id, name: LI }));
    expect(await w.repo.get(id)).toMatchObject({ status, rating: { score, comment } });
  });

  it("should not take a message opening with a number for a rating when nothing awaits one", async () => {
    const w = world();
    const me = newUser(w);
    const r = await me.say("2 kids, how do I enrol them?");
    expect(r.text).not.toBe(t(DESK_TEXTS.thanks, "en", { id: "", score: 2 }));
    expect(await ticketsOf(w, me.user)).toEqual([]);
  });

  it("should ask for a score when none is given, and say when nothing awaits a rating", async () => {
    const w = world();
    const me = newUser(w);
    expect((await me.say("5")).text).toBe(t(DESK_TEXTS.nothingToRate, "zh"));
    const id = await resolvedTicket(w, me.user);
    const asked = await me.say("/rate");
    expect(asked.text).toContain(id);
    expect((await w.conversations.get(me.user)).awaiting).toBe("rating");
    expect((await me.say("3")).text).toBe(t(DESK_TEXTS.thanks, "zh", { id, score: 3 }));
    expect((await w.conversations.get(me.user)).awaiting).toBeUndefined();
  });

  it("should parse scores and comments", () => {
    expect(parseRating("5")).toEqual({ score: 5, notSolved: false });
    expect(parseRating("★★★★")).toEqual({ score: 4, notSolved: false });
    expect(parseRating("4 stars")).toEqual({ score: 4, notSolved: false });
    expect(parseRating("打2分 回复太慢")).toEqual({ score: 2, notSolved: false, comment: "回复太慢" });
    expect(parseRating("三颗星")).toEqual({ score: 3, notSolved: false });
    expect(parseRating("没解决")).toEqual({ notSolved: true, comment: "没解决" });
    expect(parseRating("not solved")).toEqual({ notSolved: true, comment: "not solved" });
    expect(parseRating("rate WT-2026-000001 5")).toEqual({ score: 5, notSolved: false });
    expect(parseRating("非常满意")).toMatchObject({ score: 5 });
  });
});

/** The text of the talent's last message in a ticket's history. */
const lastMessage = (ticket: Ticket | undefined) => ticket?.history.filter((h) => h.action === "talent_message").at(-1)?.text;

describe("messages to the commissioner on a ticket", () => {
  async function waiting(w: World, user: string): Promise<string> {
    const { ticket } = await w.service.create({ talent: user, category: "schooling", summary: "三年级插班", details: "三年级插班", lang: "en" });
    await w.service.reply(ticket.id, w.service.actor("console:chen-jing"), "Please send your child's birth certificate.", { waitForTalent: true });
    return ticket.id;
  }

  it("should relay 'add to my ticket WT-…: …' into the ticket's history and to the commissioner", async () => {
    const w = world();
    const me = newUser(w);
    const id = await waiting(w, me.user);
    const r = await me.say(`add to my ticket ${id}: the birth certificate is ready`);
    expect(r.text).toBe(t(DESK_TEXTS.relayed, "en", { id, name: CHEN }));
    const ticket = (await w.repo.get(id))!;
    expect(ticket.history.find((h) => h.action === "talent_message")).toMatchObject({ by: me.user, text: "the birth certificate is ready" });
    expect(ticket.status).toBe("in_progress");
    expect(ticket.outbox.some((n) => n.kind === "talent_message" && n.to === "console:chen-jing" && n.text.includes("the birth certificate is ready"))).toBe(true);

    const zh = await me.say(`补充 ${id}：出生证明已经准备好了`);
    expect(zh.text).toBe(t(DESK_TEXTS.relayed, "zh", { id, name: CHEN }));
    expect(lastMessage(await w.repo.get(id))).toBe("出生证明已经准备好了");

    // Someone else's ticket takes nothing.
    const stranger = newUser(w);
    expect((await stranger.say(`add to my ticket ${id}: hello`)).text).toBe(t(DESK_TEXTS.notFound, "en", { id }));
    expect((await w.repo.get(id))!.history.filter((h) => h.action === "talent_message")).toHaveLength(2);
  });

  it("should ask what to add when the message names only the ticket", async () => {
    const w = world();
    const me = newUser(w);
    const id = await waiting(w, me.user);
    expect((await me.say(`add to ${id}`)).text).toBe(t(DESK_TEXTS.relayAsk, "en", { id }));
    expect((await me.say("She was born in 2018 in Shanghai")).text).toBe(t(DESK_TEXTS.relayed, "en", { id, name: CHEN }));
    expect(lastMessage(await w.repo.get(id))).toBe("She was born in 2018 in Shanghai");
    expect((await w.conversations.get(me.user)).awaiting).toBeUndefined();
  });

  it("should offer `relay` for any message to a ticket waiting on the talent (for the engine to call)", async () => {
    const w = world();
    const me = newUser(w);
    const ctx = async (text: string, lang: Lang = "en"): Promise<FlowContext> => ({ msg: { user: me.user, text }, lang, state: await w.conversations.get(me.user), profile: {}, now: NOW });
    expect(await w.desk.relay(await ctx("I'll bring it tomorrow"), "chitchat")).toBeUndefined(); // no ticket waits
    const id = await waiting(w, me.user);
    expect(await w.desk.relay(await ctx("How much is the rent subsidy?"), "question")).toBeUndefined();
    expect(await w.desk.relay(await ctx("/tickets"), "ticket_status")).toBeUndefined();
    const r = await w.desk.relay(await ctx("孩子今年8岁，读三年级", "zh"), "profile");
    expect(r!.text).toBe(t(DESK_TEXTS.relayed, "zh", { id, name: CHEN }));
    expect(lastMessage(await w.repo.get(id))).toBe("孩子今年8岁，读三年级");
  });

  it("should parse explicit additions", () => {
    expect(parseRelay("add to my ticket WT-2026-000001: the birth certificate is ready")).toEqual({ id: "WT-2026-000001", body: "the birth certificate is ready" });
    expect(parseRelay("補充一下：孩子已經8歲了")).toEqual({ body: "孩子已經8歲了" });
    expect(parseRelay("any update on WT-2026-000001?")).toBeUndefined();
  });
});
