/**
 * Section "channels": messages per second through the platform webhooks end to end, and the latency a talent
 * sees, with the whole service running as `npm start` runs it (`startService`: real grammY and Bolt, SQLite
 * state, offline engine) against the stand-ins for Telegram and Slack on 127.0.0.1 (test/fakes).
 *
 * - Telegram: updates POSTed to the webhook (`/telegram`, secret token), latency from the POST to the bot's
 *   `sendMessage` for that chat arriving at the fake Bot API.
 * - Slack: signed `message.im` events POSTed to `/slack/events`, latency from the POST to the threaded
 *   `chat.postMessage` arriving at the fake Web API.
 *
 * Messages are the eval questions (policy questions: retrieval + extractive answer, the expensive path), sent by
 * CONCURRENCY simulated users at once, each waiting for its reply before sending the next.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createLogger } from "../src/logger.ts";
import { loadConfig } from "../src/config.ts";
import { startService, type Service } from "../src/service.ts";
import { startFakeSlackApi, type FakeSlackApi } from "../test/fakes/slack-api.ts";
import { slackRequests } from "../test/fakes/slack-requests.ts";
import { startFakeTelegram, type FakeTelegram } from "../test/fakes/telegram-api.ts";
import { fmt, heading, makeTempDir, percentile, removeTempDir, table, type BenchContext, type Section } from "./util.ts";
import { freePort } from "../test/fixtures/ports.ts";

const MESSAGES = 240;
const CONCURRENCY = 8;
const WARMUP = 16;
const SECRET = "bench-signing-secret";

const ROSTER = `
ticketPrefix: WT
commissioners:
  - id: li-wei
    name: Li Wei
    channels: [slack:ULIWEI001]
    categories: [housing, schooling, medical, settlement, other]
admins: [slack:UADMIN001]
sla:
  default:
    normal: { firstResponseHours: 24, resolutionHours: 120 }
    urgent: { firstResponseHours: 4, resolutionHours: 48 }
`;

interface PathResult {
  messages: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}


/** `users` loops, each sending its share of `texts` one after another through `send` (which resolves on the reply). */
async function drive(texts: string[], users: number, send: (user: number, text: string) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, u) => {
      while (next < texts.length) {
        const text = texts[next++]!;
        const s = performance.now();
        await send(u, text);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, latencies };
}

function summarise(texts: string[], r: { seconds: number; latencies: number[] }): PathResult {
  return {
    messages: texts.length,
    concurrency: CONCURRENCY,
    seconds: r.seconds,
    perSecond: texts.length / r.seconds,
    latencyMs: { p50: percentile(r.latencies, 50), p90: percentile(r.latencies, 90), p99: percentile(r.latencies, 99), max: Math.max(...r.latencies) },
  };
}

async function run(ctx: BenchContext) {
  const questions = (await ctx.questions()).map((q) => q.question);
  const texts = Array.from({ length: MESSAGES }, (_, i) => questions[i % questions.length]!);
  const dir = await makeTempDir("channels");
  let tg: FakeTelegram | undefined;
  let api: FakeSlackApi | undefined;
  let svc: Service | undefined;
  try {
    [tg, api] = await Promise.all([startFakeTelegram(), startFakeSlackApi()]);
    await writeFile(path.join(dir, "roster.yaml"), ROSTER);
    const port = await freePort();
    const config = loadConfig({
      KNOWLEDGE_DIR: ctx.knowledgeDir,
      DATA_DIR: dir,
      STORE_URL: `sqlite://${path.join(dir, "state.sqlite")}`,
      EMBEDDINGS: "local",
      CHAT_MODEL: "off",
      ROSTER_FILE: path.join(dir, "roster.yaml"),
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      RATE_LIMIT_PER_MINUTE: "0",
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
    });
    ctx.log("[channels] starting the service (builds the index)");
    svc = await startService(config, { logger: createLogger({ logLevel: "silent" }), host: "127.0.0.1", slack: { retries: 0 } });
    const base = `http://127.0.0.1:${svc.port}`;
    const fakeTg = tg;
    const fakeSlack = api;
    const secret = fakeTg.callsTo("setWebhook")[0]?.body.secret_token as string;

    let updateId = 1;
    const telegram = async (user: number, text: string) => {
      const chat = 500_000 + user;
      const before = fakeTg.calls.length;
      const reply = fakeTg.waitFor((c) => c.method === "sendMessage" && c.body.chat_id === chat && fakeTg.calls.indexOf(c) >= before, 30_000);
      const res = await fetch(`${base}/telegram`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify({
          update_id: updateId++,
          message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: "private", first_name: "B" }, from: { id: chat, is_bot: false, first_name: "B", language_code: "zh-hans" }, text },
        }),
      });
      await res.text();
      if (res.status !== 200) throw new Error(`telegram webhook answered ${res.status}`);
      await reply;
    };
    const signed = slackRequests(`${base}/slack/events`, SECRET);
    let ts = 0;
    const slack = async (user: number, text: string) => {
      const id = `UBENCH${String(user).padStart(3, "0")}`;
      const eventTs = `1800000000.${String(++ts).padStart(6, "0")}`;
      const since = fakeSlack.calls.length;
      const reply = fakeSlack.waitFor((c) => c.method === "chat.postMessage" && c.body.thread_ts === eventTs, { since, timeoutMs: 30_000 });
      const { response } = await signed.event({ type: "message", channel: `D${id.slice(1)}`, channel_type: "im", user: id, text, ts: eventTs });
      if (response.status !== 200) throw new Error(`slack events answered ${response.status}`);
      await reply;
    };

    ctx.log(`[channels] warm-up, then ${MESSAGES} Telegram updates and ${MESSAGES} Slack events, ${CONCURRENCY} users at a time`);
    await drive(texts.slice(0, WARMUP), CONCURRENCY, telegram);
    await drive(texts.slice(0, WARMUP), CONCURRENCY, slack);
    const tgResult = summarise(texts, await drive(texts, CONCURRENCY, telegram));
    const slackResult = summarise(texts, await drive(texts, CONCURRENCY, slack));
    return { telegramWebhook: tgResult, slackEvents: slackResult };
  } finally {
    await svc?.stop("bench");
    await Promise.allSettled([tg?.close(), api?.close()]);
    await removeTempDir(dir);
  }
}

function render(data: Awaited<ReturnType<typeof run>>): string {
  const row = (name: string, r: PathResult) => [name, r.messages, r.concurrency, fmt(r.perSecond, 1), fmt(r.latencyMs.p50, 1), fmt(r.latencyMs.p90, 1), fmt(r.latencyMs.p99, 1), fmt(r.latencyMs.max, 1)];
  return [
    heading("Channels: policy questions end to end through the webhooks (fake Telegram / Slack on 127.0.0.1)"),
    table(["path", "messages", "users", "msg/s", "p50 ms", "p90 ms", "p99 ms", "max ms"], [row("Telegram webhook → sendMessage", data.telegramWebhook), row("Slack events → chat.postMessage", data.slackEvents)]),
  ].join("\n");
}

export const channelsSection: Section = {
  name: "channels",
  description: "messages/s and reply latency p50/p99 through the Telegram webhook and the Slack events endpoint, end to end against local stand-ins",
  async run(ctx) {
    const data = await run(ctx);
    return { title: "channels", data, text: render(data) };
  },
};
