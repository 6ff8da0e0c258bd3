import { describe, expect, it } from "vitest";
import type { DocMeta, PolicyDoc } from "../../src/knowledge/document.ts";
import { indexTextOf, SECTION_SEP, splitDocument, tokenLength } from "../../src/knowledge/ingest/split.ts";

function doc(meta: Partial<DocMeta> & { id: string }, body: string): PolicyDoc {
  return {
    meta: { title: `Doc ${meta.id}`, topic: "housing", lang: "zh", path: `housing/${meta.id}.md`, ...meta },
    body,
    hash: "test",
  };
}

/** Thirty numbered Chinese sentences ending in 。！？；, no paragraph breaks. */
const zhSentences = Array.from({ length: 30 }, (_, i) => {
  const end = ["。", "！", "？", "；"][i % 4]!;
  return `第${i + 1}项人才可以按照本办法申请租房补贴并提交证明材料${end}`;
});

const enSentences = Array.from(
  { length: 40 },
  (_, i) => `Sentence ${i + 1} explains that certified talents may apply for the rent subsidy within ninety days of arrival.`,
);

describe("splitDocument: Chinese text", () => {
  it("should cut a long Chinese section between sentences, never before punctuation", async () => {
    const d = doc({ id: "zh-long", title: "租房补贴办法" }, `# 租房补贴办法\n\n## 一、总则\n\n${zhSentences.join("")}`);
    const chunks = await splitDocument(d, { chunkSize: 120, chunkOverlap: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.text).not.toMatch(/^[。，！？；]/);
      expect(c.text).toMatch(/[。！？；]$/);
      expect(tokenLength(c.text)).toBeLessThanOrEqual(120);
    }
    // Nothing is lost: every sentence is in some chunk, whole.
    for (const s of zhSentences) expect(chunks.some((c) => c.text.includes(s))).toBe(true);
  });

  it("should carry the heading path title › section › subsection on every chunk", async () => {
    const body = [
      "# 租房补贴办法",
      "",
      "## 一、总则",
      "",
      "### 适用对象",
      "",
      zhSentences.join(""),
      "",
      "### 申请条件",
      "",
      "申请人应当在本市缴纳社会保险。",
      "",
      "## 二、补贴标准",
      "",
      "A类人才每月10000元。",
    ].join("\n");
    const chunks = await splitDocument(doc({ id: "zh-paths", title: "租房补贴办法" }, body), { chunkSize: 120, chunkOverlap: 10 });
    const sectionOf = (needle: string) => chunks.find((c) => c.text.includes(needle))?.metadata.section;

    expect(SECTION_SEP).toBe(" › ");
    expect(sectionOf("第1项")).toBe("租房补贴办法 › 一、总则 › 适用对象");
    expect(sectionOf("第30项")).toBe("租房补贴办法 › 一、总则 › 适用对象");
    expect(sectionOf("缴纳社会保险")).toBe("租房补贴办法 › 一、总则 › 申请条件");
    // A new level-2 heading drops the previous subsection.
    expect(sectionOf("每月10000元")).toBe("租房补贴办法 › 二、补贴标准");
    for (const c of chunks) expect(c.metadata.section.startsWith("租房补贴办法")).toBe(true);
  });

  it("should not repeat the title when the document's own heading adds its edition, in either script", async () => {
    const body = "# 梧桐市人才就醫定點醫院名錄（2026年版）\n\n## 五、東湖區人民醫院\n\n特色服務：家庭醫生簽約。";
    const [chunk] = await splitDocument(doc({ id: "zh-edition", title: "梧桐市人才就医定点医院名录" }, body));
    expect(chunk!.metadata.section).toBe("梧桐市人才就医定点医院名录 › 五、東湖區人民醫院");
    // A heading that only begins with the title's words is a section of its own.
    const [other] = await splitDocument(doc({ id: "zh-longer", title: "租房补贴" }, "# 租房补贴申请指南\n\n每月发放。"));
    expect(other!.metadata.section).toBe("租房补贴 › 租房补贴申请指南");
  });

  it("should put the heading path in front of the text that is indexed", async () => {
    const [chunk] = await splitDocument(doc({ id: "zh-index", title: "办法" }, "# 办法\n\n## 标准\n\n每月发放。"));
    expect(chunk).toBeDefined();
    expect(indexTextOf(chunk!)).toBe("办法 › 标准\n每月发放。");
  });
});

