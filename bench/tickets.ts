/**
 * Section "tickets": the ticket store on SQLite (a temp file), Redis and PostgreSQL.
 *
 * 1. Creation throughput: `TicketService.create` (roster from config/roster.example.yaml) sequentially, with 8
 *    concurrent creators in one process, and with 2 child processes × 4 concurrent creators
 *    (`tickets-worker.ts`) — tickets/s and create latency p50/p99.
 * 2. Outbox dispatch: delivery latency from a ticket's creation (the notification's `createdAt`) to its arrival
 *    at an in-process notifier while a `Dispatcher` runs every 50 ms, and the rate at which `Dispatcher.flush`
 *    drains a backlog of 500 notifications.
 *
 * Redis and PostgreSQL are skipped, with the reason printed, when nothing answers at their URL (override with
 * BENCH_REDIS_URL / BENCH_POSTGRES_URL). Every run uses its own namespaces and clears them afterwards.
 */
import net from "node:net";
import path from "node:path";
import type { Lang } from "../src/text/normalize.ts";
import { Dispatcher } from "../src/tickets/outbox.ts";
import type { Notifier, OutgoingNotification } from "../src/tickets/ports.ts";
import { loadRoster, type Roster } from "../src/tickets/roster.ts";
import { TicketService, type NewTicket } from "../src/tickets/service.ts";
import { ticketTexts } from "../src/core/ticket-texts.ts";
import { createTicketStore, type TicketStore } from "../src/tickets/store.ts";
import { CATEGORIES, type Category } from "../src/tickets/ticket.ts";
import type { CreateMeasurement } from "./tickets-worker.ts";
import { fmt, heading, makeTempDir, percentile, removeTempDir, Rng, ROOT, runWorker, seedOf, table, type BenchContext, type Cell, type Section } from "./util.ts";

export const ROSTER_FILE = path.join(ROOT, "config", "roster.example.yaml");
const WORKER = path.join(ROOT, "bench", "tickets-worker.ts");

/** Tickets per creation mode (sequential, 8 concurrent, 2 processes × 4). */
const CREATE_N = 300;
const CONCURRENCY = 8;
const PROCESSES = 2;
const PER_PROCESS = 4;
/** Creations before the measurements (connections, prepared statements, JIT), not counted. */
const WARMUP = 20;
/** Tickets created while the dispatcher runs. */
const DELIVERY_N = 200;
/** Steady load for the paced delivery run: one creation every 20 ms (below every backend's drain rate). */
const PACED_PER_SECOND = 50;
const DISPATCH_INTERVAL_MS = 50;
/** Notifications queued before the dispatcher is started. */
const BACKLOG_N = 500;
/** Longest wait for the last notification of a phase before the section fails. */
const DELIVERY_TIMEOUT_MS = 30_000;

const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

// --- shared with tickets-worker.ts --------------------------------------------------------------------------

