import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IntentClassifier } from "../../../src/core/intents/intent.ts";
import { RuleIntentClassifier } from "../../../src/core/intents/rules.ts";
import { startApp, type TestApp } from "../../fixtures/app.ts";
import type { FakeTelegram } from "../../fakes/telegram-api.ts";
import { person, rosterFile, sentTo, startHarness, text, type Harness } from "./harness.ts";

/**
 * The two transports end to end (webhook and long polling with the runner), the webhook's secret check, and
 * scheduling: a slow answer in one chat does not hold up other chats, and one chat's messages are answered in
 * order. "Slow" is a classifier that takes SLOW_MS for messages containing SLOW.
 */

const SLOW = "慢慢来";
const SLOW_MS = 1_500;
const rules = new RuleIntentClassifier();
const classifier: IntentClassifier = {
  async classify(text, context) {
    if (text.includes(SLOW)) await new Promise((r) => setTimeout(r, SLOW_MS));
    return rules.classify(text.replace(SLOW, ""), context);
  },
};

let test: TestApp;
let roster: Awaited<ReturnType<typeof rosterFile>>;
beforeAll(async () => {
  roster = await rosterFile();
  test = await startApp("telegram-transport", { classifier, env: { ROSTER_FILE: roster.file } });
});
afterAll(async () => {
  await test?.cleanup();
  await roster?.cleanup();
});

const conversation = (id: number) => test.app.store("conversation").get(`telegram:${id}`);
let updateId = 50_000;

/** Resolves with the time the bot's first message to `chat` (after `skip` earlier ones) was sent. */
const replyAt = (fake: FakeTelegram, chat: number, skip = 0) =>
  fake.waitFor((c) => c.method === "sendMessage" && c.status === 200 && c.body.chat_id === chat && fake.sent(chat).indexOf(c) >= skip, 10_000).then((c) => c.at);

describe("webhook", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ shared: { test }, webhookSecret: "configured_Secret-123" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("should register the webhook at PUBLIC_URL/telegram with the configured secret", () => {
    const [call] = h.fake.callsTo("setWebhook");
    expect(call!.body).toMatchObject({ url: `${h.url}/telegram`, secret_token: "configured_Secret-123", allowed_updates: ["message", "callback_query"] });
  });

  it("should refuse requests without the secret or with a wrong one (401), with no side effect", async () => {
    const me = person(4001, "zh-hans");
    const calls = h.fake.calls.length;
    expect(await h.post({ ...text(me, "/start"), update_id: ++updateId }, null)).toBe(401);
    expect(await h.post({ ...text(me, "/start"), update_id: ++updateId }, "wrong")).toBe(401);
    expect(await h.post({ ...text(me, "/start"), update_id: ++updateId }, "configured_Secret-12")).toBe(401);
    await h.settle();
    expect(h.fake.calls.length).toBe(calls);
    expect(await conversation(me.id)).toBeUndefined();
    const res = await fetch(`${h.url}/telegram`);
    expect(res.status).toBe(405);
  });

  it("should answer a valid update end to end and refuse a body that is not an update", async () => {
    const me = person(4002, "en");
    expect(await h.post({ ...text(me, "/start"), update_id: ++updateId }, "configured_Secret-123")).toBe(200);
    await h.settle();
    expect(sentTo(h.fake, me.id)[0]!.text).toMatch(/^Hello!/);
    expect(await h.post({ hello: "world" }, "configured_Secret-123")).toBe(400);
  });

  it("should acknowledge at once, answer other chats while one is slow, and keep one chat's order", async () => {
    const slow = person(4003, "zh-hans");
    const fast = person(4004, "zh-hans");
    const t0 = Date.now();
    expect(await h.post({ ...text(slow, `${SLOW}D类人才租房补贴每月多少？`), update_id: ++updateId }, "configured_Secret-123")).toBe(200);
    expect(Date.now() - t0).toBeLessThan(SLOW_MS / 2); // not held for the answer
    expect(await h.post({ ...text(slow, "/help"), update_id: ++updateId }, "configured_Secret-123")).toBe(200);
    expect(await h.post({ ...text(fast, "/start"), update_id: ++updateId }, "configured_Secret-123")).toBe(200);

    const fastAt = await replyAt(h.fake, fast.id);
    expect(fastAt - t0).toBeLessThan(SLOW_MS);
    expect(sentTo(h.fake, slow.id)).toEqual([]); // still thinking
    await h.settle();
    const [answer, help] = sentTo(h.fake, slow.id);
    expect(answer!.text).toContain("来源:"); // the slow question first…
    expect(help!.text).toMatch(/^您好/); // …then /help, sent after it
  });

  it("should stop taking updates after stop() (503: Telegram delivers them again later)", async () => {
    await h.channel.stop();
    expect(await h.post({ ...text(person(4005), "/start"), update_id: ++updateId }, "configured_Secret-123")).toBe(503);
  });
});

describe("long polling", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ shared: { test }, mode: "polling" });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("should drop a webhook, poll getUpdates and answer", async () => {
    expect(h.fake.callsTo("deleteWebhook")).toHaveLength(1);
    expect(h.channel.routes).toEqual({});
    const me = person(5001, "zh-hans");
    await h.deliver(text(me, "/start"));
    expect(sentTo(h.fake, me.id)[0]!.text).toMatch(/^您好/);
    expect(h.fake.callsTo("getUpdates").every((c) => c.body.timeout === 1)).toBe(true);
  });

  it("should answer other chats while one is slow, and keep one chat's order", async () => {
    const slow = person(5002, "zh-hans");
    const fast = person(5003, "zh-hans");
    const t0 = Date.now();
    h.fake.pushUpdate({ ...text(slow, `${SLOW}D类人才租房补贴每月多少？`), update_id: ++updateId });
    h.fake.pushUpdate({ ...text(slow, "/help"), update_id: ++updateId });
    h.fake.pushUpdate({ ...text(fast, "/start"), update_id: ++updateId });

    const fastAt = await replyAt(h.fake, fast.id);
    expect(fastAt - t0).toBeLessThan(SLOW_MS);
    expect(sentTo(h.fake, slow.id)).toEqual([]);
    await replyAt(h.fake, slow.id, 1);
    const [answer, help] = sentTo(h.fake, slow.id);
    expect(answer!.text).toContain("来源:");
    expect(help!.text).toMatch(/^您好/);
  });

  it("should stop polling on stop()", async () => {
    await h.channel.stop();
    const polls = h.fake.callsTo("getUpdates").length;
    h.fake.pushUpdate({ ...text(person(5004), "/start"), update_id: ++updateId });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.callsTo("getUpdates").length).toBeLessThanOrEqual(polls + 1);
    expect(sentTo(h.fake, 5004)).toEqual([]);
  });
});