describe("splitDocument: English text", () => {
  it("should split a long English section into chunks no larger than the chunk size, without cutting words", async () => {
    const text = enSentences.join(" ");
    const d = doc({ id: "en-long", title: "Rent Subsidy Measures", lang: "en" }, `# Rent Subsidy Measures\n\n## Article 1\n\n${text}`);
    const chunks = await splitDocument(d, { chunkSize: 100, chunkOverlap: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    const words = (s: string) => s.split(/\s+/).map((w) => w.replace(/^[.,;]+|[.,;]+$/g, "")).filter(Boolean);
    const sourceWords = new Set(words(text));
    for (const c of chunks) {
      expect(tokenLength(c.text)).toBeLessThanOrEqual(100);
      for (const w of words(c.text)) expect(sourceWords.has(w)).toBe(true);
      expect(c.metadata.section).toBe("Rent Subsidy Measures › Article 1");
    }
    for (const s of enSentences) expect(chunks.some((c) => c.text.includes(s.slice(0, -1)))).toBe(true);
  });

  it("should start every chunk of a long English paragraph at a sentence, not with the previous sentence's full stop", async () => {
    const d = doc({ id: "en-stops", title: "Rent Subsidy Measures", lang: "en" }, `# Rent Subsidy Measures\n\n## Article 1\n\n${enSentences.join(" ")}`);
    const chunks = await splitDocument(d, { chunkSize: 100, chunkOverlap: 10 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.text).toMatch(/^Sentence \d+ /);
      expect(c.text).toMatch(/arrival\.$/);
    }
  });

  it("should keep a short document in one chunk per section", async () => {
    const body = "# Guide\n\n## Scope\n\nAll talents.\n\n## Contact\n\nCall 12345.";
    const chunks = await splitDocument(doc({ id: "en-short", title: "Guide", lang: "en" }, body));
    expect(chunks.map((c) => [c.metadata.section, c.text])).toEqual([
      ["Guide › Scope", "All talents."],
      ["Guide › Contact", "Call 12345."],
    ]);
  });
});

describe("splitDocument: tables", () => {
  it("should repeat the header row in every chunk of a table split across chunks", async () => {
    const header = "| 人才类别 | 市级补贴（元/月） | 区级配套（元/月） |";
    const separator = "|---|---|---|";
    const rows = Array.from({ length: 40 }, (_, i) => `| 第${i + 1}档 | ${2000 + i * 10} | ${1000 + i} |`);
    const body = `# 配套标准\n\n## 补贴标准\n\n${header}\n${separator}\n${rows.join("\n")}`;
    const chunks = await splitDocument(doc({ id: "table", title: "配套标准" }, body), { chunkSize: 120, chunkOverlap: 0 });

    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.text.startsWith(`${header}\n${separator}\n`)).toBe(true);
    for (const r of rows) expect(chunks.some((c) => c.text.split("\n").includes(r))).toBe(true);
  });
});

describe("splitDocument: chunk identity", () => {
  it("should number chunks `${docId}#n` from 0 and carry the document's metadata", async () => {
    const d = doc(
      { id: "wt-rent-en", title: "Rent Subsidy", lang: "en", topic: "housing", translationOf: "wt-rent" },
      `# Rent Subsidy\n\n## Scope\n\n${enSentences.slice(0, 20).join(" ")}\n\n## Amounts\n\n${enSentences.slice(20).join(" ")}`,
    );
    const chunks = await splitDocument(d, { chunkSize: 100 });
    expect(chunks.length).toBeGreaterThan(2);
    chunks.forEach((c, n) => {
      expect(c.id).toBe(`wt-rent-en#${n}`);
      expect(c.metadata).toMatchObject({ docId: "wt-rent-en", policyId: "wt-rent", title: "Rent Subsidy", lang: "en", topic: "housing", ordinal: n });
    });
  });

  it("should use the document id as the policy id when the document is not a translation", async () => {
    const [chunk] = await splitDocument(doc({ id: "wt-rent" }, "# Doc wt-rent\n\n正文。"));
    expect(chunk?.metadata.policyId).toBe("wt-rent");
  });
});
