import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type Keyv from "keyv";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createKeyv } from "../../src/storage/keyv.ts";
import { MemoryCoordination, MemoryTicketRepository } from "../../src/tickets/memory.ts";
import { ChannelNotConfiguredError, DedupingNotifier, InboxNotifier, LogNotifier, RoutingNotifier } from "../../src/tickets/notifiers.ts";
import { Dispatcher } from "../../src/tickets/outbox.ts";
import type { Coordination, Notifier, OutgoingNotification, TicketRepository } from "../../src/tickets/ports.ts";
import { rosterSchema } from "../../src/tickets/roster.ts";
import { TicketService } from "../../src/tickets/service.ts";
import { ticketTexts } from "../../src/core/ticket-texts.ts";
import { createTicketStore } from "../../src/tickets/store.ts";
import type { PendingNotification } from "../../src/tickets/ticket.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CHILD = path.join(ROOT, "test/tickets/outbox-crash-child.ts");

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-outbox-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
let files = 0;
const tmp = (name: string): string => path.join(dir, `${++files}-${name}`);

const roster = rosterSchema.parse({
  commissioners: [
    { id: "li-wei", name: "李伟 Li Wei", channels: ["telegram:100000001", "console:li-wei"], supervisor: "zhang-min" },
    { id: "zhang-min", name: "张敏 Zhang Min", channels: ["console:zhang-min"], onDuty: false },
  ],
  admins: ["console:admin"],
});

/** A mutable fake clock. */
function fakeClock(start = "2026-03-02T09:00:00.000Z") {
  let now = new Date(start).getTime();
  return {
    clock: () => new Date(now),
    set: (d: Date | string | number) => void (now = new Date(d).getTime()),
    advance: (ms: number) => void (now += ms),
  };
}

/** Records what reached the person. */
class RecordingNotifier implements Notifier {
  readonly sent: OutgoingNotification[] = [];
  constructor(private readonly delay?: () => number) {}
  async send(n: OutgoingNotification): Promise<void> {
    if (this.delay) await new Promise((r) => setTimeout(r, this.delay!()));
    this.sent.push(n);
  }
}

/** Fails while `failing` is true. */
class FlakyNotifier implements Notifier {
  failing = true;
  calls = 0;
  readonly inner = new RecordingNotifier();
  async send(n: OutgoingNotification): Promise<void> {
    this.calls++;
    if (this.failing) throw new Error("Telegram 502 Bad Gateway: POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage");
    await this.inner.send(n);
  }
}

/** The person's phone as a file: one JSON line per notification received (shared with the child process). */
class FileNotifier implements Notifier {
  constructor(private readonly file: string) {}
  async send(n: OutgoingNotification): Promise<void> {
    await appendFile(this.file, `${JSON.stringify({ id: n.id, to: n.to, ticketId: n.ticketId })}\n`);
  }
}

async function received(file: string): Promise<{ id: string; to: string; ticketId: string }[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; to: string; ticketId: string });
}