/** Wall-clock time in epoch milliseconds with sub-millisecond resolution, comparable across processes. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** A namespace no other run uses (letters, digits and `-`, as `createTicketStore` requires). */
function uniqueNamespace(label: string): string {
  return `bench-${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

const TEXTS: Record<Category, { summary: string; details: string; question: string }[]> = {
  housing: [
    { summary: "人才公寓申请进度查询", details: "我上个月提交了人才公寓申请，材料齐全，想了解审核进度和大概的入住时间。家庭成员两人。", question: "人才公寓申请多久能批下来？" },
    { summary: "Rental subsidy for a new hire", details: "I joined a company in the science park in March and would like to apply for the rental subsidy; my contract is for three years.", question: "Can I get a rental subsidy?" },
  ],
  schooling: [
    { summary: "子女入学申请（小学一年级）", details: "孩子今年九月上小学一年级，户籍还在外地，想申请人才子女入学，请问需要准备哪些材料、向哪个学校报名？", question: "人才子女怎么入学？" },
    { summary: "International school placement", details: "We are relocating with a ten-year-old who has studied in English so far; we would like advice on placements and the application timeline.", question: "Which schools take transfer students?" },
  ],
  medical: [
    { summary: "高层次人才就医绿色通道", details: "家中老人需要到三甲医院复诊，想了解人才服务卡的就医绿色通道怎么预约，是否可以陪同家属一起使用。", question: "就医绿色通道怎么用？" },
    { summary: "Supplementary medical insurance enrolment", details: "My employer asked me to enrol in supplementary medical insurance through the talent programme; I could not find the form.", question: "How do I enrol in the supplementary insurance?" },
  ],
  settlement: [
    { summary: "人才落户办理", details: "本人硕士学历，已在本市缴纳社保六个月，想办理人才落户，请问可以线上办理吗？配偶能否随迁？", question: "人才落户需要什么条件？" },
    { summary: "Settlement allowance payment", details: "My settlement allowance was approved in January but has not been paid yet; the employer says the paperwork is complete.", question: "When is the settlement allowance paid?" },
  ],
  other: [
    { summary: "人才服务卡补办", details: "人才服务卡丢失，想补办一张，请问补办流程和需要的时间。", question: "服务卡丢了怎么办？" },
    { summary: "Spouse employment assistance", details: "My spouse is looking for work in the city; is there assistance for spouses of recruited talents?", question: "Is there help for my spouse's job search?" },
  ],
};

/** The `i`-th ticket of a run: a seeded mix of categories, priorities, languages and talents (5% are the roster's assigned talent). */
export function ticketInput(tag: string, i: number): NewTicket {
  const rng = new Rng(seedOf("tickets", tag, i));
  const category = CATEGORIES[rng.int(CATEGORIES.length)]!;
  const variant = rng.int(2);
  const text = TEXTS[category][variant]!;
  const lang: Lang = variant === 0 ? "zh" : "en";
  const talent = rng.chance(0.05) ? "console:alice" : `telegram:${2_000_000 + rng.int(50_000)}`;
  const at = new Date().toISOString();
  return {
    talent,
    category,
    priority: rng.chance(0.15) ? "urgent" : "normal",
    summary: text.summary,
    details: text.details,
    fields: { contact: `+86 138 ${String(1000 + rng.int(9000))} ${String(1000 + rng.int(9000))}` },
    lang,
    conversation: [
      { role: "talent", text: text.question, at },
      { role: "bot", text: lang === "zh" ? "我可以为您提交工单，请确认。" : "I can file a ticket for you; please confirm.", at },
    ],
    passages: [{ chunkId: `${category}-policy#${1 + rng.int(6)}`, docId: `${category}-policy`, title: `${category} policy`, section: "申请条件" }],
    passagesSearched: true,
  };
}

/** A store and a service on it, as the bot builds them. */
export async function openService(url: string, namespace: string, roster: Roster): Promise<{ store: TicketStore; service: TicketService }> {
  const store = await createTicketStore(url, { namespace, prefix: roster.ticketPrefix });
  return { store, service: new TicketService({ repo: store.repo, roster, clock: () => new Date(), texts: ticketTexts }) };
}

/**
 * `count` creations spread over `concurrency` creators that each take the next index until none is left. With
 * `perSecond`, creation `i` does not start before `i / perSecond` seconds (a steady load instead of a burst).
 */
export async function createMany(service: TicketService, tag: string, count: number, concurrency: number, perSecond?: number): Promise<CreateMeasurement> {
  let next = 0;
  const latenciesMs: number[] = [];
  const startMs = wallMs();
  const t00 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const wait = perSecond ? t00 + (i * 1000) / perSecond - performance.now() : 0;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = performance.now();
        await service.create(ticketInput(tag, i));
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { count, startMs, endMs: wallMs(), latenciesMs };
}

// --- measurements ---------------------------------------------------------------------------------------------

interface CreateResult {
  tickets: number;
  creators: string;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface DeliveryResult {
  tickets: number;
  intervalMs: number;
  /** Creations per second achieved (the offered load). */
  createdPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  duplicates: number;
}

interface BackendResult {
  backend: string;
  url: string;
  create: { sequential: CreateResult; concurrent: CreateResult; processes: CreateResult & { startSkewMs: number } };
  delivery: { paced: DeliveryResult; burst: DeliveryResult };
  drain: { backlog: number; seconds: number; perSecond: number; duplicates: number };
}

function summarize(m: CreateMeasurement[], creators: string): CreateResult {
  const tickets = m.reduce((s, x) => s + x.count, 0);
  const seconds = (Math.max(...m.map((x) => x.endMs)) - Math.min(...m.map((x) => x.startMs))) / 1000;
  const all = m.flatMap((x) => x.latenciesMs);
  return { tickets, creators, seconds, perSecond: tickets / seconds, p50Ms: percentile(all, 50), p99Ms: percentile(all, 99) };
}

/** True when something accepts a TCP connection at the URL's host and port within 500 ms. */
function listening(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const port = Number(u.port) || (u.protocol.startsWith("redis") ? 6379 : 5432);
    const s = net.connect({ host: u.hostname, port }, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.setTimeout(500, () => (s.destroy(), resolve(false)));
  });
}

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//***@");

