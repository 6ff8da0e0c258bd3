import { describe, expect, it } from "vitest";
import { analyse, choosePassages, DEFAULT_ANSWER_WEIGHTS, extractiveAnswer, fitBudget, rankPassages, renderAnswer, scoreUnits, type AnswerWeights } from "../../src/core/answer/extractive.ts";
import { t } from "../../src/core/i18n.ts";
import { TEXTS } from "../../src/core/texts.ts";
import type { DocMeta, Hit } from "../../src/knowledge/document.ts";
import { Tokenizer } from "../../src/knowledge/tokenize.ts";
import type { Lang } from "../../src/text/normalize.ts";

// Synthetic policies: each stage of the offline answerer on its own.
function doc(id: string, lang: Lang, extra: Partial<DocMeta> = {}): DocMeta {
  return { id, title: `Title of ${id}`, topic: "housing", lang, path: `${id}.md`, ...extra };
}
function hit(d: DocMeta, ordinal: number, section: string, text: string, fused: number): Hit {
  return {
    chunk: { id: `${d.id}#${ordinal}`, text, metadata: { docId: d.id, policyId: d.translationOf ?? d.id, title: d.title, section: `${d.title} › ${section}`, lang: d.lang, topic: d.topic, ordinal } },
    doc: d,
    scores: { bm25: 1, lexical: fused, vector: fused, coverage: fused, unknown: 0, fused },
  };
}
const tokenizer = Tokenizer.default();
const options = (question: string, hits: Hit[], extra: { tier?: "A" | "D"; lang?: Lang; budget?: number } = {}) => ({ question, hits, lang: extra.lang ?? ("en" as Lang), tokenizer, idf: () => 1, ...(extra.tier ? { tier: extra.tier } : {}), ...(extra.budget ? { budget: extra.budget } : {}) });

const RENT = doc("rent", "en");
const purpose = hit(RENT, 1, "Article 1 Purpose", "These Measures support talents who rent a home with a monthly rent subsidy.", 1.3);
const amounts = hit(RENT, 3, "Article 3 Amounts", "The rent subsidy is paid monthly. A Tier D talent receives CNY 2,500 per month for up to 36 months.", 0.8);
const documents = hit(RENT, 6, "Article 6 Documents", "Applicants submit the following documents:\n1. the lease;\n2. the labour contract.", 0.7);

describe("answer stage: ranking a policy's passages", () => {
  it("should put the passage holding the kind of fact asked for first, though retrieval ranked another higher", () => {
    const ranked = rankPassages(analyse(options("how much is the rent subsidy per month?", [purpose, amounts, documents])), "rent");
    expect(ranked[0]!.hit).toBe(amounts);
    const docs = rankPassages(analyse(options("what documents do I need for the rent subsidy?", [purpose, amounts, documents])), "rent");
    expect(docs[0]!.hit).toBe(documents);
  });
});

describe("answer stage: choosing policies", () => {
  const forAB = doc("ab-housing", "en", { title: "Housing for Tier A and B Talents" });
  const ab = hit(forAB, 1, "Article 2 Amounts", "Tier A and B talents receive a rent subsidy of CNY 10,000 per month.", 1.4);

  it("should pass over a policy whose title limits it to other tiers than the talent's", () => {
    expect(choosePassages(analyse(options("rent subsidy per month?", [ab, amounts], { tier: "D" })))!.first).toBe(amounts);
    expect(choosePassages(analyse(options("rent subsidy per month?", [ab, amounts], { tier: "A" })))!.first).toBe(ab);
  });

  it("should quote a second policy only when retrieval ranks it close to the first (rivalPolicy)", () => {
    const other = hit(doc("purchase", "en"), 1, "Article 4 Amounts", "The purchase subsidy is CNY 100,000.", 0.5);
    const policies = (w: Partial<AnswerWeights>) =>
      new Set(choosePassages(analyse(options("rent subsidy amount?", [amounts, other]), { ...DEFAULT_ANSWER_WEIGHTS, ...w }))!.passages.map((p) => p.hit.doc.id));
    expect(policies({})).toEqual(new Set(["rent"])); // 0.5 < 0.8 × 0.8
    expect(policies({ rivalPolicy: 0.5 })).toEqual(new Set(["rent", "purchase"]));
  });

  it("should have nothing to choose without hits", () => {
    expect(choosePassages(analyse(options("anything?", [])))).toBeUndefined();
  });
});

