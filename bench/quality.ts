/**
 * Section "quality": retrieval quality of the hybrid retriever (as `kb eval` measures it) next to two
 * baselines (bench/baselines.ts) on the same questions, chunks and validity date: in detail on the shipped
 * corpus, then one row per corpus of eval/cities.
 */
import { fileURLToPath } from "node:url";
import { resolveEvalSets, type EvalSet } from "../src/cli/eval-sets.ts";
import { docRanking, evaluate, readQuestions, separation, type EvalQuestion, type EvalReport, type SliceMetrics } from "../src/knowledge/eval.ts";
import { LocalHashEmbeddings } from "../src/knowledge/embedders/local.ts";
import { answerability } from "../src/knowledge/hybrid-retriever.ts";
import { IndexStore } from "../src/knowledge/index-store.ts";
import { ingest } from "../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { miniSearchBaseline, plainBm25Baseline, type Ranker } from "./baselines.ts";
import { fmt, heading, makeTempDir, removeTempDir, table, type BenchContext, type Cell, type Section } from "./util.ts";

/** Chunks retrieved per question for the document ranking, as `kb eval` does by default. */
const K = 20;
const LANGS = ["zh", "zh-Hant", "en"] as const;

interface SystemResult {
  name: string;
  report: Omit<EvalReport, "misses"> & { misses: number };
  /** Separation with the system's alternative confidence score, if it has one. */
  altAuc?: { label: string; auc: number };
}

export interface QualityData {
  questionsFile: string;
  date: string;
  questions: { total: number; answerable: number; unanswerable: number; byLang: Record<string, number>; crossLingual: number };
  corpus: { documents: number; chunks: number };
  k: number;
  systems: SystemResult[];
  /** hybrid ÷ baseline for every slice and metric (null when the baseline scores 0). */
  ratios: Record<string, Record<string, Record<string, number | null>>>;
  /** The same systems on every corpus: the shipped one first, then each of eval/cities. */
  corpora: CorpusResult[];
}

export interface CorpusResult {
  name: string;
  documents: number;
  chunks: number;
  systems: SystemResult[];
}

const METRICS = [
  ["R@1", (s: SliceMetrics) => s.recallAt1],
  ["R@5", (s: SliceMetrics) => s.recallAt5],
  ["MRR", (s: SliceMetrics) => s.mrr],
] as const;

