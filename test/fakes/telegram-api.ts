import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Message, Update, UserFromGetMe } from "grammy/types";
import { listen } from "../../src/server.ts";

/**
 * A fake Telegram Bot API on 127.0.0.1 (random port) for tests: point grammY's `client.apiRoot` (our
 * `TELEGRAM_API_ROOT`) at `apiRoot` and the real HTTP client, error mapping and plugins run against it.
 *
 * - Requests arrive as `POST /bot<token>/<method>` with a JSON body; every one is recorded (method, parsed body,
 *   the status answered). A wrong token gets 401, an unknown method 404.
 * - `sendMessage` / `editMessageText` / `editMessageReplyMarkup` keep the chat's messages and answer with a
 *   realistic `Message` (incrementing `message_id`, `text` without markup). Like Telegram they refuse text that
 *   is empty or longer than 4096 characters after entity parsing, HTML that does not parse, callback data outside
 *   1–64 bytes, and an edit that changes nothing ("message is not modified").
 * - `getUpdates` serves a queue (`pushUpdate`), honouring `offset`; with nothing queued it waits up to
 *   `timeout` seconds (at most `maxPollWaitMs`) for an update, like a long poll.
 * - `failNext(method, n, …)` scripts failures, e.g. three 429s with `retry_after`, a 500, or a dropped connection.
 * - `delay(method, ms)` makes a method answer slowly.
 */

export interface ApiCall {
  method: string;
  body: Record<string, any>;
  /** Status the fake answered with. */
  status: number;
  /** `result` of a successful call (e.g. the Message of sendMessage). */
  result?: any;
  at: number;
}

export interface FailureScript {
  /** HTTP status and `error_code` (default 429). */
  status?: number;
  /** `parameters.retry_after` in seconds (default 1 for 429). */
  retryAfter?: number;
  description?: string;
  /** Close the connection without answering, as a network failure does (recorded with status 0). */
  drop?: boolean;
}

