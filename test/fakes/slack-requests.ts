import { createHmac, randomUUID } from "node:crypto";

/**
 * Signed requests as Slack sends them to `/slack/events`: Events API callbacks (JSON), interactions
 * (`payload=<json>` form posts) and slash commands (form fields). Each is signed with
 * `v0=` HMAC-SHA256(secret, `v0:${timestamp}:${body}`) unless the test overrides the headers.
 */

export interface SignedResponse {
  status: number;
  text: string;
  /** The body parsed as JSON when it is JSON. */
  json?: unknown;
}

export interface SendOptions {
  /** Unix seconds (default now). */
  timestamp?: number;
  /** Secret to sign with (default the client's). */
  secret?: string;
  /** Extra or overriding headers (`x-slack-retry-num`, a forged `x-slack-signature`…). */
  headers?: Record<string, string>;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A client posting signed requests to `url` (the mounted `/slack/events`). */
export function slackRequests(url: string, secret: string) {
  async function send(body: string, contentType: string, options: SendOptions = {}): Promise<SignedResponse> {
    const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(url, {
      method: "POST",
      headers: {
        // Exactly as Slack sends it: Bolt compares the content type with ===.
        "content-type": contentType,
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": slackSignature(options.secret ?? secret, ts, body),
        ...options.headers,
      },
      body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, ...(json !== undefined ? { json } : {}) };
  }

  return {
    /** An Events API callback; returns the event id used. */
    async event(event: Record<string, unknown>, options: SendOptions & { eventId?: string } = {}) {
      const eventId = options.eventId ?? `Ev${randomUUID().replace(/-/g, "").slice(0, 12).toUpperCase()}`;
      const body = JSON.stringify({
        token: "legacy-verification-token",
        team_id: "TTEAM001",
        api_app_id: "AAPP0001",
        type: "event_callback",
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: "TTEAM001", user_id: "UBOT0001", is_bot: true }],
        event: { event_ts: String(event.ts ?? ""), ...event },
      });
      return { eventId, response: await send(body, "application/json", options) };
    },
    /** An interaction (block_actions, view_submission…) as a `payload=` form post. */
    interaction(payload: Record<string, unknown>, options: SendOptions = {}) {
      return send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, "application/x-www-form-urlencoded", options);
    },
    /** A slash command. */
    command(fields: Record<string, string>, options: SendOptions = {}) {
      return send(new URLSearchParams({ team_id: "TTEAM001", api_app_id: "AAPP0001", ...fields }).toString(), "application/x-www-form-urlencoded", options);
    },
    /** Anything, signed (or not, with overriding headers). */
    raw: send,
  };
}

export type SlackRequests = ReturnType<typeof slackRequests>;