function newTicket(service: TicketService, n = 1) {
  return service.create({ talent: `telegram:${700 + n}`, category: "housing", summary: `Heating broken in flat ${n}`, details: "No heating since Monday", lang: "en" });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StoreHandle {
  repo: TicketRepository;
  coordination: Coordination;
  close(): Promise<void>;
}

/** A store that can be "reopened" (new instances on the same data) to simulate a restart. */
interface Backend {
  name: string;
  open(): Promise<StoreHandle>;
}

function memoryBackend(): Backend {
  // A process crash would lose an in-memory store; new instances of everything else share it here.
  const shared = { repo: new MemoryTicketRepository(), coordination: new MemoryCoordination(), close: async () => undefined };
  return { name: "memory", open: async () => shared };
}

function sqliteBackend(): Backend {
  const url = `sqlite://${tmp("t.sqlite")}`;
  return { name: "sqlite", open: () => createTicketStore(url) };
}

describe("Dispatcher", () => {
  it("should deliver a notification once, with its ticket id, and remove it from the outbox without touching the history", async () => {
    const { clock } = fakeClock();
    const repo = new MemoryTicketRepository();
    const service = new TicketService({ repo, roster, clock, texts: ticketTexts });
    const { ticket } = await newTicket(service);
    const notifier = new RecordingNotifier();
    const d = new Dispatcher({ repo, notifier, coordination: new MemoryCoordination(), clock });

    expect(await d.runOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ ...ticket.outbox[0], ticketId: ticket.id, to: "telegram:100000001", kind: "ticket_created" });
    const after = await repo.get(ticket.id);
    expect(after?.outbox).toEqual([]);
    expect(after?.history).toEqual(ticket.history);
    expect(after?.updatedAt).toBe(ticket.updatedAt);
    expect(await repo.pendingOutbox()).toEqual([]);

    expect(await d.runOnce()).toEqual({ delivered: 0, failed: 0 });
    expect(notifier.sent).toHaveLength(1);
  });

  it("should keep a notification that fails and retry it with a growing, capped backoff until it goes through", async () => {
    const fake = fakeClock();
    const repo = new MemoryTicketRepository();
    const { ticket } = await newTicket(new TicketService({ repo, roster, clock: fake.clock, texts: ticketTexts }));
    const notifier = new FlakyNotifier();
    const d = new Dispatcher({ repo, notifier, coordination: new MemoryCoordination(), clock: fake.clock, baseBackoffMs: 1_000, maxBackoffMs: 8_000 });

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      expect(await d.runOnce()).toEqual({ delivered: 0, failed: 1 });
      const [n] = (await repo.get(ticket.id))!.outbox;
      expect(n).toBeDefined();
      expect(n!.id).toBe(ticket.outbox[0]!.id);
      expect(n!.attempts).toBe(attempt);
      expect(n!.lastError).toContain("502 Bad Gateway");
      expect(n!.lastError).not.toContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0");
      const delay = Date.parse(n!.notBefore) - fake.clock().getTime();
      const exp = Math.min(8_000, 1_000 * 2 ** (attempt - 1));
      expect(delay).toBeGreaterThanOrEqual(exp / 2);
      expect(delay).toBeLessThanOrEqual(exp);
      delays.push(delay);

      // Not due yet: nothing is tried.
      fake.advance(delay - 1);
      expect(await d.runOnce()).toEqual({ delivered: 0, failed: 0 });
      expect(notifier.calls).toBe(attempt);
      fake.advance(1);
    }
    // Grows (equal jitter keeps each delay at least the previous one's lower bound) and stops at the cap.
    for (let i = 1; i < 4; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]! * 0.999);
    expect(delays[3]!).toBeGreaterThan(delays[0]!);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);

    notifier.failing = false;
    expect(await d.runOnce()).toEqual({ delivered: 1, failed: 0 });
    expect(notifier.inner.sent.map((n) => n.id)).toEqual([ticket.outbox[0]!.id]);
    expect((await repo.get(ticket.id))!.outbox).toEqual([]);
  });

  it("should hold later notifications to the same person behind a failed one, so they arrive in order", async () => {
    const fake = fakeClock();
    const repo = new MemoryTicketRepository();
    const service = new TicketService({ repo, roster, clock: fake.clock, texts: ticketTexts });
    const { ticket } = await newTicket(service);
    await service.talentMessage(ticket.id, service.actor(ticket.talent), "Still cold");
    const notifier = new FlakyNotifier();
    const d = new Dispatcher({ repo, notifier, coordination: new MemoryCoordination(), clock: fake.clock, baseBackoffMs: 1_000 });

    expect(await d.runOnce()).toEqual({ delivered: 0, failed: 1 });
    expect(notifier.calls).toBe(1);
    const outbox = (await repo.get(ticket.id))!.outbox;
    expect(outbox.map((n) => [n.kind, n.attempts])).toEqual([["ticket_created", 1], ["talent_message", 0]]);

    notifier.failing = false;
    fake.advance(1_000);
    expect(await d.runOnce()).toEqual({ delivered: 2, failed: 0 });
    expect(notifier.inner.sent.map((n) => n.kind)).toEqual(["ticket_created", "talent_message"]);
  });

  it("should never let two dispatchers send the same notification when they run at the same time", async () => {
    const { clock } = fakeClock();
    const repo = new MemoryTicketRepository();
    const coordination = new MemoryCoordination();
    const service = new TicketService({ repo, roster, clock, texts: ticketTexts });
    for (let i = 0; i < 30; i++) {
      const { ticket } = await newTicket(service, i);
      await service.talentMessage(ticket.id, service.actor(ticket.talent), `more ${i}`);
    }
    const notifier = new RecordingNotifier(() => Math.random() * 3);
    const a = new Dispatcher({ repo, notifier, coordination, clock, owner: "a", batchSize: 7 });
    const b = new Dispatcher({ repo, notifier, coordination, clock, owner: "b", batchSize: 7 });

    const [ra, rb] = await Promise.all([a.flush(100), b.flush(100)]);
    const ids = notifier.sent.map((n) => n.id);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(ra.delivered + rb.delivered).toBe(60);
    expect(ra.delivered).toBeGreaterThan(0);
    expect(rb.delivered).toBeGreaterThan(0);
    expect(await repo.pendingOutbox()).toEqual([]);
  });

  it("should let stop() wait for the run in flight and start no other", async () => {
    const repo = new MemoryTicketRepository();
    const service = new TicketService({ repo, roster, clock: () => new Date(), texts: ticketTexts });
    const { ticket } = await newTicket(service);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const started = new Promise<void>((r) => (entered = r));
    const sent: string[] = [];
    const notifier: Notifier = {
      async send(n) {
        entered();
        await gate;
        sent.push(n.id);
      },
    };
    const d = new Dispatcher({ repo, notifier, coordination: new MemoryCoordination() });
    d.start(5);
    await started;

    let stopped = false;
    const stopping = d.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    release();
    await stopping;
    // The run finished its work, outbox update included, before stop() resolved.
    expect(sent).toEqual([ticket.outbox[0]!.id]);
    expect((await repo.get(ticket.id))!.outbox).toEqual([]);

    await newTicket(service, 2);
    await sleep(40);
    expect(sent).toHaveLength(1);
  });

  for (const make of [memoryBackend, sqliteBackend]) {
    const backend = make();
    describe(`after a crash (${backend.name} store)`, () => {
      it("should deliver, exactly once, a notification saved by a process that died before dispatching", async () => {
        const first = await backend.open();
        const { ticket } = await newTicket(new TicketService({ repo: first.repo, roster, clock: () => new Date(), texts: ticketTexts }), 11);
        await first.close(); // the crash: nothing was dispatched

        const second = await backend.open();
        try {
          expect(await second.repo.pendingOutbox()).toContain(ticket.id);
          const notifier = new RecordingNotifier();
          const d = new Dispatcher({ repo: second.repo, coordination: second.coordination, notifier, owner: "restarted" });
          expect((await d.flush()).delivered).toBe(1);
          expect(await d.flush()).toEqual({ delivered: 0, failed: 0 });
          expect(notifier.sent.map((n) => [n.id, n.ticketId])).toEqual([[ticket.outbox[0]!.id, ticket.id]]);
          expect((await second.repo.get(ticket.id))!.outbox).toEqual([]);
        } finally {
          await second.close();
        }
      });

      it("should deliver each notification once with two dispatchers on two instances of the store", async () => {
        const a = await backend.open();
        const b = await backend.open();
        try {
          const service = new TicketService({ repo: a.repo, roster, clock: () => new Date(), texts: ticketTexts });
          const queued: string[] = [];
          for (let i = 0; i < 8; i++) {
            const { ticket } = await newTicket(service, 100 + i);
            const t = await service.talentMessage(ticket.id, service.actor(ticket.talent), `more ${i}`);
            queued.push(...t.outbox.map((n) => n.id));
          }
          const notifier = new RecordingNotifier(() => Math.random() * 3);
          const da = new Dispatcher({ repo: a.repo, coordination: a.coordination, notifier, owner: "a", batchSize: 3 });
          const db = new Dispatcher({ repo: b.repo, coordination: b.coordination, notifier, owner: "b", batchSize: 3 });
          await Promise.all([da.flush(100), db.flush(100)]);
          expect(notifier.sent.map((n) => n.id).sort()).toEqual(queued.sort());
          expect(await a.repo.pendingOutbox()).toEqual([]);
        } finally {
          await a.close();
          if (b !== a) await b.close();
        }
      });

      it("should not make the person receive twice a notification sent just before the outbox update failed", async () => {
        const kvUrl = `sqlite://${tmp("dedupe.sqlite")}`;
        const phone = tmp("phone.jsonl");
        const fake = fakeClock(new Date().toISOString());
        const first = await backend.open();
        const { ticket } = await newTicket(new TicketService({ repo: first.repo, roster, clock: fake.clock, texts: ticketTexts }), 12);
        const id = ticket.outbox[0]!.id;

        const kv1 = createKeyv(kvUrl, "delivered-notifications");
        const deduping1 = new DedupingNotifier(new FileNotifier(phone), kv1);
        // Sends (through the de-duplication), then fails before the dispatcher can update the outbox.
        const crashing: Notifier = {
          async send(n) {
            await deduping1.send(n);
            throw new Error("connection reset after the send");
          },
        };
        const d1 = new Dispatcher({ repo: first.repo, coordination: first.coordination, notifier: crashing, clock: fake.clock, owner: "first" });
        expect(await d1.runOnce()).toEqual({ delivered: 0, failed: 1 });
        expect(await received(phone)).toHaveLength(1);
        expect((await first.repo.get(ticket.id))!.outbox.map((n) => n.id)).toEqual([id]);
        await kv1.disconnect();
        await first.close();

        // New instances of everything on the same stores; the retry is due.
        fake.advance(3_600_000);
        const second = await backend.open();
        const kv2 = createKeyv(kvUrl, "delivered-notifications");
        try {
          const d2 = new Dispatcher({ repo: second.repo, coordination: second.coordination, notifier: new DedupingNotifier(new FileNotifier(phone), kv2), clock: fake.clock, owner: "second" });
          expect(await d2.flush()).toEqual({ delivered: 1, failed: 0 });
          expect((await second.repo.get(ticket.id))!.outbox).toEqual([]);
          expect(await received(phone)).toEqual([{ id, to: "telegram:100000001", ticketId: ticket.id }]);
        } finally {
          await kv2.disconnect();
          await second.close();
        }
      });
    });
  }

  describe("after a process is killed (SQLite store, child processes)", () => {
    function child(args: string[]): Promise<{ stdout: string; stderr: string; signal: NodeJS.Signals | null; code: number | null }> {
      return new Promise((resolve, reject) => {
        const p = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], timeout: 25_000 });
        let stdout = "";
        let stderr = "";
        p.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
        p.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
        p.on("error", reject);
        p.on("close", (code, signal) => resolve({ stdout, stderr, code, signal }));
      });
    }

    it("should deliver once what a killed process saved but never sent", async () => {
      const url = `sqlite://${tmp("killed.sqlite")}`;
      const r = await child(["file", url]);
      expect(r.signal, r.stderr).toBe("SIGKILL");
      const ticketId = r.stdout.trim();
      expect(ticketId).toMatch(/^WT-\d{4}-\d{6}$/);

      const store = await createTicketStore(url);
      try {
        const notifier = new RecordingNotifier();
        const d = new Dispatcher({ repo: store.repo, coordination: store.coordination, notifier });
        expect(await d.flush()).toEqual({ delivered: 1, failed: 0 });
        expect(notifier.sent.map((n) => n.ticketId)).toEqual([ticketId]);
        expect(await d.flush()).toEqual({ delivered: 0, failed: 0 });
      } finally {
        await store.close();
      }
    });

    it("should not re-send to the person what a process sent just before it was killed", async () => {
      const url = `sqlite://${tmp("killed-send.sqlite")}`;
      const kvUrl = `sqlite://${tmp("killed-dedupe.sqlite")}`;
      const phone = tmp("killed-phone.jsonl");
      const leaseMs = 2_000;
      const r = await child(["send-crash", url, kvUrl, phone, String(leaseMs)]);
      expect(r.signal, r.stderr).toBe("SIGKILL");
      const ticketId = r.stdout.trim();
      expect(await received(phone)).toHaveLength(1);

      const store = await createTicketStore(url);
      const kv = createKeyv(kvUrl, "delivered-notifications");
      try {
        const ticket = await store.repo.get(ticketId);
        expect(ticket?.outbox).toHaveLength(1);
        const d = new Dispatcher({ repo: store.repo, coordination: store.coordination, notifier: new DedupingNotifier(new FileNotifier(phone), kv), owner: "after-kill" });
        // The dead process's lease still holds the ticket until it expires.
        expect(await d.runOnce()).toEqual({ delivered: 0, failed: 0 });
        await sleep(leaseMs + 200);
        expect(await d.flush()).toEqual({ delivered: 1, failed: 0 });
        expect((await store.repo.get(ticketId))!.outbox).toEqual([]);
        expect(await received(phone)).toEqual([{ id: ticket!.outbox[0]!.id, to: "telegram:100000001", ticketId }]);
      } finally {
        await kv.disconnect();
        await store.close();
      }
    });
  });
});

