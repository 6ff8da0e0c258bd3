import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ticket } from "../../../src/tickets/ticket.ts";
import { startApp, type TestApp } from "../../fixtures/app.ts";
import type { ApiCall } from "../../fakes/telegram-api.ts";
import { buttons, CHEN_JING, GROUP, LI_WEI, person, press, rosterFile, sentTo, startHarness, text, type Harness } from "./harness.ts";

/**
 * Tickets across the Telegram channel: a talent files a request in their chat, the commissioner (a Telegram
 * user in the roster) works the card, the talent gets the reply and rates. One app for the file; each describe
 * starts its own channel (and fake Bot API) on it.
 */

let test: TestApp;
let roster: Awaited<ReturnType<typeof rosterFile>>;
beforeAll(async () => {
  roster = await rosterFile();
  test = await startApp("telegram-tickets", { env: { ROSTER_FILE: roster.file } });
});
afterAll(async () => {
  await test?.cleanup();
  await roster?.cleanup();
});

const ticketOf = async (id: string): Promise<Ticket> => (await test.app.tickets.store.repo.get(id))!;
const answerTo = (h: Harness, q: { callback_query?: { id: string } }) => h.fake.callsTo("answerCallbackQuery").find((c) => c.body.callback_query_id === q.callback_query!.id);
const edits = (h: Harness, chat: number, message: number) => h.fake.calls.filter((c) => c.method === "editMessageText" && c.status === 200 && c.body.chat_id === chat && c.body.message_id === message);
const labels = (h: Harness, m: { chat: number; message_id: number }) => buttons(h.fake, m).map((b) => b.text);
const button = (h: Harness, m: { chat: number; message_id: number }, label: RegExp) => {
  const b = buttons(h.fake, m).find((x) => label.test(x.text));
  if (!b) throw new Error(`no button ${label} on: ${labels(h, m).join(", ")}`);
  return b.data;
};

/** A talent files a heating repair in their chat and confirms; returns the ticket id. */
async function fileRepair(h: Harness, talentId: number): Promise<string> {
  const me = person(talentId, "zh-hans");
  await h.deliver(text(me, "我的人才公寓暖气坏了，请帮我报修"));
  await h.deliver(text(me, "东湖苑3栋502"));
  await h.deliver(text(me, "就在这里联系"));
  const draft = sentTo(h.fake, me.id).at(-1)!;
  expect(labels(h, draft)).toContain("确认提交");
  await h.deliver(press(me, h.fake, draft, button(h, draft, /确认/)));
  const done = sentTo(h.fake, me.id).at(-1)!;
  const id = /WT-\d{4}-\d{6}/.exec(done.text)?.[0];
  if (!id) throw new Error(`no ticket id in: ${done.text}`);
  return id;
}

