/**
 * One measurement of the knowledge base in a fresh process, so that peak RSS and JIT state belong to that
 * measurement alone. Started by bench/knowledge.ts; sends its result back over IPC (prints JSON when run by hand):
 *
 *     node --import tsx bench/knowledge-worker.ts ingest --knowledge <dir> --index <root> [--reingest]
 *     node --import tsx bench/knowledge-worker.ts serve --index <root> --questions <file> [--date D] [--min-samples N] [--warmup N]
 */
import { parseArgs } from "node:util";
import { LocalHashEmbeddings } from "../src/knowledge/embedders/local.ts";
import { readQuestions } from "../src/knowledge/eval.ts";
import { today } from "../src/knowledge/hybrid-retriever.ts";
import { IndexStore } from "../src/knowledge/index-store.ts";
import { ingest } from "../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { mean, peakRssMiB, percentile, workerMain } from "./util.ts";

export interface IngestMeasurement {
  documents: number;
  chunks: number;
  embedded: number;
  failed: number;
  warnings: number;
  seconds: number;
  indexMiB: number;
  /** A second ingest of the unchanged directory. */
  reingest?: { seconds: number; embedded: number; unchanged: number };
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

async function measureIngest(knowledgeDir: string, indexRoot: string, reingest: boolean): Promise<IngestMeasurement> {
  const embedder = new LocalHashEmbeddings();
  const t0 = performance.now();
  const r = await ingest({ knowledgeDir, indexRoot, embedder });
  const seconds = (performance.now() - t0) / 1000;
  const out: IngestMeasurement = {
    documents: r.documents,
    chunks: r.chunks.total,
    embedded: r.embedded,
    failed: r.failed.length,
    warnings: r.warnings.length,
    seconds,
    indexMiB: (await new IndexStore(indexRoot).sizeOf(r.indexDir)) / 2 ** 20,
    peakRssMiB: 0,
  };
  if (reingest) {
    const t1 = performance.now();
    const again = await ingest({ knowledgeDir, indexRoot, embedder });
    out.reingest = { seconds: (performance.now() - t1) / 1000, embedded: again.embedded, unchanged: again.unchanged };
  }
  out.peakRssMiB = peakRssMiB();
  return out;
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
      return measureIngest(need(values.knowledge, "knowledge"), need(values.index, "index"), values.reingest);
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
