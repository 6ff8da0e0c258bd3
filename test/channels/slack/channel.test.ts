import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelDeps, type ChannelDeps } from "../../../src/channels/channel.ts";
import { createSlackChannel, SlackAuthError } from "../../../src/channels/slack/index.ts";
import { createLogger } from "../../../src/logger.ts";
import { createMetrics } from "../../../src/metrics.ts";
import { startApp, type TestApp } from "../../fixtures/app.ts";
import { startFakeSlackApi, type FakeSlackApi } from "../../fakes/slack-api.ts";

/** Building, starting and stopping the channel: no network before `start()`, the token checked there. */

let test: TestApp;
let api: FakeSlackApi;
let deps: ChannelDeps;
const http = () => ({ botToken: "xoxb-1-2-abc", signingSecret: "secret", apiUrl: api.url });

beforeAll(async () => {
  api = await startFakeSlackApi();
  test = await startApp("slack-channel");
  deps = channelDeps(test.app, { metrics: createMetrics({ defaults: false }), logger: createLogger({ logLevel: "silent" }), rateLimitPerMinute: 0 });
});

afterAll(async () => {
  await api?.close();
  await test?.cleanup();
});

describe("createSlackChannel", () => {
  it("should call nothing while being built, check the token with auth.test on start, and answer 503 once stopped", async () => {
    api.clear();
    const channel = await createSlackChannel(http(), deps, { retries: 0 });
    expect(channel.name).toBe("slack");
    expect(Object.keys(channel.routes)).toEqual(["/slack/events"]);
    expect(api.calls).toEqual([]);
    await channel.start();
    expect(api.calls.map((c) => c.method)).toEqual(["auth.test"]);
    expect(api.calls[0]!.headers.authorization).toBe("Bearer xoxb-1-2-abc");
    await channel.stop();

    let status = 0;
    const res = { writeHead: (s: number) => ((status = s), { end() {} }) };
    channel.routes["/slack/events"]!({ method: "POST", url: "/slack/events", headers: {} } as never, res as never);
    expect(status).toBe(503);
  });

  it("should fail to start, saying what to check, when Slack refuses the token", async () => {
    const channel = await createSlackChannel(http(), deps, { retries: 0 });
    api.failNext("auth.test", "invalid_auth");
    const err = await channel.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackAuthError);
    expect((err as Error).message).toMatch(/invalid_auth.*SLACK_BOT_TOKEN|SLACK_BOT_TOKEN.*invalid_auth/s);
    expect((err as Error).message).not.toContain("xoxb-1-2-abc");
    await channel.stop();
  });

  it("should skip auth.test when the bot's ids are given", async () => {
    api.clear();
    const channel = await createSlackChannel(http(), deps, { retries: 0, botUserId: "UBOT", botId: "BBOT" });
    await channel.start();
    expect(api.calls).toEqual([]);
    await channel.stop();
  });

  it("should use Socket Mode, with no HTTP routes, when an app token is configured", async () => {
    api.clear();
    const channel = await createSlackChannel({ botToken: "xoxb-1-2-abc", appToken: "xapp-1-A1-123-abc", apiUrl: api.url }, deps, { retries: 0 });
    expect(channel.routes).toEqual({});
    expect(api.calls).toEqual([]);
    await channel.stop();
  });

  it("should refuse HTTP mode without a signing secret", async () => {
    await expect(createSlackChannel({ botToken: "xoxb-1-2-abc", apiUrl: api.url }, deps)).rejects.toThrow(/SLACK_SIGNING_SECRET/);
  });
});