export interface StoredMessage {
  chat: number;
  message_id: number;
  /** Text after entity parsing (tags removed, entities decoded). */
  text: string;
  /** The HTML (or plain text) as sent. */
  raw: string;
  reply_markup?: unknown;
}

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every call, in the order received. */
  readonly calls: ApiCall[];
  callsTo(method: string): ApiCall[];
  /** Successful `sendMessage` calls to one chat (or all chats). */
  sent(chat?: number): ApiCall[];
  /** The current state of a message the bot sent. */
  message(chat: number, messageId: number): StoredMessage | undefined;
  /** Queues an update for `getUpdates`; assigns an `update_id` when missing and returns it. */
  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): number;
  /** The next `count` calls of `method` fail. */
  failNext(method: string, count: number, failure?: FailureScript): void;
  /** `method` answers after `ms` milliseconds from now on (0 to stop). */
  delay(method: string, ms: number): void;
  /** Resolves with the first call (already recorded or future) matching `match`. */
  waitFor(match: (call: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  close(): Promise<void>;
}

const TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote", "tg-emoji"]);

/** Parses Telegram HTML like the Bot API: the visible text, or an error description. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = "";
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === "<") {
      const m = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/i.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Unsupported start tag at byte offset ${i}` };
      const [whole, closing, name] = m as unknown as [string, string, string];
      const tag = name.toLowerCase();
      if (!TAGS.has(tag)) return { error: `Bad Request: can't parse entities: Unsupported start tag "${tag}" at byte offset ${i}` };
      if (closing) {
        if (open.pop() !== tag) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${tag}"` };
      } else open.push(tag);
      i += whole.length;
      continue;
    }
    if (ch === ">") return { error: `Bad Request: can't parse entities: Unexpected end tag at byte offset ${i}` };
    if (ch === "&") {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!m) return { error: `Bad Request: can't parse entities: Character entity expected at byte offset ${i}` };
      const name = m[1]!;
      text += name === "lt" ? "<" : name === "gt" ? ">" : name === "amp" ? "&" : name === "quot" ? '"' : String.fromCodePoint(name.startsWith("#x") ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      i += m[0].length;
      continue;
    }
    text += ch;
    i++;
  }
  if (open.length) return { error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}

function markupError(markup: unknown): string | undefined {
  const rows = (markup as { inline_keyboard?: { text?: string; callback_data?: string }[][] } | undefined)?.inline_keyboard;
  for (const row of rows ?? []) {
    for (const b of row) {
      if (!b.text) return "Bad Request: text buttons are unallowed in the inline keyboard";
      if (b.callback_data !== undefined && (Buffer.byteLength(b.callback_data) < 1 || Buffer.byteLength(b.callback_data) > 64)) return "Bad Request: BUTTON_DATA_INVALID";
    }
  }
  return undefined;
}

export async function startFakeTelegram(options: { token?: string; maxPollWaitMs?: number } = {}): Promise<FakeTelegram> {
  const token = options.token ?? "123456789:AAFakeTokenForTestsOnly_abcdefghijkl";
  const maxPollWaitMs = options.maxPollWaitMs ?? 1_000;
  const botInfo: UserFromGetMe = {
    id: Number(token.split(":")[0]),
    is_bot: true,
    first_name: "Talent Concierge",
    username: "talent_concierge_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  const calls: ApiCall[] = [];
  const failures = new Map<string, FailureScript[]>();
  const delays = new Map<string, number>();
  const messages = new Map<string, StoredMessage>();
  const queue: Update[] = [];
  const pollers = new Set<() => void>();
  const watchers = new Set<(c: ApiCall) => void>();
  let nextMessageId = 1000;
  let nextUpdateId = 1;

  const key = (chat: number, id: number) => `${chat}:${id}`;
  const chatOf = (id: number): Message["chat"] => (id < 0 ? { id, type: "supergroup", title: "Commissioners" } : { id, type: "private", first_name: "User" });

  function toMessage(m: StoredMessage, date = Math.floor(Date.now() / 1000)): Message {
    return {
      message_id: m.message_id,
      date,
      chat: chatOf(m.chat),
      from: botInfo,
      text: m.text,
      ...(m.reply_markup && (m.reply_markup as { inline_keyboard?: unknown }).inline_keyboard ? { reply_markup: m.reply_markup as Message["reply_markup"] } : {}),
    } as Message;
  }

  type Result = { status: number; body: Record<string, unknown> };
  const ok = (result: unknown): Result => ({ status: 200, body: { ok: true, result } });
  const bad = (description: string, status = 400): Result => ({ status, body: { ok: false, error_code: status, description } });

  async function handle(method: string, body: Record<string, any>, req: IncomingMessage): Promise<Result> {
    const scripted = failures.get(method)?.shift();
    if (scripted?.drop) return { status: 0, body: {} };
    if (scripted) {
      const status = scripted.status ?? 429;
      const retryAfter = scripted.retryAfter ?? (status === 429 ? 1 : undefined);
      return {
        status,
        body: {
          ok: false,
          error_code: status,
          description: scripted.description ?? (status === 429 ? `Too Many Requests: retry after ${retryAfter}` : "Internal Server Error"),
          ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
        },
      };
    }
    switch (method) {
      case "getMe":
        return ok(botInfo);
      case "setMyCommands":
      case "setWebhook":
      case "deleteWebhook":
      case "sendChatAction":
        return ok(true);
      case "answerCallbackQuery":
        if (typeof body.text === "string" && [...body.text].length > 200) return bad("Bad Request: MESSAGE_TOO_LONG");
        return ok(true);
      case "sendMessage": {
        const parsed = body.parse_mode === "HTML" ? parseTelegramHtml(String(body.text ?? "")) : { text: String(body.text ?? "") };
        if ("error" in parsed) return bad(parsed.error);
        if (!parsed.text.trim()) return bad("Bad Request: message text is empty");
        if (parsed.text.length > 4096) return bad("Bad Request: message is too long");
        const markupProblem = markupError(body.reply_markup);
        if (markupProblem) return bad(markupProblem);
        const chat = Number(body.chat_id);
        const m: StoredMessage = { chat, message_id: nextMessageId++, text: parsed.text, raw: String(body.text), ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}) };
        messages.set(key(chat, m.message_id), m);
        return ok(toMessage(m));
      }
      case "editMessageText":
      case "editMessageReplyMarkup": {
        const chat = Number(body.chat_id);
        const m = messages.get(key(chat, Number(body.message_id)));
        if (!m) return bad("Bad Request: message to edit not found");
        const parsed =
          method === "editMessageReplyMarkup" ? { text: m.text } : body.parse_mode === "HTML" ? parseTelegramHtml(String(body.text ?? "")) : { text: String(body.text ?? "") };
        if ("error" in parsed) return bad(parsed.error);
        if (!parsed.text.trim()) return bad("Bad Request: message text is empty");
        if (parsed.text.length > 4096) return bad("Bad Request: message is too long");
        const markupProblem = markupError(body.reply_markup);
        if (markupProblem) return bad(markupProblem);
        const markup = body.reply_markup && (body.reply_markup.inline_keyboard?.length ?? 0) > 0 ? body.reply_markup : undefined;
        if (parsed.text === m.text && JSON.stringify(markup) === JSON.stringify(m.reply_markup)) {
          return bad("Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }
        m.text = parsed.text;
        if (method === "editMessageText") m.raw = String(body.text);
        if (markup) m.reply_markup = markup;
        else delete m.reply_markup;
        return ok(toMessage(m));
      }
      case "getUpdates": {
        const offset = Number(body.offset ?? 0);
        const limit = Number(body.limit ?? 100);
        const take = () => {
          while (queue.length && queue[0]!.update_id < offset) queue.shift(); // confirmed
          return queue.filter((u) => u.update_id >= offset).slice(0, limit);
        };
        let updates = take();
        if (!updates.length && Number(body.timeout ?? 0) > 0) {
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              pollers.delete(done);
              resolve();
            };
            const timer = setTimeout(done, Math.min(maxPollWaitMs, Number(body.timeout) * 1000));
            pollers.add(done);
            req.once("close", done);
          });
          updates = take();
        }
        return ok(updates);
      }
      default:
        return bad("Not Found: method not found", 404);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      void (async () => {
        const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
        const raw = Buffer.concat(parts).toString("utf8");
        let body: Record<string, any> = {};
        try {
          body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
        } catch {
          body = { raw };
        }
        const method = m?.[2] ?? "";
        let result: Result;
        if (!m) result = bad("Not Found", 404);
        else if (m[1] !== token) result = bad("Unauthorized", 401);
        else {
          const wait = delays.get(method) ?? 0;
          if (wait) await new Promise((r) => setTimeout(r, wait));
          result = await handle(method, body, req);
        }
        const call: ApiCall = { method, body, status: result.status, ...(result.body.ok ? { result: result.body.result } : {}), at: Date.now() };
        calls.push(call);
        for (const w of [...watchers]) w(call);
        if (result.status === 0) req.socket.destroy();
        else if (!res.destroyed) res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify(result.body));
      })();
    });
  });
  const port = await listen(server, 0, "127.0.0.1");

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    sent: (chat) => calls.filter((c) => c.method === "sendMessage" && c.status === 200 && (chat === undefined || Number(c.body.chat_id) === chat)),
    message: (chat, id) => messages.get(key(chat, id)),
    pushUpdate(update) {
      const id = update.update_id ?? nextUpdateId++;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      queue.push({ ...update, update_id: id } as Update);
      for (const p of [...pollers]) p();
      return id;
    },
    failNext(method, count, failure = {}) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < count; i++) list.push(failure);
      failures.set(method, list);
    },
    delay(method, ms) {
      if (ms > 0) delays.set(method, ms);
      else delays.delete(method);
    },
    waitFor(match, timeoutMs = 5_000) {
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`no matching Bot API call within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`));
        }, timeoutMs);
        const watch = (c: ApiCall) => {
          if (!match(c)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(c);
        };
        watchers.add(watch);
      });
    },
    async close() {
      for (const p of [...pollers]) p();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
