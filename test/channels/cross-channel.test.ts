import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { types } from "@slack/bolt";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.ts";
import { startService, type Service } from "../../src/service.ts";
import { startFakeSlackApi, type FakeSlackApi, type SlackCall } from "../fakes/slack-api.ts";
import { slackRequests, type SlackRequests } from "../fakes/slack-requests.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/telegram-api.ts";
import { testConfig } from "../fixtures/app.ts";
import { tempDir } from "../fixtures/policies.ts";
import { blockActions, blockText, buttonsOf, viewSubmission } from "./slack/harness.ts";
import { buttons, person, press, sentTo, text } from "./telegram/harness.ts";
import { freePort } from "../fixtures/ports.ts";

/**
 * The whole service as `npm start` runs it (`startService` from the environment), with both platforms at once:
 * a talent on Telegram (webhook mode) and their commissioner on Slack work the same ticket. Telegram and Slack
 * are stand-ins on 127.0.0.1 (TELEGRAM_API_ROOT, SLACK_API_URL); the bot's webhooks are called on its own port.
 */

const SECRET = "cross-channel-signing-secret";
const LI_WEI = "ULIWEI001";
const CHANNEL = "CCOMMISSN1";
const TALENT = 31337;

const ROSTER = `
ticketPrefix: WT
commissioners:
  - id: li-wei
    name: 李伟 Li Wei
    channels: [slack:${LI_WEI}]
    categories: [housing, settlement, other]
  - id: chen-jing
    name: 陈静 Chen Jing
    channels: [telegram:9002]
    categories: [schooling, medical]
admins: [slack:UADMIN001]
sla:
  default:
    normal: { firstResponseHours: 24, resolutionHours: 120 }
    urgent: { firstResponseHours: 4, resolutionHours: 48 }
`;