function outgoing(over: Partial<OutgoingNotification> = {}): OutgoingNotification {
  const at = "2026-03-02T09:00:00.000Z";
  const base: PendingNotification = { id: "n1", to: "console:li-wei", kind: "reply", text: "hello", lang: "zh", createdAt: at, attempts: 0, notBefore: at };
  return { ...base, ticketId: "WT-2026-000001", ...over };
}

describe("DedupingNotifier", () => {
  it("should pass a notification once even when it is sent again, concurrently or later", async () => {
    const kv = createKeyv(`sqlite://${tmp("dd.sqlite")}`, "delivered-notifications");
    try {
      const inner = new RecordingNotifier(() => 5);
      const d = new DedupingNotifier(inner, kv);
      await Promise.all([d.send(outgoing()), d.send(outgoing())]);
      await d.send(outgoing());
      await d.send(outgoing({ id: "n2" }));
      expect(inner.sent.map((n) => n.id)).toEqual(["n1", "n2"]);
      expect(await d.delivered("n1")).toBe(true);
      expect(await d.delivered("n3")).toBe(false);
    } finally {
      await kv.disconnect();
    }
  });

  it("should not record a notification whose send failed, so the retry goes out", async () => {
    const kv = createKeyv(`sqlite://${tmp("dd2.sqlite")}`, "delivered-notifications");
    try {
      const flaky = new FlakyNotifier();
      const d = new DedupingNotifier(flaky, kv);
      await expect(d.send(outgoing())).rejects.toThrow(/502/);
      flaky.failing = false;
      await d.send(outgoing());
      expect(flaky.inner.sent).toHaveLength(1);
    } finally {
      await kv.disconnect();
    }
  });
});

