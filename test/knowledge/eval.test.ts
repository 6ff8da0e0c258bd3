import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocMeta } from "../../src/knowledge/document.ts";
import { docRanking, evaluate, formatEvalReport, readQuestions, separation, type EvalQuestion, type RankedAnswer } from "../../src/knowledge/eval.ts";
import { tempDir } from "../fixtures/policies.ts";

describe("separation", () => {
  it("should find a perfect threshold when every answerable question scores above every unanswerable one", () => {
    const s = separation([0.9, 0.8, 0.7], [0.1, 0.2]);
    expect(s).toMatchObject({ answerable: 3, unanswerable: 2, auc: 1, accuracy: 1, unanswerableRecall: 1, falseRefusals: 0 });
    expect(s.threshold).toBeCloseTo(0.45, 10);
  });

  it("should compute AUC and the best threshold for overlapping scores", () => {
    // Pairs: 0.9 beats 0.5 and 0.1, 0.3 beats 0.1 only → 3 of 4.
    const s = separation([0.9, 0.3], [0.5, 0.1]);
    expect(s.auc).toBeCloseTo(0.75, 10);
    // Refusing below 0.2 catches one unanswerable question and refuses no answerable one: 3 of 4 right.
    expect(s.threshold).toBeCloseTo(0.2, 10);
    expect(s.accuracy).toBeCloseTo(0.75, 10);
    expect(s.unanswerableRecall).toBeCloseTo(0.5, 10);
    expect(s.falseRefusals).toBe(0);
  });

  it("should count a tie as half a win", () => {
    expect(separation([0.5], [0.5]).auc).toBe(0.5);
    expect(separation([0.5, 0.6], [0.5]).auc).toBe(0.75);
  });

  it("should score an inverted system with AUC 0", () => {
    expect(separation([0.1, 0.2], [0.8, 0.9]).auc).toBe(0);
  });
});