describe("a ticket from request to rating, commissioner in a private chat", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ shared: { test } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const TALENT = 2001;
  let id: string;
  let card: { chat: number; message_id: number; text: string; raw: string };

  it("should post the new ticket to its commissioner as a card with Claim, Reply, Resolve and Reassign", async () => {
    id = await fileRepair(h, TALENT);
    expect(sentTo(h.fake, LI_WEI)).toEqual([]); // queued, not yet delivered
    await h.flush();
    const cards = sentTo(h.fake, LI_WEI);
    expect(cards).toHaveLength(1);
    card = cards[0]!;
    expect(card.text).toContain(id);
    expect(card.text).toContain("待受理 new");
    expect(card.text).toContain("我的人才公寓暖气坏了");
    expect(card.text).toContain("住房 housing");
    expect(card.text).toContain(`telegram:${TALENT}`);
    expect(card.text).toMatch(/First response due: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(labels(h, card)).toEqual(["认领 Claim", "回复 Reply", "办结 Resolve", "转交 Reassign"]);
  });

  it("should refuse a talent pressing a staff button, changing nothing", async () => {
    const before = await ticketOf(id);
    const talentMessages = sentTo(h.fake, TALENT).length;
    const q = press(person(TALENT), h.fake, card, button(h, card, /Claim/));
    await h.deliver(q);
    expect(answerTo(h, q)?.body).toMatchObject({ show_alert: true, text: expect.stringMatching(/Only service commissioners/) });
    expect((await ticketOf(id)).version).toBe(before.version);
    expect(edits(h, card.chat, card.message_id)).toEqual([]);
    expect(sentTo(h.fake, TALENT).length).toBe(talentMessages); // nothing new in the talent's chat either
  });

  it("should claim on Claim, answer the button and edit the card in place", async () => {
    const q = press(person(LI_WEI), h.fake, card, button(h, card, /Claim/));
    await h.deliver(q);
    expect(answerTo(h, q)?.body.text).toMatch(/claimed/);
    expect((await ticketOf(id)).status).toBe("claimed");
    const edited = h.fake.message(card.chat, card.message_id)!;
    expect(edited.text).toContain("已受理 claimed");
    expect(labels(h, card)).toEqual(["回复 Reply", "办结 Resolve", "转交 Reassign"]);
  });

  it("should answer a stale Claim button with the ticket's state and change nothing", async () => {
    const before = await ticketOf(id);
    // The Claim button as it was on the card before it was edited.
    const stale = h.fake.sent(LI_WEI)[0]!.body.reply_markup.inline_keyboard.flat()[0].callback_data as string;
    const q = press(person(LI_WEI), h.fake, card, stale);
    await h.deliver(q);
    expect(answerTo(h, q)?.body).toMatchObject({ show_alert: true, text: expect.stringMatching(/already claimed/) });
    expect((await ticketOf(id)).version).toBe(before.version);
    // The card was already up to date: Telegram's "message is not modified" is expected and not an error.
    const lastEdit = h.fake.calls.filter((c) => c.method === "editMessageText" && c.body.message_id === card.message_id).at(-1)!;
    expect(lastEdit.status).toBe(400);
    expect(h.logs.text).not.toContain("could not update");
  });

  it("should relay the commissioner's typed reply to the talent after Reply", async () => {
    const q = press(person(LI_WEI), h.fake, card, button(h, card, /Reply/));
    await h.deliver(q);
    expect(answerTo(h, q)?.body.text).toMatch(/Type your reply/);
    const prompt = h.fake.sent(LI_WEI).at(-1)!;
    expect(prompt.body.text).toContain(`Type your reply to ${id}`);
    expect(prompt.body.reply_markup).toMatchObject({ force_reply: true });

    await h.deliver(text(person(LI_WEI), "师傅明天上午 9 点上门维修 <带配件> & 工具"));
    expect(sentTo(h.fake, LI_WEI).at(-1)!.text).toMatch(/Reply sent to the talent/);
    await h.flush();
    const reply = sentTo(h.fake, TALENT).at(-1)!;
    expect(reply.text).toContain(`您的工单 ${id} 有新回复（李伟 Li Wei）`);
    expect(reply.text).toContain("师傅明天上午 9 点上门维修 <带配件> & 工具");
    expect(reply.raw).toContain("&lt;带配件&gt; &amp; 工具");
    expect(h.fake.message(card.chat, card.message_id)!.text).toContain("师傅明天上午 9 点上门维修");
  });

  it("should abort a reply on /cancel and send nothing", async () => {
    const before = await ticketOf(id);
    await h.deliver(press(person(LI_WEI), h.fake, card, button(h, card, /Reply/)));
    await h.deliver(text(person(LI_WEI), "/cancel"));
    expect(sentTo(h.fake, LI_WEI).at(-1)!.text).toMatch(/Cancelled; nothing was sent/);
    // The next text is an ordinary message again, not a reply.
    await h.deliver(text(person(LI_WEI), "D类人才租房补贴每月多少？"));
    expect(sentTo(h.fake, LI_WEI).at(-1)!.text).toContain("来源:");
    const after = await ticketOf(id);
    expect(after.history.filter((x) => x.action === "reply")).toHaveLength(before.history.filter((x) => x.action === "reply").length);
  });

  it("should resolve on Resolve, ask the talent for stars, and leave the card without buttons", async () => {
    const q = press(person(LI_WEI), h.fake, card, button(h, card, /Resolve/));
    await h.deliver(q);
    expect(answerTo(h, q)?.body.text).toMatch(/resolved/);
    expect((await ticketOf(id)).status).toBe("resolved");
    await h.flush();
    const prompt = sentTo(h.fake, TALENT).at(-1)!;
    expect(prompt.text).toContain(`您的工单 ${id} 已办结`);
    expect(labels(h, prompt)).toEqual(["★", "★★", "★★★", "★★★★", "★★★★★"]);
    const shown = h.fake.message(card.chat, card.message_id)!;
    expect(shown.text).toContain("已办结 resolved");
    expect(shown.reply_markup).toBeUndefined();
  });

  it("should refuse a Resolve button pressed again as stale", async () => {
    const before = await ticketOf(id);
    const old = h.fake.sent(LI_WEI)[0]!.body.reply_markup.inline_keyboard.flat()[2].callback_data as string; // Resolve
    const q = press(person(LI_WEI), h.fake, card, old);
    await h.deliver(q);
    expect(answerTo(h, q)?.body).toMatchObject({ show_alert: true, text: expect.stringMatching(/already resolved/) });
    expect((await ticketOf(id)).version).toBe(before.version);
  });

  it("should close the ticket when the talent presses five stars, and show the rating on the card", async () => {
    const prompt = sentTo(h.fake, TALENT).at(-1)!;
    const q = press(person(TALENT), h.fake, prompt, button(h, prompt, /^★★★★★$/));
    await h.deliver(q);
    expect(answerTo(h, q)).toBeDefined();
    const t = await ticketOf(id);
    expect(t.status).toBe("closed");
    expect(t.rating?.score).toBe(5);
    expect(sentTo(h.fake, TALENT).length).toBeGreaterThan(0);
    const shown = h.fake.message(card.chat, card.message_id)!;
    expect(shown.text).toContain("已关闭 closed");
    expect(shown.text).toContain("★★★★★");
  });

  it("should pass a ticket on with Reassign and a choice of commissioners", async () => {
    const { ticket } = await test.app.tickets.service.create({ talent: "telegram:2002", category: "housing", summary: "水管漏水", details: "水管漏水，东湖苑5栋101", lang: "zh" });
    await h.flush();
    const c = sentTo(h.fake, LI_WEI).at(-1)!;
    expect(c.text).toContain(ticket.id);
    await h.deliver(press(person(LI_WEI), h.fake, c, button(h, c, /Reassign/)));
    const chooser = sentTo(h.fake, LI_WEI).at(-1)!;
    expect(chooser.text).toContain(`Pass ${ticket.id} to whom?`);
    expect(labels(h, chooser)).toEqual(["陈静 Chen Jing", "张敏 Zhang Min"]);
    const q = press(person(LI_WEI), h.fake, chooser, button(h, chooser, /Chen Jing/));
    await h.deliver(q);
    expect(answerTo(h, q)?.body.text).toMatch(/passed to 陈静 Chen Jing/);
    expect((await ticketOf(ticket.id)).commissioner).toBe("chen-jing");
    expect(h.fake.message(chooser.chat, chooser.message_id)!.text).toMatch(/passed to 陈静 Chen Jing/);
    expect(h.fake.message(c.chat, c.message_id)!.text).toContain("专员 Commissioner: 陈静 Chen Jing");
    await h.flush();
    const theirs = sentTo(h.fake, CHEN_JING).at(-1)!;
    expect(theirs.text).toContain(`工单 ${ticket.id} 已转交给您`);
    expect(labels(h, theirs)).toContain("认领 Claim");
  });

  it("should throw on a failed delivery so the outbox keeps the notification for a retry", async () => {
    const { ticket } = await test.app.tickets.service.create({ talent: "telegram:2003", category: "housing", summary: "门锁坏了", details: "门锁坏了", lang: "zh" });
    await h.flush();
    const liWei = test.app.tickets.service.actor(`telegram:${LI_WEI}`);
    await test.app.tickets.service.claim(ticket.id, liWei);
    await test.app.tickets.service.resolve(ticket.id, liWei, "已更换门锁");
    h.fake.failNext("sendMessage", 1, { status: 403, description: "Forbidden: bot was blocked by the user" });
    const result = await test.app.tickets.dispatcher.flush();
    expect(result.failed).toBeGreaterThanOrEqual(1);
    const [waiting] = (await ticketOf(ticket.id)).outbox;
    expect(waiting).toMatchObject({ to: "telegram:2003", kind: "rating_request", attempts: 1 });
    expect(waiting!.lastError).toMatch(/blocked by the user/);
    expect(waiting!.lastError).not.toContain(h.fake.token.split(":")[1]);
    expect(sentTo(h.fake, 2003)).toEqual([]);
  });

  it("should list a commissioner's open tickets as cards on /tickets", async () => {
    const before = sentTo(h.fake, CHEN_JING).length;
    await h.deliver(text(person(CHEN_JING), "/tickets"));
    const listed = sentTo(h.fake, CHEN_JING).slice(before);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((m) => /🎫 WT-/.test(m.text))).toBe(true);
  });
});

