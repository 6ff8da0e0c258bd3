import { readFileSync } from "node:fs";
import path from "node:path";
import { Keyv } from "keyv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InFlight, RateLimiter } from "../../src/channels/channel.ts";
import { CommissionerDesk, type PendingStaffInput } from "../../src/core/commissioner-desk.ts";
import { loadConfig, ConfigError } from "../../src/config.ts";
import { createMetrics, measuredNotifier, registerTicketGauge } from "../../src/metrics.ts";
import { closeServer, createHttpServer, listen } from "../../src/server.ts";
import { MemoryTicketRepository } from "../../src/tickets/memory.ts";
import { parseRoster } from "../../src/tickets/roster.ts";
import { TicketService } from "../../src/tickets/service.ts";
import { ticketTexts } from "../../src/core/ticket-texts.ts";
import type { Ticket } from "../../src/tickets/ticket.ts";
import { ROOT } from "../fixtures/app.ts";

/**
 * The pieces every platform channel shares: the commissioner's ticket card and its buttons (with the roster's
 * permissions), the per-user rate limit, in-flight tracking for shutdown, metrics, the HTTP server and the
 * channel settings. Example roster: li-wei (housing), chen-jing (schooling, medical), zhang-min supervises both;
 * admins console:admin and slack:U0ADMIN01.
 */

const ROSTER = parseRoster(readFileSync(path.join(ROOT, "config/roster.example.yaml"), "utf8"));

function world() {
  const repo = new MemoryTicketRepository(ROSTER.ticketPrefix);
  const service = new TicketService({ repo, roster: ROSTER, clock: () => new Date("2026-03-02T09:00:00Z"), texts: ticketTexts });
  const desk = new CommissionerDesk({ service, pending: new Keyv<PendingStaffInput>() });
  const file = async () =>
    (await service.create({ talent: "telegram:555", category: "housing", summary: "Heater broken in talent apartment", details: "No heating since Monday", lang: "en" })).ticket;
  return { repo, service, desk, file };
}

