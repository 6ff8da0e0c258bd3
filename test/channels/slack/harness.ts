import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import type { types } from "@slack/bolt";
import type { AppOptions } from "../../../src/app.ts";
import { channelDeps, type Channel, type ChannelDeps } from "../../../src/channels/channel.ts";
import { createSlackChannel, type SlackChannelOptions } from "../../../src/channels/slack/index.ts";
import { createMetrics, type Metrics } from "../../../src/metrics.ts";
import { startApp, type TestApp } from "../../fixtures/app.ts";
import { tempDir } from "../../fixtures/policies.ts";
import { startFakeSlackApi, type FakeSlackApi, type SlackCall } from "../../fakes/slack-api.ts";
import { slackRequests, type SlackRequests } from "../../fakes/slack-requests.ts";
import { listen } from "../../../src/server.ts";

/**
 * A real application (temporary SQLite, demo corpus) with its Slack channel mounted on a local HTTP server,
 * the channel's WebClient pointed at a fake Slack API, and a client sending correctly signed requests.
 *
 * Roster: li-wei (housing, settlement, other; Slack first) and chen-jing (schooling, medical) report to
 * zhang-min (supervisor, off duty); the admin is UADMIN01.
 */

export const SECRET = "test-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-1111-2222-testtokenvalue";
export const STAFF = { liWei: "ULIWEI001", chenJing: "UCHENJ001", zhangMin: "UZHANG001", admin: "UADMIN001" } as const;
export const COMMISSIONERS_CHANNEL = "CCOMMISSN1";

const ROSTER = `
ticketPrefix: WT
commissioners:
  - id: li-wei
    name: 李伟 Li Wei
    channels: [slack:${STAFF.liWei}, console:li-wei]
    categories: [housing, settlement, other]
    supervisor: zhang-min
  - id: chen-jing
    name: 陈静 Chen Jing
    channels: [slack:${STAFF.chenJing}]
    categories: [schooling, medical]
    supervisor: zhang-min
  - id: zhang-min
    name: 张敏 Zhang Min
    channels: [slack:${STAFF.zhangMin}]
    onDuty: false
admins: [slack:${STAFF.admin}]
sla:
  default:
    normal: { firstResponseHours: 24, resolutionHours: 120 }
    urgent: { firstResponseHours: 4, resolutionHours: 48 }
  reminderBeforeMinutes: 60
`;

export interface SlackHarness {
  test: TestApp;
  api: FakeSlackApi;
  channel: Channel;
  deps: ChannelDeps;
  metrics: Metrics;
  slack: SlackRequests;
  /** URL of the mounted `/slack/events`. */
  url: string;
  /** Everything the application logged (JSON lines). */
  logs: string[];
  cleanup(): Promise<void>;
}

