/**
 * Section "conversation": the offline intent classifier's accuracy per intent on eval/intents.jsonl, and the
 * engine's answers on the eval questions (facts contained, policies cited, refusals) with answer latency.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { evaluateAnswers } from "../src/core/answer-eval.ts";
import { ExtractiveAnswerer } from "../src/core/answer/answerer.ts";
import { RuleIntentClassifier } from "../src/core/intents/rules.ts";
import { LocalHashEmbeddings } from "../src/knowledge/embedders/local.ts";
import { DEFAULT_ANSWER_THRESHOLD } from "../src/knowledge/hybrid-retriever.ts";
import { ingest } from "../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../src/knowledge/knowledge-base.ts";
import { fmt, heading, makeTempDir, percentile, removeTempDir, table, type BenchContext, type Section } from "./util.ts";

const THRESHOLD = DEFAULT_ANSWER_THRESHOLD;

async function run(ctx: BenchContext) {
  const rows = (await readFile(path.join(ctx.root, "eval/intents.jsonl"), "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { text: string; intent: string; lang: string });
  const classifier = new RuleIntentClassifier();
  const per = new Map<string, { n: number; ok: number; predicted: number }>();
  const times: number[] = [];
  for (const r of rows) {
    const t0 = performance.now();
    const got = (await classifier.classify(r.text)).intent;
    times.push(performance.now() - t0);
    const e = per.get(r.intent) ?? { n: 0, ok: 0, predicted: 0 };
    e.n++;
    if (got === r.intent) e.ok++;
    per.set(r.intent, e);
    const p = per.get(got) ?? { n: 0, ok: 0, predicted: 0 };
    p.predicted++;
    per.set(got, p);
  }
  const correct = [...per.values()].reduce((s, e) => s + e.ok, 0);
  const intents = [...per.entries()].sort((a, b) => b[1].n - a[1].n).map(([intent, e]) => ({
    intent,
    n: e.n,
    recall: e.n ? e.ok / e.n : 0,
    precision: e.predicted ? e.ok / e.predicted : 0,
  }));

  const dir = await makeTempDir("conversation");
  try {
    const embedder = new LocalHashEmbeddings();
    await ingest({ knowledgeDir: ctx.knowledgeDir, indexRoot: dir, embedder });
    const kb = await KnowledgeBase.open(dir, embedder);
    const questions = await ctx.questions();
    ctx.log(`answering ${questions.length} questions through the engine`);
    const answers = await evaluateAnswers(questions, kb, { classifier, answerer: new ExtractiveAnswerer(), threshold: THRESHOLD });
    const data = {
      intents: { messages: rows.length, accuracy: correct / rows.length, perIntent: intents, latencyMs: { p50: percentile(times, 50), p99: percentile(times, 99) } },
      answers,
    };
    const text = [
      heading("Conversation: intent classifier (offline rules) and answers (offline extracts)"),
      `${rows.length} labelled messages (eval/intents.jsonl), accuracy ${fmt(data.intents.accuracy, 3)}, classify p50 ${fmt(data.intents.latencyMs.p50, 3)} ms, p99 ${fmt(data.intents.latencyMs.p99, 3)} ms`,
      table(["intent", "n", "recall", "precision"], intents.map((i) => [i.intent, i.n, fmt(i.recall, 3), fmt(i.precision, 3)])),
      "",
      `answers to ${answers.overall.n} answerable questions with facts; answer latency (engine.handle, SQLite-free in-memory state) p50 ${fmt(answers.ms.p50, 2)} ms, p99 ${fmt(answers.ms.p99, 2)} ms`,
      table(
        ["slice", "n", "facts", "cited expected", "refused"],
        [["overall", answers.overall] as const, ...Object.entries(answers.byLang)].map(([k, s]) => [k, s.n, fmt(s.factRecall, 3), fmt(s.citedExpected, 3), fmt(s.refused, 3)]),
      ),
      `unanswerable questions refused: ${fmt(answers.unanswerableRefused, 3)} of ${answers.unanswerable} (threshold ${THRESHOLD})`,
    ].join("\n");
    return { data, text };
  } finally {
    await removeTempDir(dir);
  }
}

export const conversationSection: Section = {
  name: "conversation",
  description: "intent accuracy per intent (eval/intents.jsonl); answer facts/citations/refusals and answer latency p50/p99",
  async run(ctx) {
    const { data, text } = await run(ctx);
    return { title: "conversation", data, text };
  },
};