describe("ticket cards and their buttons", () => {
  it("offers Claim on a new ticket, drops it once claimed, and offers nothing once resolved", async () => {
    const { desk, file } = world();
    const t = await file();
    const ids = (x: Ticket) => desk.card(x).actions.map((a) => a.id);
    expect(ids(t)).toEqual(["claim", "reply", "resolve", "reassign"]);
    expect(desk.card(t).commissioner.name).toBe("李伟 Li Wei");

    const claimed = await desk.act("slack:U0LIWEI01", { id: "claim", payload: t.id });
    expect(claimed.ok).toBe(true);
    expect(ids(claimed.ok ? claimed.ticket : t)).toEqual(["reply", "resolve", "reassign"]);
    expect(desk.card(claimed.ok ? claimed.ticket : t).last?.by).toBe("李伟 Li Wei");

    const resolved = await desk.act("slack:U0LIWEI01", { id: "resolve", payload: t.id }, "Repaired on Tuesday");
    expect(resolved.ok).toBe(true);
    const card = desk.card(resolved.ok ? resolved.ticket : t);
    expect(card.actions).toEqual([]);
    expect(card.statusText).toContain("resolved");
  });

  it("refuses a talent pressing a staff button and changes nothing", async () => {
    const { desk, file, repo } = world();
    const t = await file();
    const out = await desk.act("telegram:555", { id: "claim", payload: t.id });
    expect(out).toMatchObject({ ok: false, code: "forbidden" });
    expect((await repo.get(t.id))?.status).toBe("new");
    expect((await repo.get(t.id))?.version).toBe(t.version);
  });

  it("answers a forged ticket id as not found and a stale button with the ticket's current state", async () => {
    const { desk, file } = world();
    const t = await file();
    expect(await desk.act("slack:U0LIWEI01", { id: "claim", payload: "WT-2026-999999" })).toMatchObject({ ok: false, code: "not_found" });
    expect(await desk.act("slack:U0LIWEI01", { id: "claim", payload: "<script>" })).toMatchObject({ ok: false, code: "not_found" });
    await desk.act("slack:U0LIWEI01", { id: "claim", payload: t.id });
    const again = await desk.act("slack:U0CHENJ01", { id: "claim", payload: t.id });
    expect(again).toMatchObject({ ok: false, code: "stale" });
    expect(again.message).toContain("Li Wei");
    await desk.act("slack:U0LIWEI01", { id: "resolve", payload: t.id });
    expect(await desk.act("slack:U0LIWEI01", { id: "reply", payload: t.id }, "late")).toMatchObject({ ok: false, code: "stale" });
  });

  it("needs the text of a reply, then relays it to the talent", async () => {
    const { desk, file } = world();
    const t = await file();
    expect(await desk.act("slack:U0LIWEI01", { id: "reply", payload: t.id }, "  ")).toMatchObject({ ok: false, code: "needs_text" });
    const out = await desk.act("slack:U0LIWEI01", { id: "reply", payload: t.id }, "A technician comes at 3 pm.");
    expect(out.ok).toBe(true);
    const note = out.ok ? out.ticket.outbox.find((n) => n.kind === "reply") : undefined;
    expect(note?.to).toBe("telegram:555");
    expect(note?.text).toContain("A technician comes at 3 pm.");
  });

  it("reassigns only to a commissioner in the roster, and only when allowed", async () => {
    const { desk, file } = world();
    const t = await file();
    expect(desk.reassignTargets(t).map((c) => c.id)).toEqual(["chen-jing", "zhang-min"]);
    expect(await desk.act("slack:U0CHENJ01", { id: "reassign_to", payload: `${t.id}>chen-jing` })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await desk.act("slack:U0LIWEI01", { id: "reassign_to", payload: `${t.id}>nobody` })).toMatchObject({ ok: false, code: "invalid" });
    const out = await desk.act("slack:U0LIWEI01", { id: "reassign_to", payload: `${t.id}>chen-jing` });
    expect(out.ok && out.ticket.commissioner).toBe("chen-jing");
  });

  it("remembers a reply being typed once, for thirty minutes", async () => {
    const { desk } = world();
    await desk.expect("telegram:100000001", "reply", "WT-2026-000001");
    expect(await desk.takePending("telegram:100000001")).toMatchObject({ action: "reply", ticket: "WT-2026-000001" });
    expect(await desk.takePending("telegram:100000001")).toBeUndefined();
  });

  it("tells listeners about every change so cards can update in place", async () => {
    const { service, desk, file } = world();
    const seen: string[] = [];
    const off = service.onChange((t) => seen.push(`${t.id}:${t.status}`));
    const t = await file();
    await desk.act("slack:U0LIWEI01", { id: "claim", payload: t.id });
    off();
    await desk.act("slack:U0LIWEI01", { id: "resolve", payload: t.id });
    expect(seen).toEqual([`${t.id}:new`, `${t.id}:claimed`]);
  });
});

describe("rate limit", () => {
  it("lets a burst through, refuses the next, and refills over time, per user", () => {
    let now = 0;
    const limiter = new RateLimiter(6, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take("telegram:1"))).toEqual([true, true, true, false]);
    expect(limiter.take("telegram:2")).toBe(true);
    now += 10_000; // 6 per minute = one every 10 s
    expect(limiter.take("telegram:1")).toBe(true);
    expect(limiter.take("telegram:1")).toBe(false);
    expect(new RateLimiter(0).take("x")).toBe(true);
  });
});

describe("in-flight work", () => {
  it("waits for tracked work, and gives up after the timeout", async () => {
    const inflight = new InFlight();
    let done = false;
    void inflight.track(new Promise((r) => setTimeout(r, 50)).then(() => (done = true)));
    expect(inflight.size).toBe(1);
    expect(await inflight.drain(2_000)).toBe(true);
    expect(done).toBe(true);
    void inflight.track(new Promise((r) => setTimeout(r, 2_000)));
    expect(await inflight.drain(30)).toBe(false);
  });
});

