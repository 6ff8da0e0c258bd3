import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { listen } from "../../src/server.ts";

/**
 * A fake OpenAI-compatible server on 127.0.0.1 (random port) for tests:
 *
 * - `POST /v1/embeddings`: deterministic vectors (feature hashing of the words and CJK characters of each
 *   input, so similar texts get similar vectors); honours `dimensions` and `encoding_format: "base64"`.
 * - `POST /v1/chat/completions`: a configurable assistant message, a distinct id per completion, and a
 *   minimal SSE stream when `stream: true`.
 *
 * Every request is recorded (method, path, headers, parsed JSON body). `failNext(n, status)` makes the next
 * `n` requests fail with an OpenAI-style error, to test retries.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/embeddings`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** Status the fake answered with. */
  status: number;
}

export interface EmbeddingsRequestBody {
  model: string;
  input: string | string[];
  encoding_format?: "float" | "base64";
  dimensions?: number;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  [key: string]: unknown;
}

export interface FailureOptions {
  /** Sent as the `retry-after` header (seconds), e.g. "0". */
  retryAfter?: string;
  /** Error message in the body. */
  message?: string;
  /** Only fail requests to this path (default: any path). */
  path?: string;
}

export type ChatReply = string | ((body: ChatRequestBody) => string);

export interface FakeOpenAIOptions {
  /** Vector size when the request does not ask for one. Default 64. */
  dimensions?: number;
  /** Assistant message of chat completions. Default "This is the fake assistant's answer.". */
  chatReply?: ChatReply;
}

export interface FakeOpenAI {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order (including failed ones). */
  readonly requests: RecordedRequest[];
  /** Requests to one path, e.g. `/v1/embeddings`. */
  requestsTo(path: string): RecordedRequest[];
  /** Texts embedded so far (inputs of successful embedding requests), in order. */
  embeddedInputs(): string[];
  /** The next `count` requests (optionally only to one path) fail with `status`. */
  failNext(count: number, status?: number, options?: FailureOptions): void;
  setChatReply(reply: ChatReply): void;
  /** Forgets recorded requests. */
  clear(): void;
  close(): Promise<void>;
}

const DEFAULT_DIMENSIONS = 64;

function hash32(s: string): number {
  return createHash("sha256").update(s).digest().readUInt32LE(0);
}

/** The vector the fake returns for `text`: unit-length feature hashing of lower-cased words and CJK characters. */
export function fakeEmbedding(text: string, dimensions = DEFAULT_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const features = text.toLowerCase().match(/[a-z0-9]+|[\u3400-\u9fff]/g) ?? [];
  for (const f of features) {
    const h = hash32(f);
    v[h % dimensions]! += (h >>> 31) & 1 ? 1 : -1;
  }
  if (features.length === 0) v[hash32(text) % dimensions] = 1;
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function errorBody(status: number, message: string) {
  const type = status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  return { error: { message, type, param: null, code: type } };
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const failures: { status: number; options: FailureOptions }[] = [];
  let chatReply: ChatReply = options.chatReply ?? "This is the fake assistant's answer.";
  let completions = 0;
  const defaultDims = options.dimensions ?? DEFAULT_DIMENSIONS;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const urlPath = (req.url ?? "/").split("?")[0]!;
    const record: RecordedRequest = { method: req.method ?? "GET", path: urlPath, headers: req.headers, body, status: 200 };
    requests.push(record);
    const reply = (status: number, json: unknown, headers?: Record<string, string>) => {
      record.status = status;
      sendJson(res, status, json, headers);
    };

    const fi = failures.findIndex((f) => !f.options.path || f.options.path === urlPath);
    if (fi >= 0) {
      const f = failures.splice(fi, 1)[0]!;
      return reply(f.status, errorBody(f.status, f.options.message ?? `fake failure ${f.status}`), {
        ...(f.options.retryAfter !== undefined ? { "retry-after": f.options.retryAfter } : {}),
      });
    }
    if (req.method !== "POST") return reply(405, errorBody(405, "method not allowed"));
    if (typeof body !== "object" || body === null) return reply(400, errorBody(400, "body must be JSON"));

    if (urlPath === "/v1/embeddings") {
      const b = body as EmbeddingsRequestBody;
      const inputs = typeof b.input === "string" ? [b.input] : b.input;
      if (!Array.isArray(inputs) || !inputs.every((x) => typeof x === "string")) return reply(400, errorBody(400, "input must be a string or an array of strings"));
      if (!b.model) return reply(400, errorBody(400, "model is required"));
      const dims = b.dimensions ?? defaultDims;
      const data = inputs.map((text, index) => {
        const vec = fakeEmbedding(text, dims);
        const embedding = b.encoding_format === "base64" ? Buffer.from(new Float32Array(vec).buffer).toString("base64") : vec;
        return { object: "embedding", index, embedding };
      });
      const tokens = inputs.reduce((s, t) => s + t.length, 0);
      return reply(200, { object: "list", data, model: b.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
    }

    if (urlPath === "/v1/chat/completions") {
      const b = body as ChatRequestBody;
      if (!b.model || !Array.isArray(b.messages)) return reply(400, errorBody(400, "model and messages are required"));
      completions++;
      const id = `chatcmpl-fake-${completions}`;
      const created = Math.floor(Date.now() / 1000);
      const content = typeof chatReply === "function" ? chatReply(b) : chatReply;
      const usage = { prompt_tokens: 10, completion_tokens: content.length, total_tokens: 10 + content.length };
      if (b.stream) {
        record.status = 200;
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        const chunk = (delta: object, finish: string | null) =>
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: b.model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`;
        res.write(chunk({ role: "assistant", content }, null));
        res.write(chunk({}, "stop"));
        res.end("data: [DONE]\n\n");
        return;
      }
      return reply(200, {
        id,
        object: "chat.completion",
        created,
        model: b.model,
        choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop", logprobs: null }],
        usage,
      });
    }

    return reply(404, errorBody(404, `no route for ${req.method} ${urlPath}`));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, String(err)));
      else res.end();
    });
  });
  const port = await listen(server, 0, "127.0.0.1");

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    requestsTo: (p) => requests.filter((r) => r.path === p),
    embeddedInputs: () =>
      requests
        .filter((r) => r.path === "/v1/embeddings" && r.status === 200)
        .flatMap((r) => {
          const input = (r.body as EmbeddingsRequestBody).input;
          return typeof input === "string" ? [input] : input;
        }),
    failNext: (count, status = 500, failureOptions = {}) => {
      for (let i = 0; i < count; i++) failures.push({ status, options: failureOptions });
    },
    setChatReply: (reply) => {
      chatReply = reply;
    },
    clear: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
