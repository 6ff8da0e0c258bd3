/**
 * Section "knowledge": ingest throughput (full and no-op incremental) and search latency, load time and memory
 * of the knowledge base on the shipped corpus and on synthetic N× corpora (bench/synthetic.ts). Every
 * measurement runs in a fresh child process (bench/knowledge-worker.ts) so peak RSS is that size's alone.
 */
import path from "node:path";
import { LocalHashEmbeddings } from "../src/knowledge/embedders/local.ts";
import type { IngestMeasurement, ServeMeasurement } from "./knowledge-worker.ts";
import { generateCorpus } from "./synthetic.ts";
import { fmt, heading, makeTempDir, removeTempDir, ROOT, runWorker, table, type BenchContext, type Cell, type Section } from "./util.ts";

const WORKER = path.join(ROOT, "bench", "knowledge-worker.ts");
/** Latency samples per corpus (all questions, repeated), after `WARMUP` untimed queries. */
const MIN_SAMPLES = 500;
const WARMUP = 50;
const K = 5;
/** Full ingests per corpus (median reported): small corpora take under a second, so one run is noisy. */
const ingestRuns = (scale: number) => (scale <= 1 ? 5 : scale <= 10 ? 3 : 1);

export interface ScaleResult {
  scale: number;
  label: string;
  /** Seconds spent writing the synthetic corpus (0 for the shipped one). */
  generateSeconds: number;
  ingest: IngestMeasurement;
  serve: ServeMeasurement;
}

export interface KnowledgeData {
  embedder: string;
  date: string;
  k: number;
  questionsFile: string;
  scales: ScaleResult[];
}

async function measureScale(ctx: BenchContext, scale: number): Promise<ScaleResult> {
  const label = scale === 1 ? "shipped" : `synthetic ${scale}×`;
  const temps: string[] = [];
  try {
    let knowledgeDir = ctx.knowledgeDir;
    let generateSeconds = 0;
    if (scale !== 1) {
      ctx.log(`[knowledge] ${label}: generating corpus`);
      knowledgeDir = await makeTempDir(`corpus-${scale}x`);
      temps.push(knowledgeDir);
      const t0 = performance.now();
      await generateCorpus(ctx.knowledgeDir, knowledgeDir, scale);
      generateSeconds = (performance.now() - t0) / 1000;
    }
    const indexRoot = await makeTempDir(`index-${scale}x`);
    temps.push(indexRoot);
    ctx.log(`[knowledge] ${label}: ingest + no-op re-ingest`);
    const ingest = await runWorker<IngestMeasurement>(WORKER, [
      "ingest", "--knowledge", knowledgeDir, "--index", indexRoot, "--reingest", "--repeat", String(ingestRuns(scale)),
    ]);
    if (ingest.failed) throw new Error(`${label}: ${ingest.failed} files failed to ingest`);
    ctx.log(`[knowledge] ${label}: open + ${MIN_SAMPLES}+ searches`);
    const serve = await runWorker<ServeMeasurement>(WORKER, [
      "serve", "--index", indexRoot, "--questions", ctx.questionsFile, "--date", ctx.date,
      "--min-samples", String(MIN_SAMPLES), "--warmup", String(WARMUP),
    ]);
    return { scale, label, generateSeconds, ingest, serve };
  } finally {
    for (const d of temps) await removeTempDir(d);
  }
}

function render(d: KnowledgeData): string {
  const ingestRows: Cell[][] = d.scales.map((s) => [
    s.label,
    s.ingest.documents,
    s.ingest.chunks,
    s.ingest.runs,
    fmt(s.ingest.seconds, 2),
    fmt(s.ingest.firstSeconds, 2),
    Math.round(s.ingest.chunks / s.ingest.seconds),
    fmt(s.ingest.indexMiB, 1),
    Math.round(s.ingest.peakRssMiB),
    s.ingest.reingest ? fmt(s.ingest.reingest.seconds, 2) : "",
    s.ingest.reingest ? s.ingest.reingest.embedded : "",
  ]);
  const serveRows: Cell[][] = d.scales.map((s) => [
    s.label,
    s.serve.documents,
    s.serve.chunks,
    fmt(s.ingest.seconds, 2),
    Math.round(s.ingest.chunks / s.ingest.seconds),
    fmt(s.serve.loadMs, 0),
    s.serve.samples,
    fmt(s.serve.p50Ms, 2),
    fmt(s.serve.p99Ms, 2),
    Math.round(s.serve.rssAfterLoadMiB),
    Math.round(s.serve.peakRssMiB),
  ]);
  const q = d.scales[0]?.serve;
  const generated = d.scales
    .filter((s) => s.scale > 1)
    .map((s) => `${fmt(s.generateSeconds, 1)} s (${s.scale}×)`)
    .join(", ");
  return [
    heading("Knowledge base: ingest, search latency and memory by corpus size"),
    `Ingest (${d.embedder}): full build into an empty index, then an incremental re-ingest with nothing changed;`,
    "median of `runs` runs in one process (the first run is the cold one), chunks/s from the median",
    table(["corpus", "docs", "chunks", "runs", "ingest s", "first run s", "chunks/s", "index MiB", "peak RSS MiB", "re-ingest s", "re-embedded"], ingestRows),
    "",
    `Search (KnowledgeBase.search, k=${d.k}, policies in force on ${d.date}; ${q ? `${q.questions} questions × ${Math.ceil(q.samples / q.questions)} after ${q.warmup} warm-up queries` : ""})`,
    table(["corpus", "docs", "chunks", "ingest s", "chunks/s", "load ms", "samples", "p50 ms", "p99 ms", "RSS loaded MiB", "peak RSS MiB"], serveRows),
    "",
    "Each corpus is measured in two fresh child processes: ingest (full build + re-ingest) and serve (open + searches);",
    "peak RSS is that process's maxRSS (ingest RSS in the first table, serving RSS in the second).",
    `Synthetic N× = the shipped files + N−1 rewritten district copies (bench/synthetic.ts)${generated ? `; written in ${generated}` : ""}.`,
  ].join("\n");
}

export const knowledgeSection: Section = {
  name: "knowledge",
  description: "ingest throughput, no-op re-ingest, search p50/p99, load time and peak RSS on the shipped, 10× and 100× corpora",
  async run(ctx) {
    await ctx.questions(); // fail early, before minutes of ingest, if the question set is missing or invalid
    const scales: ScaleResult[] = [];
    for (const scale of ctx.scales) scales.push(await measureScale(ctx, scale));
    const data: KnowledgeData = { embedder: new LocalHashEmbeddings().modelId, date: ctx.date, k: K, questionsFile: ctx.questionsFile, scales };
    return { title: "knowledge", data, text: render(data) };
  },
};