/** Records when each notification arrived (epoch ms) and the delay since its `createdAt`. */
class RecordingNotifier implements Notifier {
  readonly arrived = new Map<string, number>();
  readonly latenciesMs: number[] = [];
  duplicates = 0;
  private waiter: { count: number; resolve: () => void } | undefined;

  async send(n: OutgoingNotification): Promise<void> {
    const now = Date.now();
    if (this.arrived.has(n.id)) {
      this.duplicates++;
      return;
    }
    this.arrived.set(n.id, now);
    this.latenciesMs.push(now - Date.parse(n.createdAt));
    if (this.waiter && this.arrived.size >= this.waiter.count) this.waiter.resolve();
  }

  /** Resolves once `count` distinct notifications arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void> {
    if (this.arrived.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.arrived.size} of ${count} notifications arrived within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiter = { count, resolve: () => (clearTimeout(timer), (this.waiter = undefined), resolve()) };
    });
  }
}

async function measureCreate(ctx: BenchContext, name: string, url: string, roster: Roster, dir: string): Promise<BackendResult["create"]> {
  const namespace = uniqueNamespace("create");
  const { store, service } = await openService(url, namespace, roster);
  try {
    ctx.log(`[tickets] ${name}: create ${CREATE_N} sequentially, ${CREATE_N} with ${CONCURRENCY} concurrent creators`);
    await createMany(service, "warmup", WARMUP, 1);
    const sequential = summarize([await createMany(service, "sequential", CREATE_N, 1)], "1");
    const concurrent = summarize([await createMany(service, "concurrent", CREATE_N, CONCURRENCY)], String(CONCURRENCY));

    ctx.log(`[tickets] ${name}: create ${CREATE_N} from ${PROCESSES} processes × ${PER_PROCESS} creators`);
    const barrier = path.join(dir, `barrier-${name}`);
    const per = Math.ceil(CREATE_N / PROCESSES);
    const runs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, p) =>
        runWorker<CreateMeasurement>(WORKER, [
          "--url", url, "--namespace", namespace, "--tag", `process-${p}`,
          "--count", String(Math.min(per, CREATE_N - p * per)), "--concurrency", String(PER_PROCESS),
          "--warmup", String(WARMUP), "--barrier", barrier, "--parties", String(PROCESSES),
        ]),
      ),
    );
    const starts = runs.map((r) => r.startMs);
    const processes = { ...summarize(runs, `${PROCESSES}×${PER_PROCESS}`), startSkewMs: Math.max(...starts) - Math.min(...starts) };

    // Every creation took one number from the shared sequence: the next is one past them all.
    const expected = WARMUP * (1 + PROCESSES) + 3 * CREATE_N;
    const nextId = await store.repo.nextId(new Date());
    if (Number(nextId.slice(-6)) !== expected + 1) throw new Error(`${name}: ${expected} tickets were created, but the next id is ${nextId}`);
    return { sequential, concurrent, processes };
  } finally {
    await store.repo.clear();
    await store.coordination.clear();
    await store.close();
  }
}

/**
 * `DELIVERY_N` tickets created one at a time (at `perSecond`, or back to back) while a Dispatcher runs every
 * `DISPATCH_INTERVAL_MS`; latency from each notification's `createdAt` to its arrival.
 */
async function deliveryRun(ctx: BenchContext, name: string, store: TicketStore, service: TicketService, perSecond?: number): Promise<DeliveryResult> {
  ctx.log(`[tickets] ${name}: ${DELIVERY_N} tickets created ${perSecond ? `at ${perSecond}/s` : "back to back"} while a dispatcher runs every ${DISPATCH_INTERVAL_MS} ms`);
  const notifier = new RecordingNotifier();
  const dispatcher = new Dispatcher({ repo: store.repo, coordination: store.coordination, notifier });
  dispatcher.start(DISPATCH_INTERVAL_MS);
  let created: CreateMeasurement;
  try {
    created = await createMany(service, perSecond ? "paced" : "burst", DELIVERY_N, 1, perSecond);
    await notifier.waitFor(DELIVERY_N, DELIVERY_TIMEOUT_MS);
  } finally {
    await dispatcher.stop();
  }
  if (notifier.arrived.size !== DELIVERY_N) throw new Error(`${name}: ${notifier.arrived.size} notifications arrived, expected ${DELIVERY_N}`);
  return {
    tickets: DELIVERY_N,
    intervalMs: DISPATCH_INTERVAL_MS,
    createdPerSecond: (DELIVERY_N * 1000) / (created.endMs - created.startMs),
    p50Ms: percentile(notifier.latenciesMs, 50),
    p99Ms: percentile(notifier.latenciesMs, 99),
    maxMs: Math.max(...notifier.latenciesMs),
    duplicates: notifier.duplicates,
  };
}

async function measureDispatch(ctx: BenchContext, name: string, url: string, roster: Roster): Promise<Pick<BackendResult, "delivery" | "drain">> {
  const namespace = uniqueNamespace("outbox");
  const { store, service } = await openService(url, namespace, roster);
  try {
    await createMany(service, "warmup", WARMUP, 1);
    // The warm-up's notifications go out first, outside the measurement.
    const warm = new RecordingNotifier();
    await new Dispatcher({ repo: store.repo, coordination: store.coordination, notifier: warm }).flush();
    if (warm.arrived.size !== WARMUP) throw new Error(`${name}: ${warm.arrived.size} of ${WARMUP} warm-up notifications delivered`);

    const paced = await deliveryRun(ctx, name, store, service, PACED_PER_SECOND);
    const burst = await deliveryRun(ctx, name, store, service);

    ctx.log(`[tickets] ${name}: drain a backlog of ${BACKLOG_N} notifications`);
    await createMany(service, "backlog", BACKLOG_N, CONCURRENCY);
    const backlog = new RecordingNotifier();
    const t0 = performance.now();
    await new Dispatcher({ repo: store.repo, coordination: store.coordination, notifier: backlog }).flush();
    const seconds = (performance.now() - t0) / 1000;
    if (backlog.arrived.size !== BACKLOG_N) throw new Error(`${name}: flush delivered ${backlog.arrived.size} of ${BACKLOG_N} backlog notifications`);
    const left = await store.repo.pendingOutbox(10);
    if (left.length) throw new Error(`${name}: tickets ${left.join(", ")} still have undelivered notifications after flush`);
    return { delivery: { paced, burst }, drain: { backlog: BACKLOG_N, seconds, perSecond: BACKLOG_N / seconds, duplicates: backlog.duplicates } };
  } finally {
    await store.repo.clear();
    await store.coordination.clear();
    await store.close();
  }
}

/** Why the backend cannot be benchmarked, or undefined when a store opens on it. */
async function unavailable(url: string): Promise<string | undefined> {
  if (url.startsWith("sqlite://")) return undefined;
  if (!(await listening(url))) return `nothing listens at ${redact(url)}`;
  let timer: NodeJS.Timeout | undefined;
  try {
    const store = await Promise.race([
      createTicketStore(url, { namespace: uniqueNamespace("probe") }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("no answer within 5 s")), 5_000);
      }),
    ]);
    await store.close();
    return undefined;
  } catch (err) {
    return `${redact(url)} does not open as a ticket store: ${redact(err instanceof Error ? err.message : String(err))}`;
  } finally {
    clearTimeout(timer);
  }
}

