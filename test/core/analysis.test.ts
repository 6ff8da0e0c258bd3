import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeQuestion } from "../../src/core/analysis.ts";
import { ExtractiveAnswerer, type AnswerInput } from "../../src/core/answer/answerer.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";
import { startApp, talent, type TestApp } from "../fixtures/app.ts";

let knowledge: Awaited<ReturnType<typeof tempDir>>;
let index: Awaited<ReturnType<typeof tempDir>>;
let kb: KnowledgeBase;

beforeAll(async () => {
  knowledge = await tempDir("analysis-src");
  index = await tempDir("analysis-idx");
  await writeCorpus(knowledge.path, smallCorpus());
  await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder: new LocalHashEmbeddings() });
  kb = await KnowledgeBase.open(index.path, new LocalHashEmbeddings());
}, 60_000);

afterAll(async () => {
  await knowledge?.cleanup();
  await index?.cleanup();
});

describe("question analysis", () => {
  it("should read language, script, concepts and the kind of fact asked for once", () => {
    const a = analyzeQuestion("D類人才租房補貼每月多少？", kb);
    expect(a.lang).toBe("zh-Hant");
    expect(a.traditional).toBe(true);
    expect(a.normalized).toContain("租房补贴");
    expect(a.concepts).toContain("~rent_subsidy");
    expect(a.facets).toContain("amount");
    expect(a.tokens).toEqual(kb.retriever.analyze("D類人才租房補貼每月多少？").tokens);
  });

  it("should take the tier the question names over the profile's, and the profile's when it names none", () => {
    expect(analyzeQuestion("D类人才租房补贴每月多少？", kb, { tier: "C" }).tier).toBe("D");
    expect(analyzeQuestion("租房补贴每月多少？", kb, { tier: "C" }).tier).toBe("C");
    expect(analyzeQuestion("租房补贴每月多少？", kb).tier).toBeUndefined();
  });

  it("should correct spelling first and tell a city the corpus never names", () => {
    const a = analyzeQuestion("How much is the rent subsidy in Guangzhou?", kb);
    expect(a.foreignPlaces).toEqual(["广州"]);
    expect(a.lang).toBe("en");
  });

  it("should retrieve the same passages from the analysis as from the text", async () => {
    const text = "How do I apply for the rent subsidy?";
    const fromText = await kb.search(text, { k: 5 });
    const fromAnalysis = await kb.search(analyzeQuestion(text, kb), { k: 5 });
    expect(fromAnalysis.map((h) => h.chunk.id)).toEqual(fromText.map((h) => h.chunk.id));
  });
});

describe("question analysis in the engine", () => {
  let env: TestApp;
  const seen: AnswerInput[] = [];
  beforeAll(async () => {
    const extractive = new ExtractiveAnswerer();
    env = await startApp("analysis-engine", { answerer: { answer: (input) => (seen.push(input), extractive.answer(input)) } });
  }, 60_000);
  afterAll(async () => {
    await env?.cleanup();
  });

  it("should hand the answerer the analysis it made, with the profile's tier", async () => {
    const me = talent(env.app.engine, "test:analysis");
    await me.say("/profile tier=D");
    const reply = await me.say("租房补贴每月多少？");
    expect(reply.citations.length).toBeGreaterThan(0);
    const input = seen.at(-1)!;
    expect(input.analysis?.text).toBe("租房补贴每月多少？");
    expect(input.analysis?.facets).toContain("amount");
    expect(input.analysis?.tier).toBe("D");
  });
});

describe("English questions and Chinese passages", () => {
  it("should compare a Chinese passage with the question's dictionary translations too (local embedder only)", async () => {
    const question = `How much is the ${"rent subsidy"} each month?`;
    const local = (await kb.search(question, { k: 10 })).find((h) => h.doc.id === "rent-aurora");
    // The same embedder marked as a model service: its embeddings are taken to be multilingual already.
    const remote = Object.assign(new LocalHashEmbeddings(), { remote: true });
    const plain = (await (await KnowledgeBase.open(index.path, remote)).search(question, { k: 10 })).find((h) => h.doc.id === "rent-aurora");
    expect(local && plain).toBeTruthy();
    expect(local!.scores.vector).toBeGreaterThan(plain!.scores.vector);
  });
});
