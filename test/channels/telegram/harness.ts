import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { Writable } from "node:stream";
import type { CallbackQuery, Message, Update, User } from "grammy/types";
import { channelDeps, type Channel, type ChannelDeps } from "../../../src/channels/channel.ts";
import { createTelegramChannel, type TelegramChannelOptions } from "../../../src/channels/telegram/index.ts";
import { createLogger } from "../../../src/logger.ts";
import { createMetrics } from "../../../src/metrics.ts";
import type { AppOptions } from "../../../src/app.ts";
import { startApp, type TestApp } from "../../fixtures/app.ts";
import { tempDir } from "../../fixtures/policies.ts";
import { startFakeTelegram, type FakeTelegram } from "../../fakes/telegram-api.ts";
import { listen } from "../../../src/server.ts";

/**
 * A real application (temporary SQLite, demo corpus, a roster whose commissioners live on Telegram) with the
 * real Telegram channel talking to the fake Bot API, plus builders for the updates Telegram would send.
 */

export const LI_WEI = 9001; // housing, settlement, other
export const CHEN_JING = 9002; // schooling, medical
export const ZHANG_MIN = 9003; // supervisor, off duty
export const ADMIN = 9900;
export const GROUP = -1001234567890;

export const ROSTER = `
ticketPrefix: WT
commissioners:
  - id: li-wei
    name: 李伟 Li Wei
    channels: [telegram:${LI_WEI}]
    categories: [housing, settlement, other]
    onDuty: true
    supervisor: zhang-min
  - id: chen-jing
    name: 陈静 Chen Jing
    channels: [telegram:${CHEN_JING}]
    categories: [schooling, medical]
    onDuty: true
    supervisor: zhang-min
  - id: zhang-min
    name: 张敏 Zhang Min
    channels: [telegram:${ZHANG_MIN}]
    onDuty: false
admins: [telegram:${ADMIN}]
sla:
  default:
    normal: { firstResponseHours: 24, resolutionHours: 120 }
    urgent: { firstResponseHours: 4, resolutionHours: 48 }
`;

/** A roster file in a fresh temporary directory (removed with the app). */
export async function rosterFile(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await tempDir("tg-roster");
  const file = path.join(dir.path, "roster.yaml");
  await writeFile(file, ROSTER);
  return { file, cleanup: dir.cleanup };
}

/** Log lines written during the test (JSON), to check that nothing secret is logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString("utf8"));
    done();
  }
  get text(): string {
    return this.lines.join("");
  }
}

export interface Harness {
  test: TestApp;
  fake: FakeTelegram;
  channel: Channel;
  deps: ChannelDeps;
  logs: LogCapture;
  /** Base URL of the HTTP server the channel's routes are mounted on (webhook mode). */
  url?: string;
  /** Posts an update to the webhook route; resolves with the HTTP status. */
  post(update: Update | Record<string, unknown>, secret?: string | null): Promise<number>;
  /** Delivers an update the way this harness's transport does, and waits until it has been handled. */
  deliver(update: Omit<Update, "update_id"> & { update_id?: number }): Promise<void>;
  /** Waits for all work the channel took (engine calls, card edits). */
  settle(): Promise<void>;
  /** Delivers queued ticket notifications and waits for card edits. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  mode?: "webhook" | "polling";
  app?: AppOptions;
  env?: Record<string, string>;
  channel?: TelegramChannelOptions;
  webhookSecret?: string;
  commissionerChat?: string;
  /** Share an app (and its roster) between harnesses. */
  shared?: { test: TestApp };
}

let nextUpdateId = 1;