export async function startSlackHarness(
  prefix: string,
  options: { commissionerChannel?: boolean; app?: AppOptions; channel?: SlackChannelOptions } = {},
): Promise<SlackHarness> {
  const api = await startFakeSlackApi();
  const rosterDir = await tempDir(`${prefix}-roster`);
  const rosterFile = path.join(rosterDir.path, "roster.yaml");
  await writeFile(rosterFile, ROSTER);
  const test = await startApp(prefix, {
    ...options.app,
    env: {
      ROSTER_FILE: rosterFile,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
      ...(options.commissionerChannel ? { SLACK_COMMISSIONER_CHANNEL: COMMISSIONERS_CHANNEL } : {}),
    },
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: "debug" }, sink);
  const metrics = createMetrics({ defaults: false });
  const deps = channelDeps(test.app, { metrics, logger, rateLimitPerMinute: 0 });
  const channel = await createSlackChannel(test.config.slack!, deps, { retries: 0, ...options.channel });
  test.app.notifiers.set("slack", channel.notifier);
  await channel.start();

  const server: Server = createServer((req, res) => {
    const route = channel.routes[new URL(req.url ?? "/", "http://127.0.0.1").pathname];
    if (route) route(req, res);
    else res.writeHead(404).end();
  });
  const url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}/slack/events`;

  return {
    test,
    api,
    channel,
    deps,
    metrics,
    slack: slackRequests(url, SECRET),
    url,
    logs,
    async cleanup() {
      await channel.stop();
      await deps.inflight.drain(5000);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      await test.cleanup();
      await rosterDir.cleanup();
    },
  };
}

// --- payload builders -------------------------------------------------------------------------------------------

let tsSeq = 0;
/** A fresh Slack message timestamp. */
export function nextTs(): string {
  tsSeq++;
  return `1800000000.${String(tsSeq).padStart(6, "0")}`;
}

/** A DM from `user` to the app (the `message.im` event). */
export function dmEvent(user: string, text: string, extra: Record<string, unknown> = {}) {
  return { type: "message", channel: `D${user.slice(1)}`, channel_type: "im", user, text, ts: nextTs(), ...extra };
}

/** `@concierge …` in a channel. */
export function mentionEvent(user: string, channel: string, text: string, extra: Record<string, unknown> = {}) {
  return { type: "app_mention", channel, user, text, ts: nextTs(), ...extra };
}

/** A button as the channel sends them (always with an action id). */
export type SentButton = types.Button & { action_id: string };

/** The buttons of a recorded message (all actions blocks). */
export function buttonsOf(call: SlackCall | undefined): SentButton[] {
  const blocks = (call?.body.blocks ?? []) as types.KnownBlock[];
  return blocks.flatMap((b) => (b.type === "actions" ? (b.elements.filter((e) => e.type === "button") as SentButton[]) : []));
}

/** The mrkdwn text of a recorded message's blocks, joined. */
export function blockText(call: SlackCall | undefined): string {
  const blocks = (call?.body.blocks ?? []) as types.KnownBlock[];
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === "section") {
      if (b.text) out.push(b.text.text);
      for (const f of b.fields ?? []) out.push(f.text);
    } else if (b.type === "context") {
      for (const e of b.elements) if ("text" in e) out.push(e.text);
    } else if (b.type === "header") out.push(b.text.text);
  }
  return out.join("\n");
}

/** A click on `button` of a message posted by the bot (as recorded by the fake: channel and ts). */
export function blockActions(
  api: FakeSlackApi,
  user: string,
  message: { channel: string; ts: string; thread_ts?: string },
  button: Pick<types.Button, "action_id" | "value" | "text">,
  extra: Record<string, unknown> = {},
) {
  return {
    type: "block_actions",
    user: { id: user, username: user.toLowerCase(), team_id: "TTEAM001" },
    api_app_id: "AAPP0001",
    token: "legacy",
    team: { id: "TTEAM001", domain: "fake" },
    container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `trigger-${nextTs()}`,
    channel: { id: message.channel, name: "chat" },
    message: { type: "message", ts: message.ts, ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}), text: "" },
    response_url: api.responseUrl(`action-${tsSeq}`),
    actions: [{ type: "button", block_id: "b1", action_id: button.action_id, value: button.value, text: button.text, action_ts: nextTs() }],
    ...extra,
  };
}

/** Submitting the modal `view` (as opened through `views.open`) with input `values` (block id → value). */
export function viewSubmission(user: string, view: Record<string, unknown>, values: Record<string, { value?: string; selected?: string }>) {
  const state: Record<string, Record<string, unknown>> = {};
  for (const [block, v] of Object.entries(values)) {
    state[block] = {
      value: v.selected !== undefined ? { type: "static_select", selected_option: { text: { type: "plain_text", text: v.selected }, value: v.selected } } : { type: "plain_text_input", value: v.value ?? null },
    };
  }
  return {
    type: "view_submission",
    team: { id: "TTEAM001", domain: "fake" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: "TTEAM001" },
    api_app_id: "AAPP0001",
    token: "legacy",
    trigger_id: `trigger-${nextTs()}`,
    view: { id: "V1", team_id: "TTEAM001", type: "modal", hash: "h", ...view, state: { values: state } },
  };
}

/** A slash command from `user`. */
export function commandFields(api: FakeSlackApi, user: string, command: string, text = "", channel = `D${user.slice(1)}`): Record<string, string> {
  return {
    command,
    text,
    user_id: user,
    user_name: user.toLowerCase(),
    channel_id: channel,
    channel_name: "directmessage",
    trigger_id: `trigger-${nextTs()}`,
    response_url: api.responseUrl(`command-${tsSeq}`),
    token: "legacy",
  };
}