describe("RoutingNotifier", () => {
  it("should route by the recipient's channel", async () => {
    const telegram = new RecordingNotifier();
    const console_ = new RecordingNotifier();
    const r = new RoutingNotifier({ telegram, console: console_ });
    await r.send(outgoing({ id: "t", to: "telegram:42" }));
    await r.send(outgoing({ id: "c", to: "console:li-wei" }));
    expect(telegram.sent.map((n) => n.id)).toEqual(["t"]);
    expect(console_.sent.map((n) => n.id)).toEqual(["c"]);
    expect(r.reaches("slack:U1")).toBe(false);
    expect(r.reaches("telegram:1")).toBe(true);
  });

  it("should refuse, clearly, a channel that is not configured, and the dispatcher should keep the notification", async () => {
    const r = new RoutingNotifier({ telegram: new RecordingNotifier() });
    const err = await r.send(outgoing({ to: "slack:U0ZHANG01" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelNotConfiguredError);
    expect((err as ChannelNotConfiguredError).code).toBe("channel_not_configured");
    expect((err as Error).message).toMatch(/No notifier is configured for the "slack" channel.*slack:U0ZHANG01.*configured: telegram/);
    await expect(r.send(outgoing({ to: "nobody" }))).rejects.toThrow(/not a channel:id recipient/);

    const { clock } = fakeClock();
    const repo = new MemoryTicketRepository();
    const { ticket } = await newTicket(new TicketService({ repo, roster, clock, texts: ticketTexts }));
    const d = new Dispatcher({ repo, notifier: new RoutingNotifier({ console: new RecordingNotifier() }), coordination: new MemoryCoordination(), clock });
    expect(await d.runOnce()).toEqual({ delivered: 0, failed: 1 });
    expect((await repo.get(ticket.id))!.outbox[0]!.lastError).toMatch(/"telegram" channel/);
  });
});

describe("InboxNotifier", () => {
  let kv: Keyv;
  afterAll(() => kv?.disconnect());

  it("should keep a user's notifications in order, once each, until take() returns and clears them", async () => {
    kv = createKeyv(`sqlite://${tmp("inbox.sqlite")}`, "inbox");
    const inbox = new InboxNotifier(kv);
    const actions = [{ id: "claim", label: "Claim", payload: "WT-2026-000001" }];
    await inbox.send(outgoing({ id: "a", text: "first", actions, createdAt: "2026-03-02T09:00:00.000Z" }));
    await inbox.send(outgoing({ id: "b", text: "second", createdAt: "2026-03-02T09:01:00.000Z" }));
    await inbox.send(outgoing({ id: "a", text: "first" }));
    await inbox.send(outgoing({ id: "x", to: "console:zhang-min", text: "other" }));

    expect(await inbox.peek("console:li-wei")).toHaveLength(2);
    const items = await inbox.take("console:li-wei");
    expect(items.map((i) => [i.id, i.text, i.at])).toEqual([
      ["a", "first", "2026-03-02T09:00:00.000Z"],
      ["b", "second", "2026-03-02T09:01:00.000Z"],
    ]);
    expect(items[0]!.actions).toEqual(actions);
    expect(items[0]!.ticketId).toBe("WT-2026-000001");
    expect(await inbox.take("console:li-wei")).toEqual([]);
    expect((await inbox.take("console:zhang-min")).map((i) => i.id)).toEqual(["x"]);
  });

  it("should lose nothing when many notifications arrive at once", async () => {
    const inbox = new InboxNotifier(kv);
    await Promise.all(Array.from({ length: 12 }, (_, i) => inbox.send(outgoing({ id: `m${i}`, to: "console:busy" }))));
    const items = await inbox.take("console:busy");
    expect(items.map((i) => i.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`).sort());
  });
});

describe("LogNotifier", () => {
  it("should log the kind, ticket and recipient, never the text", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, cb) => (lines.push(chunk.toString()), cb()) });
    const logger = pino({ level: "info" }, sink);
    await new LogNotifier(logger).send(outgoing({ text: "我的护照号码是 E12345678，电话 13812345678", to: "wechat:abc", kind: "talent_message" }));
    const out = lines.join("");
    expect(out).toContain("talent_message");
    expect(out).toContain("WT-2026-000001");
    expect(out).toContain("wechat:abc");
    expect(out).not.toContain("护照");
    expect(out).not.toContain("13812345678");
  });
});
