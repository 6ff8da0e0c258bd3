import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ConversationState } from "../../../src/core/conversation-state.ts";
import { t, toScript } from "../../../src/core/i18n.ts";
import { TICKET_ID } from "../../../src/core/intents/rules.ts";
import { TEXTS } from "../../../src/core/texts.ts";
import { createKeyv } from "../../../src/storage/keyv.ts";
import { hasCjk } from "../../../src/text/normalize.ts";
import { DESK_TEXTS } from "../../../src/core/flows/shared.ts";
import { CHAT_CONTACT } from "../../../src/core/flows/draft/fields.ts";
import { MemoryTicketRepository } from "../../../src/tickets/memory.ts";
import { talent } from "../../fixtures/app.ts";
import { NOW, CHEN, LI, world, newUser, expectAsks, expectScript, ticketsOf, useDeskWorld, deskDir, deskKnowledge } from "./world.ts";

/** The request flow: a request (or "ask my commissioner") becomes a draft, asked one field at a time, confirmed and filed. */

useDeskWorld();

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
    const url = `sqlite://${path.join(deskDir().path, "state.sqlite")}`;
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
    for (const p of ticket!.passages) expect(deskKnowledge().docs.has(p.docId)).toBe(true);
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