interface TicketsData {
  roster: string;
  config: Record<string, number>;
  backends: BackendResult[];
  skipped: { backend: string; url: string; reason: string }[];
}

function render(d: TicketsData): string {
  const b = d.backends;
  const deliveryCells = (x: DeliveryResult): Cell[] => [Math.round(x.createdPerSecond), fmt(x.p50Ms, 0), fmt(x.p99Ms, 0), fmt(x.maxMs, 0)];
  const createCells = (c: CreateResult): Cell[] => [Math.round(c.perSecond), fmt(c.p50Ms, 2), fmt(c.p99Ms, 2)];
  const lines = [
    heading("Tickets: creation throughput and outbox dispatch on SQLite, Redis and PostgreSQL"),
    `TicketService.create (roster ${d.roster}; each ticket queues one notification), after ${WARMUP} warm-up creations;`,
    `${CREATE_N} tickets per mode: sequential, ${CONCURRENCY} concurrent creators in one process, ${PROCESSES} child processes × ${PER_PROCESS} creators (started together)`,
    table(
      ["backend", "seq tickets/s", "p50 ms", "p99 ms", `${CONCURRENCY}× tickets/s`, "p50 ms", "p99 ms", `${PROCESSES}×${PER_PROCESS} tickets/s`, "p50 ms", "p99 ms"],
      b.map((r) => [r.backend, ...createCells(r.create.sequential), ...createCells(r.create.concurrent), ...createCells(r.create.processes)]),
    ),
    ...(b.length ? [`${PROCESSES}×${PER_PROCESS}: tickets/s over first start to last end of both processes; start skew ${b.map((r) => `${r.backend} ${fmt(r.create.processes.startSkewMs, 1)} ms`).join(", ")}`] : []),
    "",
    `Delivery latency: ${DELIVERY_N} tickets created one at a time while a Dispatcher runs every ${DISPATCH_INTERVAL_MS} ms, from the notification's`,
    `createdAt (start of create) to its arrival at an in-process notifier; paced = one creation every ${1000 / PACED_PER_SECOND} ms, burst = back to back`,
    table(
      ["backend", "paced created/s", "p50 ms", "p99 ms", "max ms", "burst created/s", "p50 ms", "p99 ms", "max ms", "duplicates"],
      b.map((r) => [r.backend, ...deliveryCells(r.delivery.paced), ...deliveryCells(r.delivery.burst), r.delivery.paced.duplicates + r.delivery.burst.duplicates]),
    ),
    "",
    `Backlog drain: Dispatcher.flush() over ${BACKLOG_N} queued notifications (one per ticket, batch 200 per pass)`,
    table(
      ["backend", "backlog", "seconds", "notifications/s", "duplicates"],
      b.map((r) => [r.backend, r.drain.backlog, fmt(r.drain.seconds, 2), Math.round(r.drain.perSecond), r.drain.duplicates]),
    ),
  ];
  for (const s of d.skipped) lines.push(`skipped ${s.backend}: ${s.reason}`);
  return lines.join("\n");
}

