import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { startFakeOpenAI, type ChatReply, type ChatRequestBody, type FakeOpenAI, type FailureOptions, type RecordedRequest } from "./openai-server.ts";
import { listen } from "../../src/server.ts";

/**
 * A chat-completions fake for structured-output tests, wrapping `startFakeOpenAI` (which it leaves untouched):
 * a loopback proxy in front of it that
 *
 * - answers a request that forces a function (`tools` + `tool_choice: { type: "function", function: { name } }`,
 *   what `withStructuredOutput(..., { method: "functionCalling" })` sends) with a realistic `tool_calls` message
 *   whose `arguments` are the configured reply (a JSON string), `content: null` and `finish_reason: "tool_calls"`;
 *   `mode: "content"` leaves the reply in `content` instead, like a server that ignores tools;
 * - can hold every request for `delayMs` before answering (a model that never answers in time); a request whose
 *   client gave up is dropped without reaching the inner fake.
 *
 * Recording, ids and `failNext` are the inner fake's.
 */
export interface FakeChatOptions {
  /** The assistant's reply: the tool-call arguments (a JSON string) or the message content. */
  reply?: ChatReply;
  mode?: "tool" | "content";
  delayMs?: number;
}

export interface FakeChat {
  /** Base URL including `/v1`. */
  readonly url: string;
  readonly inner: FakeOpenAI;
  /** Chat requests that reached the inner fake (failed ones included), in order. */
  chatRequests(): RecordedRequest[];
  /** Parsed body of the last chat request. */
  lastBody(): ChatRequestBody | undefined;
  /** Requests the proxy received, including delayed ones that were dropped. */
  readonly received: number;
  setReply(reply: ChatReply): void;
  setMode(mode: "tool" | "content"): void;
  setDelay(ms: number): void;
  failNext(count: number, status?: number, options?: FailureOptions): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

/** The forced function's name, when the request forces one. */
function forcedFunction(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const b = body as { tools?: unknown; tool_choice?: { type?: string; function?: { name?: string } } };
  if (!Array.isArray(b.tools) || b.tool_choice?.type !== "function") return undefined;
  return b.tool_choice.function?.name;
}

export async function startFakeChat(options: FakeChatOptions = {}): Promise<FakeChat> {
  const inner = await startFakeOpenAI(options.reply !== undefined ? { chatReply: options.reply } : {});
  let mode = options.mode ?? "tool";
  let delayMs = options.delayMs ?? 0;
  let received = 0;
  let calls = 0;
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    received++;
    if (delayMs > 0) {
      const gone = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          res.off("close", onClose);
          resolve(false);
        }, delayMs);
        const onClose = () => {
          clearTimeout(timer);
          timers.delete(timer);
          resolve(true);
        };
        timers.add(timer);
        res.once("close", onClose);
      });
      if (gone || res.destroyed) return;
    }
    const headers: Record<string, string> = { "content-type": req.headers["content-type"] ?? "application/json" };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const upstream = await fetch(`http://127.0.0.1:${inner.port}${req.url ?? "/"}`, { method: req.method ?? "POST", headers, ...(raw ? { body: raw } : {}) });
    let text = await upstream.text();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const fn = forcedFunction(body);
    if (upstream.ok && mode === "tool" && fn && (req.url ?? "").startsWith("/v1/chat/completions") && !(body as ChatRequestBody).stream) {
      const completion = JSON.parse(text) as { choices: { message: { content: string | null; tool_calls?: unknown }; finish_reason: string }[] };
      const choice = completion.choices[0]!;
      calls++;
      choice.message.tool_calls = [{ id: `call_fake_${calls}`, type: "function", function: { name: fn, arguments: choice.message.content ?? "" } }];
      choice.message.content = null;
      choice.finish_reason = "tool_calls";
      text = JSON.stringify(completion);
    }
    if (res.destroyed) return;
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: String(err), type: "server_error" } }));
      } else res.end();
    });
  });
  const port = await listen(server, 0, "127.0.0.1");

  return {
    url: `http://127.0.0.1:${port}/v1`,
    inner,
    chatRequests: () => inner.requestsTo("/v1/chat/completions"),
    lastBody: () => inner.requestsTo("/v1/chat/completions").at(-1)?.body as ChatRequestBody | undefined,
    get received() {
      return received;
    },
    setReply: (reply) => inner.setChatReply(reply),
    setMode: (m) => {
      mode = m;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    failNext: (count, status, failure) => inner.failNext(count, status, failure),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await inner.close();
    },
  };
}
