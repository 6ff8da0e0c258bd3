import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsFact, evaluateAnswers, formatAnswerReport } from "../../src/core/answer-eval.ts";
import { ExtractiveAnswerer } from "../../src/core/answer/answerer.ts";
import { RuleIntentClassifier } from "../../src/core/intents/rules.ts";
import type { EvalQuestion } from "../../src/knowledge/eval.ts";
import { DEFAULT_ANSWER_THRESHOLD } from "../../src/knowledge/hybrid-retriever.ts";
import { startApp, type TestApp } from "../fixtures/app.ts";

describe("containsFact", () => {
  it.each([
    ["每月補貼2,500元", "补贴2500元", "script and thousands separators"],
    ["ＣＮＹ ２，５００ per month", "CNY 2,500", "full-width characters and case"],
    ["２０２６年３月２日", "2026-03-02", "a Chinese date against an ISO one"],
    ["issued on 2 March 2026.", "2026-03-02", "an English date"],
    ["from March 2, 2026", "2 March 2026", "two English spellings"],
    ["2026/3/2", "2026年3月2日", "a slashed date"],
    ["within the same 1-month time limit", "1 month", "a hyphenated figure"],
  ])("an answer saying '%s' should hold the fact '%s' (%s)", (answer, fact) => {
    expect(containsFact(answer, fact)).toBe(true);
  });

  it.each([
    ["2026年3月20日", "2026-03-02"],
    ["每月2,000元", "2,500"],
    ["within 10 days", "10 working days"],
    ["0760-88205001", "0760 88205001"],
  ])("an answer saying '%s' should not hold the fact '%s'", (answer, fact) => {
    expect(containsFact(answer, fact)).toBe(false);
  });
});

describe("kb eval --answers", () => {
  let env: TestApp;
  beforeAll(async () => {
    env = await startApp("answer-eval");
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  const q = (id: string, question: string, lang: EvalQuestion["lang"], facts: string[] | undefined, answerable = true): EvalQuestion => ({
    id,
    question,
    lang,
    expect: answerable ? ["wt-housing-rent-subsidy-2025"] : [],
    answerable,
    ...(facts ? { facts } : {}),
  });

  it("should count the answers holding their facts, by language, list the ones missing a fact and the refusals of unanswerable questions", async () => {
    const questions = [
      q("en-ok", "How much rent subsidy does a Tier D talent get per month?", "en", ["2,500"]),
      q("zh-ok", "D类人才租房补贴每月多少钱？", "zh", ["2,500"]),
      // A fact the corpus never states: the answer cannot hold it, so the question is a failure.
      q("zh-wrong", "租房补贴每月多少钱？", "zh", ["9,999,999元"]),
      q("no-facts", "What is the rent subsidy?", "en", undefined),
      q("unanswerable", "Can I keep a parrot in the office canteen?", "en", undefined, false),
    ];
    const r = await evaluateAnswers(questions, env.app.knowledge(), {
      classifier: new RuleIntentClassifier(),
      answerer: new ExtractiveAnswerer(),
      threshold: DEFAULT_ANSWER_THRESHOLD,
    });

    // Only answerable questions with facts count; one of the three misses.
    expect(r.overall.n).toBe(3);
    expect(r.overall.factRecall).toBeCloseTo(2 / 3);
    expect(r.byLang.en).toMatchObject({ n: 1, factRecall: 1, citedExpected: 1, refused: 0 });
    expect(r.byLang.zh).toMatchObject({ n: 2, factRecall: 0.5 });
    expect(r.failures.map((f) => f.id)).toEqual(["zh-wrong"]);
    expect(r.failures[0]!.answer).toContain("元");
    // Which passages the failing answer quoted: a retrieval miss reads differently from a wrong choice of passage.
    expect(r.failures[0]!.cited).toContainEqual(expect.stringMatching(/^wt-housing-rent-subsidy-2025#\d+$/));
    expect(r).toMatchObject({ unanswerable: 1, unanswerableRefused: 1 });
    expect(r.ms.p99).toBeGreaterThanOrEqual(r.ms.p50);

    const text = formatAnswerReport(r);
    expect(text).toMatch(/^lang zh\s+2\s+0\.500/m);
    expect(text).toContain("zh-wrong 租房补贴每月多少钱？");
    expect(text).toMatch(/cites  wt-housing-rent-subsidy-2025#\d+/);
    expect(text).toContain("unanswerable refused: 1.000 of 1");
  });
});