describe("answer stage: scoring sentences", () => {
  it("should score a sentence that only frames the policy and a bare FAQ question at nothing", () => {
    const faq = hit(doc("faq", "zh"), 2, "常见问题", "问1：租房补贴多久发一次？\n答：每季度发放一次。\n本办法自2025年1月1日起施行。", 1);
    const a = analyse(options("租房补贴多久发一次", [faq], { lang: "zh" }));
    const units = scoreUnits(a, choosePassages(a)!.passages);
    const score = (start: string) => units.find((u) => u.text.startsWith(start))!.score;
    expect(score("问1")).toBe(0);
    expect(score("本办法")).toBe(0);
    expect(score("答：")).toBeGreaterThan(0);
  });

  it("should read a numbered question line with an answer line after it as a FAQ question, quoted only with its own answer", () => {
    const text = "三、什么时候申请？\n答：每年4月1日至5月31日在平台申请。\n四、孩子由爷爷奶奶带，能不能把学位安排在爷爷奶奶家附近？\n答：学位按照人才本人的工作地或者居住地安排。";
    const faq = hit(doc("faq", "zh"), 2, "政策问答", text, 1);
    const a = analyse(options("孩子跟爷爷奶奶住，学位能安排在爷爷奶奶家附近吗", [faq], { lang: "zh" }));
    const chosen = choosePassages(a)!;
    const units = scoreUnits(a, chosen.passages);
    expect(units.find((u) => u.text.startsWith("四、"))!.score).toBe(0);
    const quoted = fitBudget(a, units, chosen.passages.length, chosen.first).map((u) => u.text);
    expect(quoted).toContain("答：学位按照人才本人的工作地或者居住地安排。");
    // The question comes with its answer, never after another question's answer alone.
    expect(quoted).toContain("四、孩子由爷爷奶奶带，能不能把学位安排在爷爷奶奶家附近？");
  });

  it("should prefer the talent's own tier over a sentence about other tiers", () => {
    const tiers = hit(RENT, 4, "Article 4 Tiers", "Tier A talents receive CNY 10,000 per month. Tier D talents receive CNY 2,500 per month.", 1);
    const a = analyse(options("how much per month?", [tiers], { tier: "D" }));
    const units = scoreUnits(a, choosePassages(a)!.passages);
    expect(units.find((u) => u.text.startsWith("Tier D"))!.score).toBeGreaterThan(units.find((u) => u.text.startsWith("Tier A"))!.score);
  });
});

describe("answer stage: fitting the budget", () => {
  it("should stay within the budget and bring a list item's introduction with it", () => {
    const a = analyse(options("which documents: the labour contract?", [documents], { budget: 120 }));
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first);
    const texts = quoted.map((u) => u.text);
    expect(texts).toContain("2. the labour contract.");
    expect(texts).toContain("Applicants submit the following documents:");
    expect(texts.join("").length).toBeLessThanOrEqual(120);
  });

  it("should quote a sentence two overlapping passages both contain once", () => {
    const a1 = hit(RENT, 3, "Article 3 Amounts", "The rent subsidy is paid monthly.\nA Tier D talent receives CNY 2,500 per month.", 1);
    const a2 = hit(RENT, 4, "Article 3 Amounts", "A Tier D talent receives CNY 2,500 per month.\nThe subsidy is paid for up to 36 months.", 0.95);
    const a = analyse(options("how much rent subsidy per month and for how many months?", [a1, a2]));
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first).map((u) => u.text);
    expect(quoted.filter((t) => t.startsWith("A Tier D talent receives"))).toHaveLength(1);
  });

  it("should quote the whole of a short list one of whose items answers best: the talent reads which case is theirs", () => {
    const family = hit(
      doc("green-channel", "en"),
      5,
      "Article 5 Family Members",
      "Family members are served as follows:\n1. the parents of A card holders may use the green channel for priority appointments;\n2. B card holders: spouse and minor children only.",
      1,
    );
    const a = analyse(options("can my parents use the green channel?", [family]));
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first).map((u) => u.text);
    expect(quoted).toContain("Family members are served as follows:");
    expect(quoted).toContain("1. the parents of A card holders may use the green channel for priority appointments;");
    // Matching nothing of the question, the other case is quoted as part of its list.
    expect(quoted).toContain("2. B card holders: spouse and minor children only.");
  });
});

describe("answer stage: a list's introduction", () => {
  it("should bring a short list's items with its introduction, however little the items match", () => {
    const article = hit(
      doc("hukou", "en"),
      4,
      "Article 4 Eligible Persons",
      "Certified talents may move their hukou to the city together with their family, whoever may move it with them.\nThe following persons may move their hukou together with the talent:\n1. the spouse;\n2. minor children;\n3. the parents of Tier A, B and C talents.",
      1,
    );
    const lines = extractiveAnswer(options("who may move their hukou together with me?", [article])).text.split("\n");
    const intro = lines.indexOf("The following persons may move their hukou together with the talent:");
    expect(intro).toBeGreaterThanOrEqual(0);
    expect(lines.slice(intro + 1, intro + 4)).toEqual(["1. the spouse;", "2. minor children;", "3. the parents of Tier A, B and C talents."]);
  });
});

