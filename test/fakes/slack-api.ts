import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { listen } from "../../src/server.ts";

/**
 * A fake Slack Web API on 127.0.0.1 (random port) for tests. Point a `WebClient` at it with
 * `slackApiUrl: fake.url` (`http://127.0.0.1:PORT/api/`).
 *
 * - `POST /api/<method>`: form-encoded or JSON bodies; `blocks`, `attachments` and `view` JSON strings are parsed.
 *   Answers `auth.test`, `chat.postMessage` (a user id as `channel` means a DM: the answer names the DM channel
 *   `D<rest of the id>`; `ts` increments), `chat.update`, `chat.postEphemeral`, `views.open`, `conversations.open`,
 *   `apps.connections.open` (the `socketUrl` set on the fake, for Socket Mode).
 *   Other methods answer `{ ok: false, error: "unknown_method" }`.
 * - `POST /response/<name>`: a `response_url` endpoint (see `responseUrl(name)`), recorded as method `response_url`.
 *
 * Every call is recorded. `failNext(method, error)` makes the next call of a method answer `ok: false`.
 */

export interface SlackCall {
  /** API method (`chat.postMessage`), or `response_url`. */
  method: string;
  /** For `response_url`: the name in the path. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed body (form fields or JSON), with JSON-string fields (`blocks`, `view`, `attachments`) parsed. */
  body: Record<string, unknown>;
  /** Values of `ts` (chat.postMessage) assigned by the fake. */
  ts?: string;
  /** The error the fake answered with (`failNext`), if it did. */
  error?: string;
}

export interface FakeSlackApi {
  /** Base URL for `slackApiUrl`, with a trailing slash. */
  readonly url: string;
  /** Every call, in order. */
  readonly calls: SlackCall[];
  /** Calls of one method. */
  callsTo(method: string): SlackCall[];
  /** A `response_url` pointing at this fake. */
  responseUrl(name: string): string;
  /** The next call of `method` answers `{ ok: false, error }`. */
  failNext(method: string, error?: string): void;
  /** The WebSocket URL `apps.connections.open` answers (Socket Mode; see `startFakeSlackSocket`). */
  socketUrl: string | undefined;
  /** Resolves with the first call (from `since`) matching `match`; rejects after `timeoutMs`. */
  waitFor(match: (c: SlackCall) => boolean, options?: { timeoutMs?: number; since?: number }): Promise<SlackCall>;
  clear(): void;
  close(): Promise<void>;
}

export const FAKE_BOT = { userId: "UBOT0001", botId: "BBOT0001", teamId: "TTEAM001" };

const JSON_FIELDS = ["blocks", "attachments", "view"];

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  let body: Record<string, unknown>;
  if (contentType?.includes("application/json")) body = JSON.parse(raw) as Record<string, unknown>;
  else body = Object.fromEntries(new URLSearchParams(raw));
  for (const f of JSON_FIELDS) {
    const v = body[f];
    if (typeof v === "string") {
      try {
        body[f] = JSON.parse(v);
      } catch {
        // keep the raw string
      }
    }
  }
  return body;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, string[]>();
  let seq = 100;
  const nextTs = () => `1700000000.${String(seq++).padStart(6, "0")}`;

  const answer = (method: string, body: Record<string, unknown>): { result: Record<string, unknown>; ts?: string } => {
    const fail = failures.get(method)?.shift();
    if (fail) return { result: { ok: false, error: fail } };
    const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
    switch (method) {
      case "auth.test":
        return { result: { ok: true, url: "https://fake.slack.test/", team: "Fake", user: "concierge", team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, bot_id: FAKE_BOT.botId } };
      case "chat.postMessage": {
        const requested = str("channel");
        const channel = /^[UW]/.test(requested) ? `D${requested.slice(1)}` : requested;
        if (!channel) return { result: { ok: false, error: "channel_not_found" } };
        const ts = nextTs();
        return { ts, result: { ok: true, channel, ts, message: { type: "message", text: str("text"), ts, bot_id: FAKE_BOT.botId } } };
      }
      case "chat.update":
        return { result: { ok: true, channel: str("channel"), ts: str("ts"), text: str("text") } };
      case "chat.postEphemeral":
        return { result: { ok: true, message_ts: nextTs() } };
      case "views.open":
        return { result: { ok: true, view: { id: `V${seq++}`, ...(typeof body.view === "object" ? (body.view as object) : {}) } } };
      case "apps.connections.open":
        return { result: fake.socketUrl ? { ok: true, url: fake.socketUrl } : { ok: false, error: "invalid_auth" } };
      case "conversations.open": {
        const users = str("users");
        return { result: { ok: true, channel: { id: `D${users.slice(1)}` } } };
      }
      default:
        return { result: { ok: false, error: "unknown_method" } };
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
      const response = /^\/response\/([\w.-]+)$/.exec(url.pathname);
      let body: Record<string, unknown>;
      try {
        body = parseBody(raw, req.headers["content-type"]);
      } catch {
        res.writeHead(400).end();
        return;
      }
      if (api?.[1]) {
        const method = api[1];
        const { result, ts } = answer(method, body);
        calls.push({ method, path: url.pathname, headers: req.headers, body, ...(ts ? { ts } : {}), ...(result.ok ? {} : { error: String(result.error) }) });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
        return;
      }
      if (response?.[1] && req.method === "POST") {
        calls.push({ method: "response_url", path: response[1], headers: req.headers, body });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      res.writeHead(404).end();
    })();
  });
  const port = await listen(server, 0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;

  const fake: FakeSlackApi = {
    socketUrl: undefined,
    url: `${base}/api/`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (name) => `${base}/response/${name}`,
    failNext(method, error = "internal_error") {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    async waitFor(match, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 5000);
      for (;;) {
        const found = calls.slice(options.since ?? 0).find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = calls.map((c) => `${c.method} ${JSON.stringify(c.body).slice(0, 200)}`).join("\n");
          throw new Error(`no matching Slack API call within ${options.timeoutMs ?? 5000} ms; calls:\n${seen}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    clear() {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return fake;
}