function slicesOf(r: Omit<EvalReport, "misses">): [string, SliceMetrics][] {
  const empty: SliceMetrics = { n: 0, recallAt1: 0, recallAt5: 0, mrr: 0 };
  return [
    ["overall", r.overall],
    ...LANGS.map((l): [string, SliceMetrics] => [`lang ${l}`, r.byLang[l] ?? empty]),
    ["cross-lingual", r.crossLingual],
  ];
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const showRatio = (a: number, b: number): string => {
  const r = ratio(a, b);
  return r === null ? (a === 0 ? "n/a" : "∞") : `×${r.toFixed(2)}`;
};

/** The three systems on one corpus and question set. */
async function evaluateCorpus(
  ctx: BenchContext,
  label: string,
  knowledgeDir: string,
  questions: EvalQuestion[],
): Promise<{ results: SystemResult[]; documents: number; chunks: number }> {
  const root = await makeTempDir(`quality-${label}`);
  try {
    ctx.log(`[quality] ${label}: building the index`);
    const embedder = new LocalHashEmbeddings();
    await ingest({ knowledgeDir, indexRoot: root, embedder });
    const kb = await KnowledgeBase.open(root, embedder);
    const chunks = await new IndexStore(root).readChunks(kb.dir);
    const active = new Map([...kb.docs.values()].map((d) => [d.id, !kb.retriever.inactiveReason(d, ctx.date)]));
    const isActive = (id: string) => active.get(id) ?? false;

    const hybrid: Ranker = {
      name: "hybrid",
      async rank(q) {
        const hits = await kb.search(q.question, { k: K, date: ctx.date });
        return { docIds: docRanking(hits.map((h) => h.doc.id)), score: answerability(hits[0]) };
      },
    };
    const systems = [hybrid, miniSearchBaseline(chunks, isActive), plainBm25Baseline(chunks, isActive, K)];
    const results: SystemResult[] = [];
    for (const s of systems) {
      ctx.log(`[quality] ${label}: evaluating ${s.name}`);
      // Warm up (JIT, lazy tables) so the latency row compares like with like.
      for (const q of questions.slice(0, 20)) await s.rank(q);
      const { misses, ...report } = await evaluate(questions, kb.docs, (q) => s.rank(q));
      const result: SystemResult = { name: s.name, report: { ...report, misses: misses.length } };
      if (s.altScore) {
        const pos: number[] = [];
        const neg: number[] = [];
        for (const q of questions) (q.answerable ? pos : neg).push(await s.altScore.score(q));
        result.altAuc = { label: s.altScore.label, auc: separation(pos, neg).auc };
      }
      results.push(result);
    }
    return { results, documents: kb.docs.size, chunks: chunks.length };
  } finally {
    await removeTempDir(root);
  }
}

/** The blind sets in the repository: eval/holdout2 (about the shipped corpus) and each city of eval/cities. */
async function blindSets(knowledgeDir: string): Promise<EvalSet[]> {
  const out: EvalSet[] = [];
  for (const rel of ["../eval/holdout2", "../eval/cities"]) {
    try {
      out.push(...(await resolveEvalSets([fileURLToPath(new URL(rel, import.meta.url))], knowledgeDir)));
    } catch {
      // A checkout without that folder has nothing to add.
    }
  }
  return out;
}

async function run(ctx: BenchContext): Promise<{ data: QualityData; text: string }> {
  const questions = await ctx.questions();
  const shipped = await evaluateCorpus(ctx, "shipped", ctx.knowledgeDir, questions);
  const results = shipped.results;

  const [h, ...baselines] = results as [SystemResult, ...SystemResult[]];
  const ratios: QualityData["ratios"] = {};
  for (const b of baselines) {
    const per: Record<string, Record<string, number | null>> = {};
    const bSlices = new Map(slicesOf(b.report));
    for (const [name, hs] of slicesOf(h.report)) {
      const bs = bSlices.get(name)!;
      per[name] = Object.fromEntries(METRICS.map(([m, get]) => [m, ratio(get(hs), get(bs))]));
    }
    per["unanswerable AUC"] = { AUC: ratio(h.report.separation.auc, b.report.separation.auc) };
    ratios[b.name] = per;
  }

  const corpora: CorpusResult[] = [{ name: "shipped", documents: shipped.documents, chunks: shipped.chunks, systems: results }];
  for (const set of await blindSets(ctx.knowledgeDir)) {
    const r = await evaluateCorpus(ctx, set.name, set.knowledgeDir, await readQuestions(set.questions));
    corpora.push({ name: set.name, documents: r.documents, chunks: r.chunks, systems: r.results });
  }

  const byLang: Record<string, number> = {};
  for (const q of questions) byLang[q.lang] = (byLang[q.lang] ?? 0) + 1;
  const data: QualityData = {
    questionsFile: ctx.questionsFile,
    date: ctx.date,
    questions: {
      total: questions.length,
      answerable: questions.filter((q) => q.answerable).length,
      unanswerable: questions.filter((q) => !q.answerable).length,
      byLang,
      crossLingual: h.report.crossLingual.n,
    },
    corpus: { documents: shipped.documents, chunks: shipped.chunks },
    k: K,
    systems: results,
    ratios,
    corpora,
  };
  return { data, text: render(data, questions) };
}

/** One row per corpus: R@5 and MRR of each system, overall and across languages. */
function renderCorpora(corpora: readonly CorpusResult[]): string {
  const names = corpora[0]?.systems.map((s) => s.name) ?? [];
  const headers = ["corpus", "docs", "answerable", ...names.flatMap((n) => [`${n} R@5`, `${n} MRR`]), "hybrid cross R@5", "hybrid p50 ms"];
  const rows: Cell[][] = corpora.map((c) => {
    const h = c.systems[0]!;
    return [
      c.name,
      c.documents,
      h.report.overall.n,
      ...c.systems.flatMap((s) => [fmt(s.report.overall.recallAt5, 3), fmt(s.report.overall.mrr, 3)]),
      h.report.crossLingual.n ? fmt(h.report.crossLingual.recallAt5, 3) : "–",
      fmt(h.report.ms.p50, 2),
    ];
  });
  return [heading("Retrieval quality on every corpus (shipped, eval/holdout2, eval/cities)"), table(headers, rows)].join("\n");
}

function render(d: QualityData, questions: EvalQuestion[]): string {
  const [h, ...bs] = d.systems as [SystemResult, ...SystemResult[]];
  const headers = ["slice", "n", "metric", ...d.systems.map((s) => s.name), ...bs.map((b) => `hybrid÷${b.name}`)];
  const rows: Cell[][] = [];
  const bSlices = bs.map((b) => new Map(slicesOf(b.report)));
  for (const [name, hs] of slicesOf(h.report)) {
    METRICS.forEach(([m, get], i) => {
      const vals = [get(hs), ...bSlices.map((bm) => get(bm.get(name)!))];
      rows.push([i === 0 ? name : "", i === 0 ? hs.n : "", m, ...vals.map((v) => fmt(v, 3)), ...vals.slice(1).map((v) => showRatio(vals[0]!, v))]);
    });
  }
  const aucs = d.systems.map((s) => s.report.separation.auc);
  rows.push(["unanswerable", `${h.report.separation.answerable}/${h.report.separation.unanswerable}`, "AUC", ...aucs.map((v) => fmt(v, 3)), ...aucs.slice(1).map((v) => showRatio(aucs[0]!, v))]);
  rows.push(["latency", questions.length, "p50 ms", ...d.systems.map((s) => fmt(s.report.ms.p50, 2)), ...bs.map(() => "")]);

  const langs = Object.entries(d.questions.byLang).sort().map(([l, n]) => `${l} ${n}`).join(", ");
  const notes = [
    `${d.questions.total} questions from ${d.questionsFile} (${d.questions.answerable} answerable, ${d.questions.unanswerable} unanswerable; ${langs}; ${d.questions.crossLingual} cross-lingual)`,
    `shipped corpus: ${d.corpus.documents} documents, ${d.corpus.chunks} chunks; policies in force on ${d.date}; documents ranked from the top ${d.k} chunks (hybrid, bm25-plain) or all results (minisearch)`,
    "hybrid: KnowledgeBase.search (BM25 + lexicon concepts + local-hash vectors), confidence = answerability(top hit)",
    "minisearch: MiniSearch defaults over title › section + text, confidence = top score",
    "bm25-plain: Bm25Index over Tokenizer([]) tokens (no lexicon, no vectors), confidence = top BM25 score",
  ];
  for (const s of d.systems) if (s.altAuc) notes.push(`${s.name} unanswerable AUC with ${s.altAuc.label} as confidence: ${fmt(s.altAuc.auc, 3)}`);
  notes.push(`misses (expected document not in the top 5): ${d.systems.map((s) => `${s.name} ${s.report.misses}`).join(", ")}`);
  return [heading("Retrieval quality: hybrid vs baselines (shipped corpus)"), table(headers, rows), "", ...notes, "", renderCorpora(d.corpora)].join("\n");
}

export const qualitySection: Section = {
  name: "quality",
  description: "recall@1/@5, MRR and unanswerable AUC of the hybrid retriever vs MiniSearch and plain BM25",
  async run(ctx) {
    const { data, text } = await run(ctx);
    return { title: "quality", data, text };
  },
};
