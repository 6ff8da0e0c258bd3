/**
 * One measurement of the knowledge base in a fresh process, so that peak RSS and JIT state belong to that
 * measurement alone. Started by bench/knowledge.ts; sends its result back over IPC (prints JSON when run by hand):
 *
 *     node --import tsx bench/knowledge-worker.ts ingest --knowledge <dir> --index <root> [--reingest] [--repeat N]
 *     node --import tsx bench/knowledge-worker.ts serve --index <root> --questions <file> [--date D] [--min-samples N] [--warmup N]
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { LocalHashEmbeddings } from "../src/knowledge/embedders/local.ts";
import { readQuestions } from "../src/knowledge/eval.ts";
import { today } from "../src/knowledge/hybrid-retriever.ts";
import { IndexStore } from "../src/knowledge/index-store.ts";
import { ingest, type IngestReport } from "../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { mean, peakRssMiB, percentile, workerMain } from "./util.ts";

export interface IngestMeasurement {
  documents: number;
  chunks: number;
  embedded: number;
  failed: number;
  warnings: number;
  /** Ingest runs measured (each into an empty index). */
  runs: number;
  /** Median seconds of a full ingest. */
  seconds: number;
  /** Seconds of the first, cold run. */
  firstSeconds: number;
  indexMiB: number;
  /** A second ingest of the unchanged directory (median seconds). */
  reingest?: { seconds: number; embedded: number; unchanged: number };
  /** Peak RSS during the first full ingest and its re-ingest. */
  peakRssMiB: number;
}

export interface ServeMeasurement {
  documents: number;
  chunks: number;
  /** `KnowledgeBase.open`: manifest, chunks, HNSW graph, BM25 indexes. */
  loadMs: number;
  questions: number;
  warmup: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** RSS right after the index was opened. */
  rssAfterLoadMiB: number;
  peakRssMiB: number;
}

/**
 * Full ingest of `knowledgeDir` into an empty index, then a re-ingest of the unchanged directory. With
 * `repeat` > 1 the pair is run that many times (earlier runs into throw-away roots inside `indexRoot`, the last
 * into `indexRoot` itself) and medians are reported: a small corpus ingests in well under a second, where one
 * run is at the mercy of the machine's other work.
 */
async function measureIngest(knowledgeDir: string, indexRoot: string, reingest: boolean, repeat: number): Promise<IngestMeasurement> {
  const embedder = new LocalHashEmbeddings();
  const full: number[] = [];
  const again: number[] = [];
  let last: IngestReport | undefined;
  let lastAgain: IngestReport | undefined;
  let peak = 0;
  for (let i = 0; i < repeat; i++) {
    const root = i === repeat - 1 ? indexRoot : path.join(indexRoot, `_run-${i}`);
    const t0 = performance.now();
    last = await ingest({ knowledgeDir, indexRoot: root, embedder });
    full.push((performance.now() - t0) / 1000);
    if (reingest) {
      const t1 = performance.now();
      lastAgain = await ingest({ knowledgeDir, indexRoot: root, embedder });
      again.push((performance.now() - t1) / 1000);
    }
    // Peak RSS of the first build (+ re-ingest) only: later runs would add the garbage of earlier ones.
    if (i === 0) peak = peakRssMiB();
    if (root !== indexRoot) await rm(root, { recursive: true, force: true });
  }
  const r = last!;
  return {
    documents: r.documents,
    chunks: r.chunks.total,
    embedded: r.embedded,
    failed: r.failed.length,
    warnings: r.warnings.length,
    runs: repeat,
    seconds: percentile(full, 50),
    firstSeconds: full[0]!,
    indexMiB: (await new IndexStore(indexRoot).sizeOf(r.indexDir)) / 2 ** 20,
    ...(lastAgain ? { reingest: { seconds: percentile(again, 50), embedded: lastAgain.embedded, unchanged: lastAgain.unchanged } } : {}),
    peakRssMiB: peak,
  };
}

async function measureServe(indexRoot: string, questionsFile: string, date: string, minSamples: number, warmupCount: number): Promise<ServeMeasurement> {
  const questions = (await readQuestions(questionsFile)).map((q) => q.question);
  if (!questions.length) throw new Error(`${questionsFile} has no questions`);
  const embedder = new LocalHashEmbeddings();
  const t0 = performance.now();
  const kb = await KnowledgeBase.open(indexRoot, embedder);
  const loadMs = performance.now() - t0;
  const rssAfterLoadMiB = process.memoryUsage().rss / 2 ** 20;

  const warmup = Math.min(warmupCount, questions.length);
  for (let i = 0; i < warmup; i++) await kb.search(questions[i]!, { k: 5, date });
  const reps = Math.ceil(minSamples / questions.length);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    for (const q of questions) {
      const t = performance.now();
      await kb.search(q, { k: 5, date });
      times.push(performance.now() - t);
    }
  }
  const stats = await kb.stats(date);
  return {
    documents: stats.documents,
    chunks: stats.chunks,
    loadMs,
    questions: questions.length,
    warmup,
    samples: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    meanMs: mean(times),
    rssAfterLoadMiB,
    peakRssMiB: peakRssMiB(),
  };
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    knowledge: { type: "string" },
    index: { type: "string" },
    reingest: { type: "boolean", default: false },
    repeat: { type: "string", default: "1" },
    questions: { type: "string" },
    date: { type: "string" },
    "min-samples": { type: "string", default: "500" },
    warmup: { type: "string", default: "50" },
  },
});

const need = (v: string | undefined, name: string): string => {
  if (!v) throw new Error(`--${name} is required`);
  return v;
};

await workerMain(async () => {
  switch (positionals[0]) {
    case "ingest":
      return measureIngest(need(values.knowledge, "knowledge"), need(values.index, "index"), values.reingest, Math.max(1, Number(values.repeat) || 1));
    case "serve":
      return measureServe(
        need(values.index, "index"),
        need(values.questions, "questions"),
        values.date ?? today(),
        Number(values["min-samples"]),
        Number(values.warmup),
      );
    default:
      throw new Error(`unknown mode "${positionals[0] ?? ""}" (ingest or serve)`);
  }
});
