import type { types } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackCall } from "../../fakes/slack-api.ts";
import {
  blockActions,
  blockText,
  buttonsOf,
  COMMISSIONERS_CHANNEL,
  commandFields,
  dmEvent,
  STAFF,
  startSlackHarness,
  viewSubmission,
  type SlackHarness,
} from "./harness.ts";

/**
 * A ticket from a talent's DM to its end, with the commissioners working it in their Slack channel: the card,
 * the SLA reminder and escalation in its thread, Claim, Reply, Reassign and Resolve (with their modals), the
 * talent's rating, and the buttons pressed by people who may not press them. The steps build on each other, so
 * the tests of this file run in order on one application.
 */

const TALENT = "UTALTK001";
const OTHER_TALENT = "UTALTK002";
const HOUR = 3_600_000;
let now = Date.now();

let h: SlackHarness;
let ticketId: string;
let card: SlackCall;

beforeAll(async () => {
  h = await startSlackHarness("slack-tickets", { commissionerChannel: true, app: { clock: () => new Date(now) } });
});

afterAll(async () => {
  await h?.cleanup();
});

const status = async () => (await h.test.app.tickets.store.repo.get(ticketId))!.status;
const isCardUpdate = (c: SlackCall) => c.method === "chat.update" && c.body.channel === COMMISSIONERS_CHANNEL && c.body.ts === card.ts;
const press = (user: string, message: SlackCall, actionId: string, extra: { thread_ts?: string } = {}) => {
  const button = buttonsOf(message).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(message.body.blocks)}`);
  return blockActions(h.api, user, { channel: String(message.body.channel).replace(/^U/, "D"), ts: message.ts ?? String(message.body.ts), ...extra }, button);
};

/** A DM from the talent; resolves with the bot's reply in its thread. */
async function say(user: string, text: string): Promise<SlackCall> {
  const event = dmEvent(user, text);
  const since = h.api.calls.length;
  await h.slack.event(event);
  return h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.thread_ts === event.ts, { since });
}

/** What the talent answers to the desk's questions. */
function answer(question: string): string {
  if (/home|address|apartment/i.test(question)) return "Apartment 1203, Donghu Court";
  if (/reach you|contact/i.test(question)) return "this chat";
  throw new Error(`unexpected question: ${question}`);
}

describe("a ticket worked from Slack", () => {
  it("should post the card of a request filed by DM to the commissioners' channel, mentioning the commissioner", async () => {
    let reply = await say(TALENT, "My talent apartment heater is broken, please send someone");
    for (let i = 0; i < 5 && !buttonsOf(reply).some((b) => b.action_id.startsWith("engine:confirm_draft")); i++) reply = await say(TALENT, answer(String(reply.body.text)));
    const confirm = buttonsOf(reply).find((b) => b.action_id.startsWith("engine:confirm_draft"))!;
    expect(confirm).toBeDefined();

    const since = h.api.calls.length;
    await h.slack.interaction(blockActions(h.api, TALENT, { channel: `D${TALENT.slice(1)}`, ts: reply.ts!, thread_ts: String(reply.body.thread_ts) }, confirm));
    const filed = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === `D${TALENT.slice(1)}`, { since });
    expect(filed.body.thread_ts).toBe(reply.body.thread_ts);
    ticketId = /WT-\d{4}-\d{6}/.exec(String(filed.body.text))![0];

    await h.test.app.tickets.dispatcher.flush();
    card = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === COMMISSIONERS_CHANNEL);
    expect(card.body.thread_ts).toBeUndefined();
    expect(String(card.body.text)).toContain(`<@${STAFF.liWei}>`);
    const text = blockText(card);
    expect(text).toContain(ticketId);
    expect(text).toContain(`<@${STAFF.liWei}>`);
    expect(text).toContain(`<@${TALENT}>`);
    expect(text).toMatch(/heater/);
    expect(text).toMatch(/urgent/);
    expect(text).toMatch(/<!date\^\d+\^/);
    expect(buttonsOf(card).map((b) => [b.action_id, b.value])).toEqual([
      ["staff:claim", ticketId],
      ["staff:reply", ticketId],
      ["staff:resolve", ticketId],
      ["staff:reassign", ticketId],
    ]);
  });

  it("should post the SLA reminder and escalation in the card's thread, mentioning the commissioner and the supervisor", async () => {
    now += 5 * HOUR; // the first response to an urgent ticket is due within 4 hours
    const since = h.api.calls.length;
    expect(await h.test.app.tickets.sla.tick()).toEqual({ reminders: 1, escalations: 1 });
    await h.test.app.tickets.dispatcher.flush();
    const inThread = h.api.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === card.ts && h.api.calls.indexOf(c) >= since);
    expect(inThread).toHaveLength(2);
    const reminder = inThread.find((c) => String(c.body.text).includes("SLA 提醒"))!;
    const escalation = inThread.find((c) => String(c.body.text).includes("SLA 升级"))!;
    expect(reminder.body.channel).toBe(COMMISSIONERS_CHANNEL);
    expect(String(reminder.body.text)).toMatch(new RegExp(`^<@${STAFF.liWei}> `));
    expect(buttonsOf(reminder).map((b) => b.action_id)).toEqual(["staff:claim", "staff:reply"]);
    expect(String(escalation.body.text)).toMatch(new RegExp(`^<@${STAFF.zhangMin}> `));
    expect(blockText(escalation)).toContain(ticketId);
    expect(buttonsOf(escalation).map((b) => b.action_id)).toEqual(["staff:reassign"]);
  });

  it("should refuse a talent pressing Claim, ephemerally and without changing anything", async () => {
    const since = h.api.calls.length;
    const res = await h.slack.interaction(press(TALENT, card, "staff:claim"));
    expect(res.status).toBe(200);
    const refusal = await h.api.waitFor((c) => c.method === "chat.postEphemeral", { since });
    expect(refusal.body).toMatchObject({ channel: COMMISSIONERS_CHANNEL, user: TALENT });
    expect(String(refusal.body.text)).toMatch(/Only service commissioners/);
    expect(await status()).toBe("new");
    expect(h.api.calls.slice(since).filter((c) => c.method !== "chat.postEphemeral")).toEqual([]);
  });

  it("should refuse a talent pressing Reply without opening a modal", async () => {
    const since = h.api.calls.length;
    await h.slack.interaction(press(TALENT, card, "staff:reply"));
    await h.api.waitFor((c) => c.method === "chat.postEphemeral" && c.body.user === TALENT, { since });
    expect(h.api.callsTo("views.open")).toEqual([]);
  });

  it("should refuse forged card buttons (a ticket that does not exist, an action never sent) without changing anything", async () => {
    const since = h.api.calls.length;
    const claim = buttonsOf(card).find((b) => b.action_id === "staff:claim")!;
    await h.slack.interaction(blockActions(h.api, STAFF.liWei, { channel: COMMISSIONERS_CHANNEL, ts: card.ts! }, { ...claim, value: "WT-2026-999999" }));
    const missing = await h.api.waitFor((c) => c.method === "chat.postEphemeral", { since });
    expect(missing.body.user).toBe(STAFF.liWei);
    expect(String(missing.body.text)).toMatch(/no ticket WT-2026-999999/);
    await h.slack.interaction(blockActions(h.api, STAFF.liWei, { channel: COMMISSIONERS_CHANNEL, ts: card.ts! }, { ...claim, action_id: "staff:delete" }));
    await h.api.waitFor((c) => c.method === "chat.postEphemeral" && /Unknown action/.test(String(c.body.text)), { since });
    expect(await status()).toBe("new");
    expect(h.api.calls.slice(since).filter((c) => c.method !== "chat.postEphemeral")).toEqual([]);
  });

  it("should claim from the reminder's Claim button and update the card in place", async () => {
    const reminder = h.api.callsTo("chat.postMessage").find((c) => c.body.thread_ts === card.ts && String(c.body.text).includes("SLA 提醒"))!;
    const since = h.api.calls.length;
    await h.slack.interaction(press(STAFF.liWei, reminder, "staff:claim", { thread_ts: card.ts! }));
    const update = await h.api.waitFor(isCardUpdate, { since });
    expect(blockText(update)).toMatch(/已受理 claimed/);
    expect(buttonsOf(update).map((b) => b.action_id)).toEqual(["staff:reply", "staff:resolve", "staff:reassign"]);
    expect(await status()).toBe("claimed");
  });

  it("should list the commissioner's open tickets for /tickets, and the talent's own", async () => {
    let since = h.api.calls.length;
    expect((await h.slack.command(commandFields(h.api, STAFF.liWei, "/tickets"))).status).toBe(200);
    const staff = await h.api.waitFor((c) => c.method === "response_url", { since });
    expect(staff.body.response_type).toBe("ephemeral");
    expect(blockText(staff)).toContain(ticketId);
    expect(blockText(staff)).toMatch(/claimed/);

    since = h.api.calls.length;
    await h.slack.command(commandFields(h.api, TALENT, "/tickets"));
    const own = await h.api.waitFor((c) => c.method === "response_url", { since });
    expect(own.body.response_type).toBe("ephemeral");
    expect(String(own.body.text)).toContain(ticketId);

    since = h.api.calls.length;
    await h.slack.command(commandFields(h.api, OTHER_TALENT, "/tickets"));
    const none = await h.api.waitFor((c) => c.method === "response_url", { since });
    expect(String(none.body.text)).not.toContain(ticketId);
  });

  it("should open the reply modal with the button's trigger_id and relay the submitted reply to the talent's DM", async () => {
    let since = h.api.calls.length;
    const click = press(STAFF.liWei, card, "staff:reply");
    await h.slack.interaction(click);
    const open = await h.api.waitFor((c) => c.method === "views.open", { since });
    expect(open.body.trigger_id).toBe(click.trigger_id);
    const view = open.body.view as types.ModalView;
    expect(view.callback_id).toBe("staff_reply");
    expect(JSON.stringify(view.blocks)).toContain(ticketId);

    const empty = await h.slack.interaction(viewSubmission(STAFF.liWei, view as unknown as Record<string, unknown>, { text: { value: "  " } }));
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ response_action: "errors", errors: { text: expect.any(String) } });

    since = h.api.calls.length;
    const REPLY = "A technician will come at 3pm today & bring a new heater.";
    const sent = await h.slack.interaction(viewSubmission(STAFF.liWei, view as unknown as Record<string, unknown>, { text: { value: REPLY } }));
    expect(sent.status).toBe(200);
    expect(sent.text).toBe("");
    const done = await h.api.waitFor((c) => c.method === "chat.postEphemeral" && c.body.user === STAFF.liWei, { since });
    expect(String(done.body.text)).toMatch(/Reply sent/);
    await h.api.waitFor((c) => isCardUpdate(c) && /replied 回复/.test(blockText(c)), { since });

    await h.test.app.tickets.dispatcher.flush();
    const dm = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === TALENT, { since });
    expect(String(dm.body.text)).toContain(REPLY);
    expect(blockText(dm)).toContain("A technician will come at 3pm today &amp; bring a new heater.");
  });

  it("should pass the ticket to another commissioner from the reassign modal and tell them in the card's thread", async () => {
    let since = h.api.calls.length;
    await h.slack.interaction(press(STAFF.liWei, card, "staff:reassign"));
    const open = await h.api.waitFor((c) => c.method === "views.open", { since });
    const view = open.body.view as types.ModalView;
    expect(view.callback_id).toBe("staff_reassign");
    const select = JSON.stringify(view.blocks);
    expect(select).toContain('"value":"chen-jing"');
    expect(select).toContain('"value":"zhang-min"');
    expect(select).not.toContain('"value":"li-wei"');

    since = h.api.calls.length;
    await h.slack.interaction(viewSubmission(STAFF.liWei, view as unknown as Record<string, unknown>, { target: { selected: "chen-jing" } }));
    const update = await h.api.waitFor((c) => isCardUpdate(c) && blockText(c).includes(`<@${STAFF.chenJing}>`), { since });
    expect(blockText(update)).not.toContain(`<@${STAFF.liWei}>`);
    expect((await h.test.app.tickets.store.repo.get(ticketId))!.commissioner).toBe("chen-jing");

    await h.test.app.tickets.dispatcher.flush();
    const notice = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.thread_ts === card.ts && String(c.body.text).startsWith(`<@${STAFF.chenJing}>`), { since });
    expect(notice.body.channel).toBe(COMMISSIONERS_CHANNEL);
    // No second card: the one in the channel now names the new commissioner.
    expect(h.api.callsTo("chat.postMessage").filter((c) => c.body.channel === COMMISSIONERS_CHANNEL && !c.body.thread_ts)).toHaveLength(1);
  });

  it("should resolve from the resolve modal: the talent's DM gets the rating prompt and the card loses its buttons", async () => {
    let since = h.api.calls.length;
    await h.slack.interaction(press(STAFF.chenJing, card, "staff:resolve"));
    const open = await h.api.waitFor((c) => c.method === "views.open", { since });
    const view = open.body.view as types.ModalView;
    expect(view.callback_id).toBe("staff_resolve");

    since = h.api.calls.length;
    await h.slack.interaction(viewSubmission(STAFF.chenJing, view as unknown as Record<string, unknown>, { note: { value: "Heater replaced." } }));
    const update = await h.api.waitFor((c) => isCardUpdate(c) && /已办结 resolved/.test(blockText(c)), { since });
    expect(buttonsOf(update)).toEqual([]);
    expect(await status()).toBe("resolved");

    await h.test.app.tickets.dispatcher.flush();
    const prompt = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === TALENT, { since });
    expect(String(prompt.body.text)).toContain("Heater replaced.");
    expect(buttonsOf(prompt).map((b) => b.text.text)).toEqual(["★", "★★", "★★★", "★★★★", "★★★★★"]);
  });

  it("should not let another talent rate the ticket with a forged star button", async () => {
    const since = h.api.calls.length;
    const forged = { action_id: "engine:rate:0", value: JSON.stringify({ id: "rate", payload: `${ticketId}:1` }), text: { type: "plain_text" as const, text: "★" } };
    await h.slack.interaction(blockActions(h.api, OTHER_TALENT, { channel: `D${OTHER_TALENT.slice(1)}`, ts: "1799999999.000100" }, forged));
    await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === `D${OTHER_TALENT.slice(1)}`, { since });
    const ticket = (await h.test.app.tickets.store.repo.get(ticketId))!;
    expect(ticket.status).toBe("resolved");
    expect(ticket.rating).toBeUndefined();
  });

  it("should close the ticket when the talent presses five stars, and show the final state on the card", async () => {
    const prompt = [...h.api.callsTo("chat.postMessage")].reverse().find((c) => c.body.channel === TALENT && buttonsOf(c).length === 5)!;
    const since = h.api.calls.length;
    await h.slack.interaction(press(TALENT, prompt, "engine:rate:4"));
    const thanks = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === `D${TALENT.slice(1)}`, { since });
    expect(thanks.body.thread_ts).toBe(prompt.ts);
    expect(String(thanks.body.text)).toMatch(/5\/5|5 分/);
    const update = await h.api.waitFor((c) => isCardUpdate(c) && /已关闭 closed/.test(blockText(c)), { since });
    expect(buttonsOf(update)).toEqual([]);
    expect(blockText(update)).toContain("★★★★★");
    expect(await status()).toBe("closed");
  });

  it("should refuse a stale button on the closed ticket's card", async () => {
    const since = h.api.calls.length;
    await h.slack.interaction(press(STAFF.liWei, card, "staff:claim"));
    const stale = await h.api.waitFor((c) => c.method === "chat.postEphemeral", { since });
    expect(String(stale.body.text)).toMatch(/already closed/);
    expect(await status()).toBe("closed");
  });
});

describe("/reload", () => {
  it("should reload the index for an admin and refuse everyone else", async () => {
    let since = h.api.calls.length;
    await h.slack.command(commandFields(h.api, STAFF.liWei, "/reload"));
    const refused = await h.api.waitFor((c) => c.method === "response_url", { since });
    expect(String(refused.body.text)).toMatch(/Only admins/);

    since = h.api.calls.length;
    await h.slack.command(commandFields(h.api, STAFF.admin, "/reload"));
    const done = await h.api.waitFor((c) => c.method === "response_url", { since });
    expect(done.body.response_type).toBe("ephemeral");
    expect(String(done.body.text)).toMatch(/Knowledge base reloaded: \d+ policies/);
  });
});