describe("evaluate", () => {
  const meta = (id: string, lang: DocMeta["lang"], topic: DocMeta["topic"], translationOf?: string): DocMeta => ({
    id,
    title: id,
    lang,
    topic,
    path: `${topic}/${id}.md`,
    ...(translationOf ? { translationOf } : {}),
  });
  const docs = new Map<string, DocMeta>(
    [
      meta("rent-zh", "zh", "housing"),
      meta("rent-en", "en", "housing", "rent-zh"),
      meta("school-en", "en", "schooling"),
      meta("clinic-zh", "zh", "medical"),
      meta("noise-1", "en", "services"),
      meta("noise-2", "zh", "services"),
    ].map((d) => [d.id, d]),
  );
  const q = (id: string, question: string, lang: EvalQuestion["lang"], expect: string[], answerable = true): EvalQuestion => ({ id, question, lang, expect, answerable });

  const questions: EvalQuestion[] = [
    // Chinese question, Chinese document at rank 1.
    q("q1", "租房补贴", "zh", ["rent-zh"]),
    // English question about a Chinese policy: its English translation at rank 3 counts (cross-lingual).
    q("q2", "rent subsidy", "en", ["rent-zh"]),
    // English question, English document at rank 6: a miss for recall@5, still 1/6 for MRR.
    q("q3", "school places", "en", ["school-en"]),
    // Chinese question expecting the English translation: the Chinese original at rank 1 counts (cross-lingual).
    q("q4", "租金补助", "zh", ["rent-en"]),
    // Not answerable from the corpus.
    q("q5", "停车位", "zh", [], false),
  ];
  const answers: Record<string, RankedAnswer> = {
    q1: { docIds: ["rent-zh", "noise-1"], score: 0.9 },
    q2: { docIds: ["noise-1", "noise-2", "rent-en", "school-en"], score: 0.7 },
    q3: { docIds: ["noise-1", "noise-2", "clinic-zh", "rent-zh", "rent-en", "school-en"], score: 0.6 },
    q4: { docIds: ["rent-zh"], score: 0.8 },
    q5: { docIds: ["noise-2"], score: 0.2 },
  };
  const rank = async (question: EvalQuestion) => answers[question.id]!;

  it("should compute recall@1, recall@5 and MRR over answerable questions", async () => {
    const r = await evaluate(questions, docs, rank);
    expect(r.overall.n).toBe(4);
    expect(r.overall.recallAt1).toBeCloseTo(2 / 4, 10);
    expect(r.overall.recallAt5).toBeCloseTo(3 / 4, 10);
    expect(r.overall.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 6 + 1) / 4, 10);
  });

  it("should count a translation of an expected document as a hit", async () => {
    const r = await evaluate([questions[1]!, questions[3]!], docs, rank);
    expect(r.overall.recallAt5).toBe(1);
    expect(r.misses).toEqual([]);
  });

  it("should not count an unrelated document as a hit", async () => {
    const r = await evaluate([q("x", "rent", "en", ["rent-zh"])], docs, async () => ({ docIds: ["school-en", "clinic-zh"], score: 0.5 }));
    expect(r.overall).toEqual({ n: 1, recallAt1: 0, recallAt5: 0, mrr: 0 });
    expect(r.misses).toEqual([{ id: "x", question: "rent", expect: ["rent-zh"], got: ["school-en", "clinic-zh"] }]);
  });

  it("should slice by language, by topic and into the cross-lingual questions", async () => {
    const r = await evaluate(questions, docs, rank);
    expect(r.byLang.zh).toEqual({ n: 2, recallAt1: 1, recallAt5: 1, mrr: 1 });
    expect(r.byLang.en?.n).toBe(2);
    expect(r.byLang.en?.recallAt1).toBe(0);
    expect(r.byLang.en?.recallAt5).toBeCloseTo(0.5, 10);
    expect(r.byLang.en?.mrr).toBeCloseTo((1 / 3 + 1 / 6) / 2, 10);
    expect(Object.keys(r.byTopic).sort()).toEqual(["housing", "schooling"]);
    expect(r.byTopic.housing?.n).toBe(3);
    // q2 (en → zh policy) and q4 (zh → en translation) are cross-lingual; q1 and q3 are not.
    expect(r.crossLingual.n).toBe(2);
    expect(r.crossLingual.recallAt1).toBeCloseTo(0.5, 10);
    expect(r.crossLingual.recallAt5).toBe(1);
    expect(r.crossLingual.mrr).toBeCloseTo((1 / 3 + 1) / 2, 10);
  });

  it("should list the questions whose expected document is not in the top 5", async () => {
    const r = await evaluate(questions, docs, rank);
    expect(r.misses).toEqual([{ id: "q3", question: "school places", expect: ["school-en"], got: ["noise-1", "noise-2", "clinic-zh", "rent-zh", "rent-en"] }]);
  });

  it("should measure how well the score separates unanswerable questions", async () => {
    const r = await evaluate(questions, docs, rank);
    expect(r.separation).toMatchObject({ answerable: 4, unanswerable: 1, auc: 1, accuracy: 1, falseRefusals: 0, unanswerableRecall: 1 });
    expect(r.separation.threshold).toBeGreaterThan(0.2);
    expect(r.separation.threshold).toBeLessThan(0.6);
  });

  it("should print a report with the overall and cross-lingual rows and the misses", async () => {
    const text = formatEvalReport(await evaluate(questions, docs, rank));
    expect(text).toMatch(/^overall\s+4\s+0\.500\s+0\.750\s+0\.625$/m);
    expect(text).toMatch(/^cross-lingual\s+2\s+0\.500\s+1\.000\s+0\.667$/m);
    expect(text).toContain("misses (expected doc not in top 5): 1");
  });
});

describe("docRanking", () => {
  it("should rank documents by their best chunk, each once", () => {
    expect(docRanking(["a", "b", "a", "c", "b"])).toEqual(["a", "b", "c"]);
  });
});

describe("readQuestions", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir("eval");
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  it("should read a JSONL question set with defaults", async () => {
    const file = path.join(dir.path, "q.jsonl");
    await writeFile(file, '{"id":"q1","question":"租房补贴","lang":"zh","expect":["rent-zh"]}\n\n{"id":"q2","question":"parking?","lang":"en","answerable":false}\n');
    expect(await readQuestions(file)).toEqual([
      { id: "q1", question: "租房补贴", lang: "zh", expect: ["rent-zh"], answerable: true },
      { id: "q2", question: "parking?", lang: "en", expect: [], answerable: false },
    ]);
  });

  it("should report a bad line with its number", async () => {
    const file = path.join(dir.path, "bad.jsonl");
    await writeFile(file, '{"id":"q1","question":"ok","lang":"zh"}\n{"id":"q2","question":"?","lang":"fr"}\n');
    await expect(readQuestions(file)).rejects.toThrow(`${file}:2: lang`);
    await writeFile(file, '{"id":"q1","question":"ok","lang":"zh"}\nnot json\n');
    await expect(readQuestions(file)).rejects.toThrow(`${file}:2: not valid JSON`);
  });
});
