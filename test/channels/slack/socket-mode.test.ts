import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelDeps, type ChannelDeps } from "../../../src/channels/channel.ts";
import { createSlackChannel } from "../../../src/channels/slack/index.ts";
import { createLogger } from "../../../src/logger.ts";
import { createMetrics } from "../../../src/metrics.ts";
import { startApp, type TestApp } from "../../fixtures/app.ts";
import { FAKE_BOT, startFakeSlackApi, type FakeSlackApi } from "../../fakes/slack-api.ts";
import { startFakeSlackSocket, type FakeSlackSocket } from "../../fakes/slack-socket.ts";
import { blockText, dmEvent } from "./harness.ts";

/**
 * Slack over Socket Mode (SLACK_APP_TOKEN): the channel opens a WebSocket to the URL `apps.connections.open`
 * gives, acknowledges every envelope and answers through the Web API, as over HTTP.
 */

const BOT_TOKEN = "xoxb-9-9-socketbot";
const APP_TOKEN = "xapp-1-A9-9-socketapp";

let test: TestApp;
let api: FakeSlackApi;
let socket: FakeSlackSocket;
let deps: ChannelDeps;

beforeAll(async () => {
  api = await startFakeSlackApi();
  socket = await startFakeSlackSocket();
  api.socketUrl = socket.url;
  test = await startApp("slack-socket");
  deps = channelDeps(test.app, { metrics: createMetrics({ defaults: false }), logger: createLogger({ logLevel: "silent" }), rateLimitPerMinute: 0 });
});

afterAll(async () => {
  await socket?.close();
  await api?.close();
  await test?.cleanup();
});

const eventCallback = (event: Record<string, unknown>) => ({
  token: "legacy-verification-token",
  team_id: FAKE_BOT.teamId,
  api_app_id: "AAPP0001",
  type: "event_callback",
  event_id: `EvSOCKET${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
  event_time: Math.floor(Date.now() / 1000),
  authorizations: [{ team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true }],
  event: { event_ts: String(event.ts), ...event },
});

describe("Slack in Socket Mode", () => {
  it("should connect with the app token, acknowledge a DM's envelope and answer it in its thread, then disconnect on stop", async () => {
    const channel = await createSlackChannel({ botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: api.url }, deps, { retries: 0 });
    expect(channel.routes).toEqual({});
    await channel.start();
    try {
      await socket.connected();
      // The WebSocket URL was asked for with the app token, at the configured API URL.
      const open = api.callsTo("apps.connections.open");
      expect(open).toHaveLength(1);
      expect(open[0]!.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);

      const event = dmEvent("USOCKET01", "人才公寓怎么申请？");
      const since = api.calls.length;
      const envelope = socket.send("events_api", eventCallback(event));
      await socket.waitForAck(envelope);

      const reply = await api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === event.channel, { since, timeoutMs: 10_000 });
      expect(reply.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
      expect(reply.body.thread_ts).toBe(event.ts);
      expect(blockText(reply)).toMatch(/人才公寓/);
    } finally {
      await channel.stop();
    }
    await expect.poll(() => socket.connections(), { timeout: 5000 }).toBe(0);
  });
});