async function run(ctx: BenchContext): Promise<TicketsData> {
  const roster = await loadRoster(ROSTER_FILE);
  const dir = await makeTempDir("tickets");
  try {
    const candidates = [
      { backend: "sqlite", url: `sqlite://${path.join(dir, "tickets.sqlite")}` },
      { backend: "redis", url: REDIS_URL },
      { backend: "postgres", url: POSTGRES_URL },
    ];
    const backends: BackendResult[] = [];
    const skipped: TicketsData["skipped"] = [];
    for (const { backend, url } of candidates) {
      const reason = await unavailable(url);
      if (reason) {
        ctx.log(`[tickets] skipping ${backend}: ${reason}`);
        skipped.push({ backend, url: redact(url), reason });
        continue;
      }
      const create = await measureCreate(ctx, backend, url, roster, dir);
      const dispatch = await measureDispatch(ctx, backend, url, roster);
      backends.push({ backend, url: backend === "sqlite" ? "sqlite://<temp file>" : redact(url), create, ...dispatch });
    }
    return {
      roster: path.relative(ROOT, ROSTER_FILE),
      config: {
        createTickets: CREATE_N, concurrency: CONCURRENCY, processes: PROCESSES, creatorsPerProcess: PER_PROCESS, warmup: WARMUP,
        deliveryTickets: DELIVERY_N, pacedPerSecond: PACED_PER_SECOND, dispatchIntervalMs: DISPATCH_INTERVAL_MS, backlog: BACKLOG_N,
      },
      backends,
      skipped,
    };
  } finally {
    await removeTempDir(dir);
  }
}

export const ticketsSection: Section = {
  name: "tickets",
  description: "ticket creation tickets/s and p50/p99 (sequential, 8 concurrent, 2 processes × 4) and outbox delivery latency and backlog drain rate, on SQLite, Redis and PostgreSQL",
  async run(ctx) {
    const data = await run(ctx);
    return { title: "tickets", data, text: render(data) };
  },
};