describe("HTTP server", () => {
  const metrics = createMetrics({ defaults: false });
  let status: "ok" | "stopping" = "ok";
  const hits: string[] = [];
  const server = createHttpServer({
    metrics,
    routes: { "/hook": (_req, res) => (hits.push("hook"), res.writeHead(200).end("ok")) },
    health: () => ({ status, documents: 3 }),
  });
  let base = "";
  beforeAll(async () => {
    base = `http://127.0.0.1:${await listen(server, 0, "127.0.0.1")}`;
  });
  afterAll(() => closeServer(server));

  it("serves health, Prometheus metrics, webhooks and 404", async () => {
    const { repo, service } = world();
    await service.create({ talent: "slack:U1", category: "medical", summary: "Check-up booking", details: "", lang: "en" });
    registerTicketGauge(metrics, repo, 0);
    const failing = measuredNotifier("slack", { send: async () => { throw new Error("down"); } }, metrics);
    await expect(failing.send({ id: "n", to: "slack:U1", kind: "reply", text: "", lang: "en", createdAt: "", attempts: 0, notBefore: "", ticketId: "T" })).rejects.toThrow("down");
    metrics.messages.inc({ channel: "telegram" });

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", documents: 3 });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('concierge_messages_total{channel="telegram"} 1');
    expect(text).toContain('concierge_delivery_failures_total{channel="slack"} 1');
    expect(text).toContain('concierge_tickets{status="new"} 1');
    expect((await fetch(`${base}/hook`, { method: "POST" })).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("answers 503 on health and webhooks while stopping, without running the webhook", async () => {
    status = "stopping";
    const before = hits.length;
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    expect((await fetch(`${base}/hook`, { method: "POST", body: "{}" })).status).toBe(503);
    expect(hits.length).toBe(before);
    status = "ok";
  });
});

describe("channel settings", () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return err instanceof ConfigError ? err.problems : [String(err)];
    }
  };

  it("names the variable that is wrong", () => {
    expect(problems({ TELEGRAM_BOT_TOKEN: "not-a-token" })[0]).toMatch(/^TELEGRAM_BOT_TOKEN: /);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1" })[0]).toMatch(/^SLACK_SIGNING_SECRET: /);
    expect(problems({ SLACK_BOT_TOKEN: "xoxp-1", SLACK_SIGNING_SECRET: "s" })[0]).toMatch(/^SLACK_BOT_TOKEN: .*xoxb-/);
    expect(problems({ SLACK_SIGNING_SECRET: "s" })[0]).toMatch(/^SLACK_BOT_TOKEN: /);
    expect(problems({ PUBLIC_URL: "bot.example.org" })[0]).toMatch(/^PUBLIC_URL: /);
    expect(problems({ PORT: "http" })[0]).toMatch(/^PORT: /);
    expect(problems({ TIME_ZONE: "Mars/Olympus" })[0]).toMatch(/^TIME_ZONE: .*IANA/);
    expect(loadConfig({ TIME_ZONE: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin");
  });

  it("starts no channel without tokens, and points at self-hosted servers when told", () => {
    const none = loadConfig({});
    expect(none.telegram).toBeUndefined();
    expect(none.slack).toBeUndefined();
    const c = loadConfig({
      TELEGRAM_BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_APP_TOKEN: "xapp-1",
      SLACK_API_URL: "https://api.slack-gov.com/api",
      PUBLIC_URL: "https://bot.example.org/",
    });
    expect(c.telegram?.apiRoot).toBe("http://127.0.0.1:8081");
    expect(c.slack).toMatchObject({ appToken: "xapp-1", apiUrl: "https://api.slack-gov.com/api/" });
    expect(c.http.publicUrl).toBe("https://bot.example.org");
  });
});

describe("converse", () => {
  it("asks a talent who floods the bot to slow down, in their language, without running the engine", async () => {
    const { startApp } = await import("../fixtures/app.ts");
    const { channelDeps, converse } = await import("../../src/channels/channel.ts");
    const { createLogger } = await import("../../src/logger.ts");
    const t = await startApp("converse");
    try {
      const metrics = createMetrics({ defaults: false });
      const deps = channelDeps(t.app, { metrics, logger: createLogger({ logLevel: "silent" }), rateLimitPerMinute: 3 });
      const replies: Awaited<ReturnType<typeof converse>>[] = [];
      for (let i = 0; i < 4; i++) replies.push(await converse(deps, "telegram", { user: "telegram:77", text: "人才公寓租金怎么算？" }));
      expect(replies.slice(0, 3).every((r) => r.citations.length > 0)).toBe(true);
      expect(replies[3]!.text).toMatch(/稍等/);
      expect(replies[3]!.citations).toEqual([]);
      const english = await converse(deps, "telegram", { user: "telegram:77", text: "How much is the rent?", locale: "en" });
      expect(english.text).toMatch(/wait a few seconds/);
      expect((await converse(deps, "telegram", { user: "telegram:78", text: "人才公寓租金怎么算？" })).citations.length).toBeGreaterThan(0);
      const text = await metrics.registry.metrics();
      expect(text).toContain('concierge_rate_limited_total{channel="telegram"} 2');
      expect(text).toContain('concierge_answers_total{channel="telegram"} 4');
    } finally {
      await t.cleanup();
    }
  });
});
