import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Lang } from "../text/normalize.ts";
import type { DocMeta } from "./document.ts";

export const evalQuestionSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  lang: z.enum(["zh", "zh-Hant", "en"]),
  expect: z.array(z.string()).default([]),
  topic: z.string().optional(),
  answerable: z.boolean().default(true),
  /** Strings a correct answer must contain (used by answer evaluation). */
  facts: z.array(z.string()).optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** Reads a JSONL question set; a bad line is reported with its number. */
export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const out: EvalQuestion[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const r = evalQuestionSchema.safeParse(json);
    if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}`);
    out.push(r.data);
  });
  return out;
}

/** What a system under evaluation returns for one question: ranked document ids and a confidence score. */
export interface RankedAnswer {
  docIds: string[];
  /** Higher means "more likely answerable"; used to separate unanswerable questions. */
  score: number;
}

export interface SliceMetrics {
  n: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
}

export interface Separation {
  answerable: number;
  unanswerable: number;
  /** Probability that an answerable question scores above an unanswerable one. */
  auc: number;
  /** The threshold that classifies best (max accuracy), and how it does. */
  threshold: number;
  accuracy: number;
  /** Share of unanswerable questions caught at that threshold. */
  unanswerableRecall: number;
  /** Share of answerable questions wrongly refused at that threshold. */
  falseRefusals: number;
}

export interface EvalReport {
  overall: SliceMetrics;
  byLang: Record<string, SliceMetrics>;
  byTopic: Record<string, SliceMetrics>;
  crossLingual: SliceMetrics;
  separation: Separation;
  misses: { id: string; question: string; expect: string[]; got: string[] }[];
  ms: { p50: number; p99: number };
}

const family = (l: Lang | string) => (l === "en" ? "en" : "zh");

function slice(ranks: (number | undefined)[]): SliceMetrics {
  const n = ranks.length;
  if (!n) return { n: 0, recallAt1: 0, recallAt5: 0, mrr: 0 };
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  for (const r of ranks) {
    if (r === undefined) continue;
    if (r <= 1) r1++;
    if (r <= 5) r5++;
    mrr += 1 / r;
  }
  return { n, recallAt1: r1 / n, recallAt5: r5 / n, mrr: mrr / n };
}

/** AUC and the best threshold for telling answerable (positive) from unanswerable (negative) scores. */
export function separation(pos: number[], neg: number[]): Separation {
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  const auc = pos.length && neg.length ? wins / (pos.length * neg.length) : 0;
  const candidates = [...new Set([...pos, ...neg])].sort((a, b) => a - b);
  let best = { threshold: 0, accuracy: -1, unanswerableRecall: 0, falseRefusals: 0 };
  for (let i = 0; i < candidates.length; i++) {
    // Midpoint between consecutive scores: refuse below it.
    const t = i === 0 ? candidates[0]! - 1e-9 : (candidates[i - 1]! + candidates[i]!) / 2;
    const tn = neg.filter((s) => s < t).length;
    const fn = pos.filter((s) => s < t).length;
    const accuracy = (tn + pos.length - fn) / (pos.length + neg.length || 1);
    if (accuracy > best.accuracy) {
      best = { threshold: t, accuracy, unanswerableRecall: neg.length ? tn / neg.length : 0, falseRefusals: pos.length ? fn / pos.length : 0 };
    }
  }
  return { answerable: pos.length, unanswerable: neg.length, auc, ...best };
}

/**
 * Scores a retrieval system on a question set: recall@1, recall@5 and MRR overall, by language, by topic and
 * on the cross-lingual slice (questions whose language differs from that of every expected document), plus
 * how well the confidence score separates unanswerable questions. A translation of an expected document
 * counts as that document: both are one policy.
 */
export async function evaluate(
  questions: EvalQuestion[],
  docs: ReadonlyMap<string, DocMeta>,
  rank: (q: EvalQuestion) => Promise<RankedAnswer>,
): Promise<EvalReport> {
  const policyOf = (id: string) => docs.get(id)?.translationOf ?? id;
  const rows: { q: EvalQuestion; rank?: number; got: string[]; score: number; cross: boolean; topic: string }[] = [];
  const times: number[] = [];
  for (const q of questions) {
    const t0 = performance.now();
    const a = await rank(q);
    times.push(performance.now() - t0);
    const wanted = new Set(q.expect.flatMap((id) => [id, policyOf(id)]));
    const idx = a.docIds.findIndex((id) => wanted.has(id) || wanted.has(policyOf(id)));
    const expectLangs = q.expect.map((id) => docs.get(id)?.lang).filter((l): l is Lang => !!l);
    const cross = q.answerable && expectLangs.length > 0 && expectLangs.every((l) => family(l) !== family(q.lang));
    const topic = q.topic ?? docs.get(q.expect[0] ?? "")?.topic ?? "none";
    rows.push({ q, ...(idx >= 0 ? { rank: idx + 1 } : {}), got: a.docIds.slice(0, 5), score: a.score, cross, topic });
  }
  const ans = rows.filter((r) => r.q.answerable);
  const group = (key: (r: (typeof rows)[number]) => string) => {
    const m: Record<string, SliceMetrics> = {};
    for (const k of [...new Set(ans.map(key))].sort()) m[k] = slice(ans.filter((r) => key(r) === k).map((r) => r.rank));
    return m;
  };
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return {
    overall: slice(ans.map((r) => r.rank)),
    byLang: group((r) => r.q.lang),
    byTopic: group((r) => r.topic),
    crossLingual: slice(ans.filter((r) => r.cross).map((r) => r.rank)),
    separation: separation(ans.map((r) => r.score), rows.filter((r) => !r.q.answerable).map((r) => r.score)),
    misses: ans.filter((r) => !r.rank || r.rank > 5).map((r) => ({ id: r.q.id, question: r.q.question, expect: r.q.expect, got: r.got })),
    ms: { p50: pct(50), p99: pct(99) },
  };
}

/** Plain-text table of an evaluation report. */
export function formatEvalReport(r: EvalReport, label = "hybrid"): string {
  const f = (x: number) => x.toFixed(3);
  const row = (name: string, s: SliceMetrics) => `${name.padEnd(22)} ${String(s.n).padStart(4)}  ${f(s.recallAt1)}  ${f(s.recallAt5)}  ${f(s.mrr)}`;
  const lines = [
    `${label}: retrieval on ${r.overall.n} answerable questions (latency p50 ${r.ms.p50.toFixed(1)} ms, p99 ${r.ms.p99.toFixed(1)} ms)`,
    `${"slice".padEnd(22)} ${"n".padStart(4)}  R@1    R@5    MRR`,
    row("overall", r.overall),
    ...Object.entries(r.byLang).map(([k, s]) => row(`lang ${k}`, s)),
    ...Object.entries(r.byTopic).map(([k, s]) => row(`topic ${k}`, s)),
    row("cross-lingual", r.crossLingual),
    "",
    `unanswerable separation: ${r.separation.unanswerable} unanswerable vs ${r.separation.answerable} answerable, AUC ${f(r.separation.auc)}`,
    `  best threshold ${r.separation.threshold.toFixed(3)}: accuracy ${f(r.separation.accuracy)}, catches ${f(r.separation.unanswerableRecall)} of unanswerable, wrongly refuses ${f(r.separation.falseRefusals)} of answerable`,
  ];
  if (r.misses.length) {
    lines.push("", `misses (expected doc not in top 5): ${r.misses.length}`);
    for (const m of r.misses) lines.push(`  ${m.id} ${m.question}\n      expect ${m.expect.join(", ")}\n      got    ${m.got.join(", ")}`);
  }
  return lines.join("\n");
}

/** Ranked unique document ids from ranked chunk hits. */
export function docRanking(docIds: string[]): string[] {
  return [...new Set(docIds)];
}