/** Starts the app (or reuses one), the fake Bot API and the channel, started and listening. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const mode = options.mode ?? "webhook";
  const roster = options.shared ? undefined : await rosterFile();
  const test = options.shared?.test ?? (await startApp("telegram", { ...options.app, env: { ROSTER_FILE: roster!.file, ...options.env } }));
  const fake = await startFakeTelegram();
  const logs = new LogCapture();
  const deps = channelDeps(test.app, { metrics: createMetrics({ defaults: false }), logger: createLogger({ logLevel: "debug" }, logs), rateLimitPerMinute: 0 });

  let server: Server | undefined;
  let url: string | undefined;
  if (mode === "webhook") {
    server = createServer((req, res) => {
      const route = channel.routes[req.url ?? ""];
      if (route) return void route(req, res);
      res.writeHead(404).end();
    });
    url = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  }
  const channel = await createTelegramChannel(
    { token: fake.token, apiRoot: fake.apiRoot, ...(options.webhookSecret ? { webhookSecret: options.webhookSecret } : {}), ...(options.commissionerChat ? { commissionerChat: options.commissionerChat } : {}) },
    deps,
    { maxRetryDelaySeconds: 2, pollTimeoutSeconds: 1, networkRetryDelayMs: 50, ...(url ? { publicUrl: url } : {}), ...options.channel },
  );
  test.app.notifiers.set("telegram", channel.notifier);
  await channel.start();
  const secret = mode === "webhook" ? (fake.callsTo("setWebhook")[0]?.body.secret_token as string) : "";

  const post = async (update: Update | Record<string, unknown>, s: string | null = secret) => {
    const res = await fetch(`${url}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(s !== null ? { "x-telegram-bot-api-secret-token": s } : {}) },
      body: JSON.stringify(update),
    });
    await res.text();
    return res.status;
  };
  const settle = async () => {
    if (!(await deps.inflight.drain(20_000))) throw new Error("the channel's work did not finish in 20 s");
  };

  return {
    test,
    fake,
    channel,
    deps,
    logs,
    ...(url ? { url } : {}),
    post,
    async deliver(update) {
      const full = { ...update, update_id: update.update_id ?? nextUpdateId++ } as Update;
      if (mode === "webhook") {
        const status = await post(full);
        if (status !== 200) throw new Error(`webhook answered ${status}`);
      } else {
        const before = fake.callsTo("getUpdates").length;
        fake.pushUpdate(full);
        // The runner has fetched it once a later getUpdates confirms it (or the handler has started).
        await fake.waitFor((c) => c.method === "getUpdates" && fake.callsTo("getUpdates").indexOf(c) >= before && Number(c.body.offset) > full.update_id);
      }
      await settle();
    },
    settle,
    async flush() {
      await test.app.tickets.dispatcher.flush();
      await settle();
    },
    async stop() {
      await channel.stop();
      await settle();
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await fake.close();
      if (!options.shared) {
        await test.cleanup();
        await roster?.cleanup();
      }
    },
  };
}

// --- update builders ----------------------------------------------------------------------------------------------

let nextMessageId = 1;

export function person(id: number, language_code = "zh-hans", first_name = `User${id}`): User {
  return { id, is_bot: false, first_name, language_code };
}

/** A text message from `from` in their private chat (or in `chat`), with the command entity Telegram adds. */
export function text(from: User, body: string, chat?: number): Omit<Update, "update_id"> {
  const command = /^\/\w+(@\w+)?/.exec(body)?.[0];
  const message = {
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: chat !== undefined && chat < 0 ? { id: chat, type: "supergroup", title: "Commissioners" } : { id: chat ?? from.id, type: "private", first_name: from.first_name },
    from,
    text: body,
    ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
  } as Update["message"];
  return { message };
}

/** A photo (not text) from `from` in their private chat. */
export function photo(from: User): Omit<Update, "update_id"> {
  return {
    message: {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from.id, type: "private", first_name: from.first_name },
      from,
      photo: [{ file_id: "f", file_unique_id: "u", width: 10, height: 10 }],
    } as Update["message"],
  };
}

/** `from` pressing the button with `data` on a message the bot sent (as the fake stored it). */
export function press(from: User, fake: FakeTelegram, sent: { chat: number; message_id: number }, data: string): Omit<Update, "update_id"> {
  const m = fake.message(sent.chat, sent.message_id);
  if (!m) throw new Error(`the bot never sent message ${sent.message_id} to ${sent.chat}`);
  const message = {
    message_id: m.message_id,
    date: Math.floor(Date.now() / 1000),
    chat: m.chat < 0 ? { id: m.chat, type: "supergroup", title: "Commissioners" } : { id: m.chat, type: "private", first_name: "User" },
    from: fake.botInfo,
    text: m.text,
    ...(m.reply_markup ? { reply_markup: m.reply_markup } : {}),
  } as Message;
  const callback_query: CallbackQuery = { id: String(nextMessageId++), from, chat_instance: String(m.chat), message, data };
  return { callback_query };
}

/** Buttons of a message the bot sent: label and callback data. */
export function buttons(fake: FakeTelegram, sent: { chat: number; message_id: number }): { text: string; data: string }[] {
  const markup = fake.message(sent.chat, sent.message_id)?.reply_markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data ?? "" }));
}

/** Messages the bot sent to `chat` (successful sendMessage calls), oldest first, as Telegram stored them. */
export function sentTo(fake: FakeTelegram, chat: number): { chat: number; message_id: number; text: string; raw: string }[] {
  return fake.sent(chat).map((c) => ({ chat, message_id: c.result.message_id as number, text: c.result.text as string, raw: String(c.body.text) }));
}