describe("answer stage: a list under a heading", () => {
  const checklist = hit(
    doc("school", "en", { title: "School Places for Talents' Children" }),
    5,
    "V. Required Documents",
    "1. the talent card;\n2. the household register or residence permit;\n3. the child's birth certificate;\n4. the property certificate or registered lease;\n5. transfer pupils also bring the record card of their former school.",
    1,
  );
  const answer = extractiveAnswer(options("what do transfer pupils bring from their former school?", [checklist]));
  const lines = answer.text.split("\n");

  it("should quote the items of a list no sentence introduces together and in their order", () => {
    const items = lines.filter((l) => /^\d\. /.test(l)).map((l) => l[0]);
    expect(items).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("should put the list's heading before its items: it says what they are", () => {
    expect(lines[0]).toBe("V. Required Documents");
  });
});

describe("answer stage: support", () => {
  it("should count the policy's title as covering the question: a notice's articles do not repeat what it is about", () => {
    const notice = doc("insurance", "en", { title: "Notice on Supplementary Medical Insurance for Talents" });
    const premiums = hit(notice, 5, "5. Premiums", "Family members may join at CNY 1,280 per person per year, paid by the talent.", 1);
    const answer = extractiveAnswer(options("how much is the supplementary medical insurance for family members?", [premiums]));
    expect(answer.support).toBeGreaterThan(0.6);
  });
});

describe("answer stage: rendering", () => {
  it("should number two sources and say which one is only in the other language, next to it", () => {
    const zh = hit(doc("school-zh", "zh", { title: "人才子女入学办法" }), 2, "第三条 报名时间", "每年5月1日至5月31日报名。", 0.95);
    const a = analyse(options("when do I register my child for school, and how much is the rent subsidy?", [amounts, zh]));
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first);
    const answer = renderAnswer(a, quoted, chosen.best.hit, chosen.first);
    const lines = answer.text.split("\n");
    expect(lines[0]).toMatch(/^\[1\] /);
    const note = lines.indexOf(t(TEXTS.onlyChinese, "en"));
    expect(note).toBeGreaterThan(0);
    expect(lines[note + 1]).toMatch(/^\[2\] 每年5月1日/);
    expect(answer.citations.map((c) => c.docId)).toEqual(["rent", "school-zh"]);
  });

  it("should say a passage is only in the other language right before each run of such passages, the first one included", () => {
    const zhRent = hit(doc("rent-zh", "zh", { title: "人才租房补贴办法" }), 3, "第三条 补贴标准", "D类人才租房补贴每月2500元。", 1.2);
    const zhSchool = hit(doc("school-zh", "zh", { title: "人才子女入学办法" }), 2, "第三条 报名时间", "每年5月1日至5月31日报名。", 1.1);
    const a = analyse(options("rent subsidy per month for Tier D, and when to register for school, and the amounts?", [zhRent, amounts, zhSchool]));
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first);
    const answer = renderAnswer(a, quoted, chosen.best.hit, chosen.first);
    const lines = answer.text.split("\n");
    const note = t(TEXTS.onlyChinese, "en");
    expect(answer.crossLanguage).toBe(true);
    expect(lines[0]).toBe(note);
    // Every Chinese line has a note above it with no English source in between.
    lines.forEach((line, i) => {
      if (!/[\u4e00-\u9fff]/.test(line) || line === note) return;
      const above = lines.slice(0, i).reverse();
      const n = above.findIndex((l) => l === note);
      const english = above.findIndex((l) => /^\[\d+\] [A-Z]/.test(l));
      expect(n).toBeGreaterThanOrEqual(0);
      if (english >= 0) expect(n).toBeLessThan(english);
    });
  });

  it("should open with the block that answers best, its question with it, the rest of the passage after it", () => {
    const text = "问1：我住在人才公寓，还能领取租房补贴吗？\n答：人才公寓与租房补贴不能同时享受。\n问2：D类人才租房补贴每月多少？\n答：D类人才每月2,500元，最长36个月。";
    const faq = hit(doc("faq", "zh", { title: "租房补贴常见问题" }), 2, "常见问题", text, 1);
    const a = analyse(options("D类人才租房补贴每月多少？", [faq], { lang: "zh", tier: "D" }));
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first);
    const lines = renderAnswer(a, quoted, chosen.best.hit, chosen.first).text.split("\n");
    expect(lines[0]).toBe("问2：D类人才租房补贴每月多少？");
    expect(lines[1]).toContain("每月2,500元");
    // Quotes stay verbatim and whole: the other question comes after, with its own answer.
    if (lines.includes("问1：我住在人才公寓，还能领取租房补贴吗？")) expect(lines[lines.indexOf("问1：我住在人才公寓，还能领取租房补贴吗？") + 1]).toMatch(/^答：人才公寓/);
  });

  it("should give the same answer through the stages as extractiveAnswer does", () => {
    const o = options("how much is the rent subsidy per month?", [purpose, amounts, documents]);
    const a = analyse(o);
    const chosen = choosePassages(a)!;
    const staged = renderAnswer(a, fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first), chosen.best.hit, chosen.first);
    expect(extractiveAnswer(o)).toEqual(staged);
    expect(staged.text).toContain("CNY 2,500 per month");
  });
});