describe("a talent on Telegram and a commissioner on Slack", () => {
  let tg: FakeTelegram;
  let api: FakeSlackApi;
  let svc: Service;
  let slack: SlackRequests;
  let dir: { path: string; cleanup: () => Promise<void> };
  let base = "";
  const me = person(TALENT, "zh-hans");

  /** Posts an update to the bot's Telegram webhook, as Telegram does, and waits until it is handled. */
  let nextUpdate = 1;
  async function deliver(update: Omit<Update, "update_id">): Promise<void> {
    const secret = tg.callsTo("setWebhook")[0]?.body.secret_token as string;
    const res = await fetch(`${base}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify({ ...update, update_id: nextUpdate++ }),
    });
    expect(res.status).toBe(200);
    await svc.deps.inflight.drain(20_000);
  }
  const lastToTalent = () => sentTo(tg, TALENT).at(-1)!;

  beforeAll(async () => {
    [tg, api, dir] = await Promise.all([startFakeTelegram(), startFakeSlackApi(), tempDir("cross")]);
    const rosterFile = path.join(dir.path, "roster.yaml");
    await writeFile(rosterFile, ROSTER);
    const port = await freePort();
    const config = testConfig(dir.path, {
      ROSTER_FILE: rosterFile,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      SLACK_BOT_TOKEN: "xoxb-cross-channel-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
      SLACK_COMMISSIONER_CHANNEL: CHANNEL,
    });
    svc = await startService(config, {
      logger: createLogger({ logLevel: "silent" }),
      host: "127.0.0.1",
      dispatchIntervalMs: 60_000,
      telegram: { maxRetryDelaySeconds: 2 },
      slack: { retries: 0 },
    });
    base = `http://127.0.0.1:${svc.port}`;
    slack = slackRequests(`${base}/slack/events`, SECRET);
  });

  afterAll(async () => {
    await svc?.stop("test");
    await Promise.allSettled([tg?.close(), api?.close()]);
    await dir?.cleanup();
  });

  it("starts both channels from the environment: webhook registered with a secret, Slack token checked", async () => {
    const hook = tg.callsTo("setWebhook")[0];
    expect(hook?.body.url).toBe(`${base}/telegram`);
    expect(String(hook?.body.secret_token)).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(api.callsTo("auth.test")).toHaveLength(1);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { channels: string[] };
    expect(health.channels).toEqual(["telegram", "slack"]);
  });

  it("answers the talent's question on Telegram with a cited answer", async () => {
    await deliver(text(me, "人才公寓租金怎么算？"));
    const answer = lastToTalent();
    expect(answer.raw).toMatch(/<a href="https?:\/\//);
    expect(answer.text).toMatch(/人才公寓/);
    expect(tg.callsTo("sendChatAction").some((c) => c.body.chat_id === TALENT)).toBe(true);
  });

  let ticketId = "";
  let card: SlackCall;
  const cardUpdates = () => api.callsTo("chat.update").filter((c) => c.body.channel === CHANNEL && c.body.ts === card.ts);
  const click = (user: string, actionId: string) => {
    const button = buttonsOf(card).find((b) => b.action_id === actionId);
    if (!button) throw new Error(`no ${actionId} on the card`);
    return blockActions(api, user, { channel: CHANNEL, ts: card.ts! }, button);
  };

  it("files the talent's request and posts its card to the commissioners' Slack channel", async () => {
    await deliver(text(me, "我的人才公寓暖气坏了，请帮我报修"));
    await deliver(text(me, "东湖苑3栋502"));
    await deliver(text(me, "就在这里联系"));
    const draft = lastToTalent();
    const confirm = buttons(tg, draft).find((b) => /确认/.test(b.text));
    expect(confirm, draft.text).toBeDefined();
    await deliver(press(me, tg, draft, confirm!.data));
    ticketId = /WT-\d{4}-\d{6}/.exec(lastToTalent().text)?.[0] ?? "";
    expect(ticketId).not.toBe("");

    await svc.app.tickets.dispatcher.flush();
    card = await api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === CHANNEL);
    expect(String(card.body.text)).toContain(`<@${LI_WEI}>`);
    expect(blockText(card)).toContain(ticketId);
    expect(buttonsOf(card).map((b) => b.action_id)).toEqual(["staff:claim", "staff:reply", "staff:resolve", "staff:reassign"]);
  });

  it("lets the commissioner claim on Slack; the card updates in place", async () => {
    const since = api.calls.length;
    expect((await slack.interaction(click(LI_WEI, "staff:claim"))).status).toBe(200);
    const update = await api.waitFor((c) => c.method === "chat.update" && c.body.ts === card.ts && /claimed/.test(blockText(c)), { since });
    expect(buttonsOf(update).map((b) => b.action_id)).not.toContain("staff:claim");
    expect((await svc.app.tickets.store.repo.get(ticketId))?.status).toBe("claimed");
  });

  it("relays the commissioner's reply from the Slack modal to the talent's Telegram chat", async () => {
    let since = api.calls.length;
    await slack.interaction(click(LI_WEI, "staff:reply"));
    const open = await api.waitFor((c) => c.method === "views.open", { since });
    const view = open.body.view as types.ModalView;
    since = api.calls.length;
    const REPLY = "维修师傅今天下午3点上门，请留人在家 <勿回复此消息>";
    expect((await slack.interaction(viewSubmission(LI_WEI, view as unknown as Record<string, unknown>, { text: { value: REPLY } }))).status).toBe(200);
    await api.waitFor((c) => c.method === "chat.update" && c.body.ts === card.ts && /回复/.test(blockText(c)), { since });

    const before = sentTo(tg, TALENT).length;
    await svc.app.tickets.dispatcher.flush();
    const got = sentTo(tg, TALENT).slice(before);
    expect(got.map((m) => m.text).join("\n")).toContain(REPLY);
    expect(got.map((m) => m.raw).join("\n")).toContain("&lt;勿回复此消息&gt;");
  });

  it("resolves from Slack; the talent gets the rating prompt on Telegram and the card shows the final state", async () => {
    let since = api.calls.length;
    await slack.interaction(click(LI_WEI, "staff:resolve"));
    const open = await api.waitFor((c) => c.method === "views.open", { since });
    since = api.calls.length;
    await slack.interaction(viewSubmission(LI_WEI, open.body.view as Record<string, unknown>, { note: { value: "暖气已修好" } }));
    const resolved = await api.waitFor((c) => c.method === "chat.update" && c.body.ts === card.ts && /resolved/.test(blockText(c)), { since });
    expect(buttonsOf(resolved)).toEqual([]);

    const before = sentTo(tg, TALENT).length;
    await svc.app.tickets.dispatcher.flush();
    const prompt = sentTo(tg, TALENT).slice(before).find((m) => buttons(tg, m).length === 5);
    expect(prompt?.text).toContain("暖气已修好");
    expect(buttons(tg, prompt!).map((b) => b.text)).toEqual(["★", "★★", "★★★", "★★★★", "★★★★★"]);

    since = api.calls.length;
    await deliver(press(me, tg, prompt!, buttons(tg, prompt!)[4]!.data));
    expect((await svc.app.tickets.store.repo.get(ticketId))?.status).toBe("closed");
    const final = await api.waitFor((c) => c.method === "chat.update" && c.body.ts === card.ts && /closed/.test(blockText(c)), { since });
    expect(blockText(final)).toContain("★★★★★");
    expect(cardUpdates().length).toBeGreaterThanOrEqual(4);
  });

  it("counts what happened on /metrics", async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/concierge_messages_total\{channel="telegram"\} [1-9]/);
    expect(metrics).toMatch(/concierge_answers_total\{channel="telegram"\} [1-9]/);
    expect(metrics).toMatch(/concierge_deliveries_total\{channel="slack"\} [1-9]/);
    expect(metrics).toMatch(/concierge_deliveries_total\{channel="telegram"\} [1-9]/);
    expect(metrics).toMatch(/concierge_tickets\{status="closed"\} 1/);
    expect(metrics).toContain("concierge_reply_seconds_bucket");
  });

  it("rejects forged requests on both webhooks with no side effect", async () => {
    const calls = tg.calls.length + api.calls.length;
    const noSecret = await fetch(`${base}/telegram`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ update_id: 999, ...text(me, "人才公寓租金怎么算？") }) });
    expect(noSecret.status).toBe(401);
    const forged = await slack.interaction(click(LI_WEI, "staff:reassign"), { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    const stale = await slack.interaction(click(LI_WEI, "staff:reassign"), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await svc.deps.inflight.drain(5_000);
    expect(tg.calls.length + api.calls.length).toBe(calls);
  });
});
