import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { indexCorpus, policy } from "../fixtures/policies.ts";

// Chinese-only policies and an English question: each English word is read through all of its dictionary
// translations that the corpus uses ("dormitory" → 宿舍, 寝室, 公房), not only the most frequent one.
const zh = (id: string, title: string, body: string) => policy({ id, title, effective: "2025-01-01", body: `# ${title}\n\n## 第一条\n\n${body}` });
const CORPUS = [
  zh("dorm-a", "人才宿舍管理办法", "人才宿舍由用人单位统一管理。人才宿舍按间分配。"),
  zh("dorm-b", "人才宿舍配租细则", "人才宿舍的租期为一年。入住人才宿舍须签订协议。"),
  zh("room", "青年人才寝室申请办法", "青年人才可以申请寝室，申请材料为身份证和劳动合同。"),
  zh("control", "青年人才培训申请办法", "青年人才可以申请培训，申请材料为身份证和劳动合同。"),
];

let corpus: Awaited<ReturnType<typeof indexCorpus>>;
let kb: KnowledgeBase;

beforeAll(async () => {
  corpus = await indexCorpus("readings", CORPUS);
  kb = corpus.kb;
});

afterAll(async () => {
  await corpus?.cleanup();
});

describe("an English word's Chinese readings", () => {
  it("should credit a passage that uses a less frequent translation of the word, below one using the most frequent", async () => {
    const hits = await kb.search("How can young talents apply for a dormitory?", { k: 8, date: "2026-01-01" });
    const lexical = (id: string) => Math.max(0, ...hits.filter((h) => h.doc.id === id).map((h) => h.scores.lexical));
    // 寝室 reads "dormitory" too: the room policy clearly outranks the training one, which shares every other word
    // (read through 宿舍 alone, the corpus's most frequent translation, they score within 2 % of each other).
    expect(lexical("room")).toBeGreaterThan(1.1 * lexical("control"));
    expect(hits[0]!.doc.id).not.toBe("control");
  });
});
