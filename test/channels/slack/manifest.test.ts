import { readFile } from "node:fs/promises";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { SLACK_EVENTS_PATH } from "../../../src/channels/slack/index.ts";
import { ROOT } from "../../fixtures/app.ts";

interface Manifest {
  features: { app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean }; slash_commands: { command: string; url: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean };
}

describe("slack-app-manifest.yaml", () => {
  it("should subscribe to what the channel listens to, all at /slack/events", async () => {
    const m = yaml.load(await readFile(path.join(ROOT, "slack-app-manifest.yaml"), "utf8")) as Manifest;
    expect(m.settings.event_subscriptions.bot_events.sort()).toEqual(["app_mention", "message.im"]);
    expect(m.features.slash_commands.map((c) => c.command).sort()).toEqual(["/reload", "/tickets"]);
    expect(m.oauth_config.scopes.bot.sort()).toEqual(["app_mentions:read", "chat:write", "commands", "im:history"]);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    const urls = [m.settings.event_subscriptions.request_url, m.settings.interactivity.request_url, ...m.features.slash_commands.map((c) => c.url)];
    for (const u of urls) expect(u).toBe(`https://YOUR-HOST${SLACK_EVENTS_PATH}`);
  });
});
