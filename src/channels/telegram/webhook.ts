import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import { sameSecret } from "./secrets.ts";

export interface WebhookOptions {
  /** Expected `X-Telegram-Bot-Api-Secret-Token`. */
  secret: string;
  /** False before `start()` and after `stop()`: answered 503, so Telegram delivers the update again later. */
  accepting(): boolean;
  /** Takes an authentic update; must not block (the request is answered before it is processed). */
  onUpdate(update: Update): void;
  /** Largest body accepted (default 1 MiB; Telegram updates are a few KiB). */
  maxBytes?: number;
}

const HEADER = "x-telegram-bot-api-secret-token";

function end(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(body);
}

/**
 * The webhook endpoint. Checks the secret header before reading anything (a wrong or missing secret is a 401
 * with no side effect), answers 200 as soon as the update is parsed and hands it on, so a slow answer never
 * holds Telegram's request (which would time out and be re-delivered).
 */
export function webhookHandler(o: WebhookOptions): RequestListener {
  const maxBytes = o.maxBytes ?? 1 << 20;
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers[HEADER];
    if (req.method !== "POST") {
      req.resume();
      return end(res, 405, "method not allowed");
    }
    if (!sameSecret(Array.isArray(header) ? header[0] : header, o.secret)) {
      req.resume();
      return end(res, 401, "unauthorized");
    }
    if (!o.accepting()) {
      req.resume();
      return end(res, 503, "not accepting updates");
    }
    const parts: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        end(res, 413, "too large");
        return;
      }
      parts.push(chunk);
    });
    req.on("error", () => {
      if (!res.headersSent) end(res, 400, "bad request");
    });
    req.on("end", () => {
      if (refused) return;
      let update: unknown;
      try {
        update = JSON.parse(Buffer.concat(parts).toString("utf8"));
      } catch {
        return end(res, 400, "invalid JSON");
      }
      if (typeof update !== "object" || update === null || typeof (update as { update_id?: unknown }).update_id !== "number") {
        return end(res, 400, "not a Telegram update");
      }
      end(res, 200, "ok");
      o.onUpdate(update as Update);
    });
  };
}
