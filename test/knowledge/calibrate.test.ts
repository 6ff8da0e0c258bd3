import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translations, type CedictEntry } from "../../src/knowledge/bridge.ts";
import { DEFAULT_CALIBRATION_WEIGHTS, headingOf, offTopicQuestions, pseudoQuestions } from "../../src/knowledge/calibrate.ts";
import type { Chunk } from "../../src/knowledge/document.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { DEFAULT_ANSWER_THRESHOLD, answerability } from "../../src/knowledge/hybrid-retriever.ts";
import { IndexStore } from "../../src/knowledge/index-store.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { loadConfig } from "../../src/config.ts";
import { policy, tempDir, writeCorpus } from "../fixtures/policies.ts";

const chunk = (section: string): Chunk => ({
  id: section,
  text: "…",
  metadata: { docId: "d", policyId: "d", title: "t", section, lang: "zh", topic: "housing", ordinal: 0 },
});

describe("calibration: questions made from a corpus's headings", () => {
  const dictionary = translations([
    { simplified: "申请", english: ["to apply for"] },
    { simplified: "材料", english: ["material", "data"] },
    { simplified: "补贴", english: ["subsidy"] },
    { simplified: "标准", english: ["standard"] },
    { simplified: "租金", english: ["rent"] },
  ] as CedictEntry[]);

  it("should take a chunk's own heading without its numbering, and no heading from a title-only chunk", () => {
    expect(headingOf(chunk("人才安居办法 › 第六条 申请材料"))).toBe("申请材料");
    expect(headingOf(chunk("Rent Subsidy Measures › Article 4. Monthly amounts"))).toBe("Monthly amounts");
    expect(headingOf(chunk("人才安居办法 › 三、补贴标准"))).toBe("补贴标准");
    expect(headingOf(chunk("人才安居办法"))).toBeUndefined();
  });

  it("should ask every heading in its own language and, word by word through the dictionary, in the other", () => {
    const q = pseudoQuestions([chunk("办法 › 第六条 申请材料"), chunk("办法 › 补贴标准"), chunk("Measures › Rent subsidy standard")], dictionary);
    expect(q.zh.own).toEqual(["申请材料", "补贴标准"]);
    expect(q.en.own).toEqual(["Rent subsidy standard"]);
    expect(q.en.translated).toEqual(["apply for material", "subsidy standard"]);
    expect(q.zh.translated).toEqual(["租金补贴标准"]);
  });

  it("should ship off-topic questions in both languages", () => {
    const off = offTopicQuestions();
    expect(off.zh.length).toBeGreaterThanOrEqual(20);
    expect(off.en.length).toBeGreaterThanOrEqual(20);
  });
});

// A Chinese-only city of eight policies, four articles each: enough headings to calibrate the Chinese line from
// the corpus's own words, and the English one from its headings translated.
const SUBJECTS = [
  ["人才公寓", "housing"], ["租房补贴", "housing"], ["购房补贴", "housing"], ["子女入学", "schooling"],
  ["幼儿园入园", "schooling"], ["就医绿色通道", "medical"], ["健康体检", "medical"], ["落户办理", "settlement"],
] as const;
const ARTICLES = ["适用对象", "申请条件", "补贴标准", "申请材料", "办理流程", "监督管理"];

function cityPolicy(i: number) {
  const [subject, topic] = SUBJECTS[i]!;
  const body = [`# ${subject}管理办法`, ""];
  ARTICLES.forEach((a, j) => body.push(`## 第${j + 1}条 ${subject}${a}`, "", `本市引进的高层次人才办理${subject}，${a}按本办法第${j + 1}条执行，由市人才工作领导小组办公室负责解释。`, ""));
  return policy({ id: `city-${i}`, topic, lang: "zh", title: `${subject}管理办法`, effective: "2025-01-01", body: body.join("\n") });
}

