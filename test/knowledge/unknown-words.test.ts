import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { specificity } from "../../src/knowledge/general-idf.ts";
import { indexCorpus, policy } from "../fixtures/policies.ts";

// A question's words that no policy contains lower its answerability: by what they say, not by being unseen alone.
const CORPUS = [
  policy({
    id: "rent",
    title: "人才租房补贴办法",
    effective: "2025-01-01",
    body: "# 人才租房补贴办法\n\n## 第一条 补贴标准\n\n博士研究生每月发放租房补贴2000元，一次申请，按季度发放，最长发放36个月。配偶同为人才的，只能一方申请。\n\n## 第二条 施行\n\n本办法自2025年1月1日起施行，由市人才办负责解释。",
  }),
];

let corpus: Awaited<ReturnType<typeof indexCorpus>>;
let kb: KnowledgeBase;

beforeAll(async () => {
  corpus = await indexCorpus("unknown", CORPUS);
  kb = corpus.kb;
});

afterAll(async () => {
  await corpus?.cleanup();
});

describe("words no policy contains", () => {
  it("should weigh an unseen word made of the policies' own characters (a way of putting it) below one made of characters they never use (another subject)", async () => {
    // 一起 ("together") never occurs, but 一 and 起 do; 养猫 ("keeping a cat") is made of characters no policy has.
    const [phrasing] = await kb.search("博士租房补贴可以一起申请吗", { date: "2026-01-01" });
    const subject = (await kb.search("博士租房补贴可以养猫申请吗", { date: "2026-01-01" }))[0];
    expect(phrasing!.scores.unknown).toBeGreaterThan(0);
    expect(phrasing!.scores.unknown).toBeLessThan(subject!.scores.unknown);
  });

  it("should weigh an unseen word common in general Chinese below a specific one, though the policies use the characters of neither", async () => {
    // Neither 怕 ("afraid") nor 猫 ("cat") occurs in the policy; 怕 is how anyone puts a worry, 猫 a matter of its own.
    const [phrasing] = await kb.search("博士租房补贴怕申请不了吗", { date: "2026-01-01" });
    const subject = (await kb.search("博士租房补贴猫申请不了吗", { date: "2026-01-01" }))[0];
    expect(phrasing!.scores.unknown).toBeGreaterThan(0);
    expect(phrasing!.scores.unknown).toBeLessThan(0.5 * subject!.scores.unknown);
  });

  it("should read a word's general specificity from the shipped table: common words keep a fifth of their weight, specific ones all of it", () => {
    expect(specificity("最低")).toBeLessThan(0.5);
    expect(specificity("带")).toBe(0.2);
    expect(specificity("宠物")).toBe(1);
    expect(specificity("停车位")).toBe(1);
  });

  it("should count an English word whose concept a Chinese-only corpus has as present, not unknown", async () => {
    // "wife" is ~spouse, which 配偶 carries; "cat" is nothing the policy has.
    const [known] = await kb.search("can my wife also apply for the rent subsidy", { date: "2026-01-01" });
    const [unknown] = await kb.search("can my cat also apply for the rent subsidy", { date: "2026-01-01" });
    expect(known!.scores.unknown).toBe(0);
    expect(unknown!.scores.unknown).toBeGreaterThan(0);
  });
});