describe("a ticket in the commissioners' group", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ shared: { test }, commissionerChat: String(GROUP) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("should post cards to the group, refuse non-staff members, and relay a reply typed there", async () => {
    const id = await fileRepair(h, 2101);
    await h.flush();
    expect(sentTo(h.fake, LI_WEI)).toEqual([]);
    const card = sentTo(h.fake, GROUP).at(-1)!;
    expect(card.text).toContain("→ 李伟 Li Wei");
    expect(card.text).toContain(id);

    // A group member who is not staff.
    const stranger = person(3001, "zh-hans");
    const refused = press(stranger, h.fake, card, button(h, card, /Claim/));
    await h.deliver(refused);
    expect(answerTo(h, refused)?.body.show_alert).toBe(true);
    expect((await ticketOf(id)).status).toBe("new");
    // Chatter in the group is not answered.
    const calls = h.fake.calls.length;
    await h.deliver(text(stranger, "大家好", GROUP));
    expect(h.fake.calls.slice(calls).filter((c: ApiCall) => c.method === "sendMessage")).toEqual([]);

    await h.deliver(press(person(LI_WEI), h.fake, card, button(h, card, /Reply/)));
    const prompt = h.fake.sent(GROUP).at(-1)!;
    expect(prompt.body.text).toContain(`tg://user?id=${LI_WEI}`);
    await h.deliver(text(person(LI_WEI), "已安排维修", GROUP));
    await h.flush();
    expect(sentTo(h.fake, 2101).at(-1)!.text).toContain("已安排维修");
    expect(h.fake.message(card.chat, card.message_id)!.text).toContain("已受理 claimed");
  });
});
