import Keyv from "keyv";
import type { EvalQuestion } from "../knowledge/eval.ts";
import type { KnowledgeBase } from "../knowledge/knowledge-base.ts";
import { normalizeForIndex } from "../text/normalize.ts";
import type { Answerer } from "./answer/answerer.ts";
import { ConversationStore } from "./conversation-state.ts";
import { createEngine } from "./engine.ts";
import type { IntentClassifier } from "./intents/intent.ts";
import type { Profile } from "./profile.ts";

export interface AnswerSlice {
  n: number;
  /** Share of answers containing every expected fact. */
  factRecall: number;
  /** Share of answers that cite at least one expected document (or its translation). */
  citedExpected: number;
  /** Share of questions the desk refused as "not covered". */
  refused: number;
}

export interface AnswerEvalReport {
  overall: AnswerSlice;
  byLang: Record<string, AnswerSlice>;
  /** Share of unanswerable questions the desk refused (it should). */
  unanswerableRefused: number;
  unanswerable: number;
  ms: { p50: number; p99: number };
  /** Answers missing a fact, with the passages they cited (chunk ids), to tell a retrieval miss from a choice of passage. */
  failures: { id: string; question: string; facts: string[]; answer: string; cited: string[] }[];
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH = `(${MONTHS.join("|")})`;
const iso = (y: string, m: string | number, d: string) => `${y}-${String(m).padStart(2, "0")}-${d.padStart(2, "0")}`;
const month = (name: string) => MONTHS.indexOf(name) + 1;

/** Full dates in one spelling: "2026年3月2日", "2 March 2026", "March 2, 2026" and "2026/3/2" all read 2026-03-02. */
function isoDates(text: string): string {
  return text
    .replace(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g, (_, y, m, d) => iso(y, m, d))
    .replace(/\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g, (_, y, m, d) => iso(y, m, d))
    .replace(new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\b`, "g"), (_, d, m, y) => iso(y, month(m), d))
    .replace(new RegExp(`\\b${MONTH}\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, "g"), (_, m, d, y) => iso(y, month(m), d));
}

/**
 * Facts are compared on normalised text: script, width, case, thousands separators, a hyphen between a number and
 * its unit ("1-month" = "1 month") and the spelling of a full date ("2026年3月2日" = "2026-03-02") do not matter.
 */
export function containsFact(answer: string, fact: string): boolean {
  const n = (s: string) => isoDates(normalizeForIndex(s)).replace(/(\d)-(?=[a-z])/g, "$1").replace(/\s+/g, "");
  return n(answer).includes(n(fact));
}

/**
 * Runs every question through the real engine (fresh user, in-memory state) and checks the replies: do they
 * contain the expected facts, cite an expected policy, refuse the unanswerable?
 */
export async function evaluateAnswers(
  questions: EvalQuestion[],
  kb: KnowledgeBase,
  deps: { classifier: IntentClassifier; answerer: Answerer; threshold?: number; profile?: Profile },
): Promise<AnswerEvalReport> {
  const profiles = new Map<string, Profile>();
  const engine = createEngine({
    knowledge: () => kb,
    classifier: { classify: async (text, ctx) => ({ ...(await deps.classifier.classify(text, ctx)), intent: "question" }) },
    answerer: deps.answerer,
    conversations: new ConversationStore(new Keyv()),
    profiles: { get: async (u) => profiles.get(u) ?? deps.profile, set: async (u, p) => profiles.set(u, p) },
    ...(deps.threshold !== undefined ? { threshold: deps.threshold } : {}),
  });
  const policyOf = (id: string) => kb.docs.get(id)?.translationOf ?? id;
  const rows: { q: EvalQuestion; ok: boolean; cited: boolean; refused: boolean; answer: string; chunks: string[] }[] = [];
  const times: number[] = [];
  for (const [i, q] of questions.entries()) {
    const t0 = performance.now();
    const r = await engine.handle({ user: `eval:${i}`, text: q.question });
    times.push(performance.now() - t0);
    const refused = r.citations.length === 0;
    const wanted = new Set(q.expect.map(policyOf));
    const cited = r.citations.some((c) => wanted.has(policyOf(c.docId)));
    const facts = q.facts ?? [];
    rows.push({ q, ok: facts.every((f) => containsFact(r.text, f)), cited, refused, answer: r.text, chunks: r.citations.map((c) => c.id) });
  }
  const slice = (rs: typeof rows): AnswerSlice => ({
    n: rs.length,
    factRecall: rs.length ? rs.filter((r) => r.ok).length / rs.length : 0,
    citedExpected: rs.length ? rs.filter((r) => r.cited).length / rs.length : 0,
    refused: rs.length ? rs.filter((r) => r.refused).length / rs.length : 0,
  });
  const withFacts = rows.filter((r) => r.q.answerable && (r.q.facts?.length ?? 0) > 0);
  const byLang: Record<string, AnswerSlice> = {};
  for (const l of [...new Set(withFacts.map((r) => r.q.lang))].sort()) byLang[l] = slice(withFacts.filter((r) => r.q.lang === l));
  const un = rows.filter((r) => !r.q.answerable);
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return {
    overall: slice(withFacts),
    byLang,
    unanswerable: un.length,
    unanswerableRefused: un.length ? un.filter((r) => r.refused).length / un.length : 0,
    ms: { p50: pct(50), p99: pct(99) },
    failures: withFacts.filter((r) => !r.ok).map((r) => ({ id: r.q.id, question: r.q.question, facts: r.q.facts ?? [], answer: r.answer, cited: r.chunks })),
  };
}

export function formatAnswerReport(r: AnswerEvalReport): string {
  const f = (x: number) => x.toFixed(3);
  const row = (name: string, s: AnswerSlice) => `${name.padEnd(14)} ${String(s.n).padStart(4)}  ${f(s.factRecall)}  ${f(s.citedExpected)}  ${f(s.refused)}`;
  const lines = [
    `answers: ${r.overall.n} answerable questions with facts (latency p50 ${r.ms.p50.toFixed(1)} ms, p99 ${r.ms.p99.toFixed(1)} ms)`,
    `${"slice".padEnd(14)} ${"n".padStart(4)}  facts  cited  refused`,
    row("overall", r.overall),
    ...Object.entries(r.byLang).map(([k, s]) => row(`lang ${k}`, s)),
    `unanswerable refused: ${f(r.unanswerableRefused)} of ${r.unanswerable}`,
  ];
  if (r.failures.length) {
    lines.push("", `answers missing a fact: ${r.failures.length}`);
    for (const x of r.failures) lines.push(`  ${x.id} ${x.question}\n      facts  ${x.facts.join(" | ")}\n      cites  ${x.cited.join(" ") || "(refused)"}\n      answer ${x.answer.replace(/\s+/g, " ").slice(0, 240)}`);
  }
  return lines.join("\n");
}