describe("calibration: stored with the index it was derived from", () => {
  let knowledge: Awaited<ReturnType<typeof tempDir>>;
  let index: Awaited<ReturnType<typeof tempDir>>;
  const embedder = new LocalHashEmbeddings();
  let kb: KnowledgeBase;

  beforeAll(async () => {
    knowledge = await tempDir("cal-src");
    index = await tempDir("cal-idx");
    await writeCorpus(knowledge.path, SUBJECTS.map((_, i) => cityPolicy(i)));
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    kb = await KnowledgeBase.open(index.path, embedder);
  }, 60_000);

  afterAll(async () => {
    await knowledge?.cleanup();
    await index?.cleanup();
  });

  it("should derive a line per direction at ingest: Chinese from the headings, English-to-Chinese from them translated", () => {
    const c = kb.calibration!;
    expect(c).toBeDefined();
    expect(c.method.zh).toMatch(/^10th percentile of \d+ heading questions/);
    expect(c.method["en-zh"]).toMatch(/^the zh line × 0\.\d\d, the median of \d+ translated heading questions/);
    // No English policy: nothing to ask in English about English passages, or in Chinese across.
    expect(c.method.en).toMatch(/^default: 0 heading questions/);
    expect(c.method["zh-en"]).toMatch(/^default: 0 translated heading questions \(and 0 as written\)/);
    expect(c.questions.zh).toBeGreaterThanOrEqual(DEFAULT_CALIBRATION_WEIGHTS.minQuestions);
    for (const d of ["zh", "en-zh"] as const) {
      expect(c.thresholds[d]).toBeGreaterThanOrEqual(DEFAULT_CALIBRATION_WEIGHTS.floor);
      expect(c.thresholds[d]).toBeLessThanOrEqual(DEFAULT_CALIBRATION_WEIGHTS.ceiling);
    }
    // A question asked across languages scores lower, so its line is not the Chinese one.
    expect(c.thresholds["en-zh"]).toBeLessThan(c.thresholds.zh);
  });

  it("should answer most of the corpus's own article headings asked as questions, and refuse most off-topic questions", async () => {
    let answered = 0;
    const headings = SUBJECTS.flatMap(([s]) => ARTICLES.map((a) => `${s}${a}`));
    for (const h of headings) if (answerability((await kb.search(h, { k: 3 }))[0]) >= kb.threshold("zh")) answered++;
    expect(answered / headings.length).toBeGreaterThanOrEqual(0.85);
    expect(kb.calibration!.offTopicRefused.zh).toBeGreaterThanOrEqual(0.5);
    expect(kb.calibration!.offTopicRefused.en).toBeGreaterThanOrEqual(0.5);
  });

  it("should apply the line of the question's language and of the passage found", () => {
    const c = kb.calibration!;
    expect(kb.threshold("zh-Hant", "zh")).toBe(c.thresholds.zh);
    expect(kb.threshold("zh")).toBe(c.thresholds.zh);
    expect(kb.threshold("en", "zh")).toBe(c.thresholds["en-zh"]);
    expect(kb.threshold("zh", "en")).toBe(c.thresholds["zh-en"]);
  });

  it("should keep the calibration when an ingest finds nothing changed, and show it in kb stats", async () => {
    const before = kb.calibration!;
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    const again = await KnowledgeBase.open(index.path, embedder);
    expect(again.calibration).toEqual(before);
    expect((await again.stats()).calibration).toEqual(before);
  });

  it("should name the file when a stored calibration is damaged", async () => {
    const store = new IndexStore(index.path);
    const dir = (await store.currentDir())!;
    const file = path.join(dir, "calibration.json");
    const good = await readFile(file, "utf8");
    await writeFile(file, JSON.stringify({ thresholds: { zh: "high" } }));
    try {
      await expect(KnowledgeBase.open(index.path, embedder)).rejects.toThrow(file);
    } finally {
      await writeFile(file, good);
    }
  });
});

describe("calibration: a corpus too small to calibrate", () => {
  it("should keep the default line and say why", async () => {
    const knowledge = await tempDir("cal-small");
    const index = await tempDir("cal-small-idx");
    try {
      await writeCorpus(knowledge.path, [cityPolicy(0)]);
      await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder: new LocalHashEmbeddings() });
      const kb = await KnowledgeBase.open(index.path, new LocalHashEmbeddings());
      expect(kb.calibration!.thresholds.zh).toBe(DEFAULT_ANSWER_THRESHOLD);
      expect(kb.calibration!.method.zh).toMatch(/^default: 6 heading questions, fewer than 12/);
    } finally {
      await knowledge.cleanup();
      await index.cleanup();
    }
  }, 60_000);
});

describe("calibration: ANSWER_THRESHOLD", () => {
  it("should be an override: unset, no fixed threshold is configured", () => {
    expect(loadConfig({}).answerThreshold).toBeUndefined();
    expect(loadConfig({ ANSWER_THRESHOLD: "0.2" }).answerThreshold).toBe(0.2);
    expect(() => loadConfig({ ANSWER_THRESHOLD: "2" })).toThrow(/ANSWER_THRESHOLD/);
  });
});
