import { describe, expect, it } from "vitest";
import { answerCost, askedFor, extractiveAnswer, questionFacets, tierMentioned } from "../../src/core/answer/extractive.ts";
import { t } from "../../src/core/i18n.ts";
import { TEXTS } from "../../src/core/texts.ts";
import { Bridge } from "../../src/knowledge/bridge.ts";
import type { DocMeta, Hit, Tier } from "../../src/knowledge/document.ts";
import { Tokenizer } from "../../src/knowledge/tokenize.ts";
import type { Lang } from "../../src/text/normalize.ts";

// Synthetic policies: the behaviour under test is the answerer's, not one corpus's.
function doc(id: string, lang: Lang, extra: Partial<DocMeta> = {}): DocMeta {
  return { id, title: `Title of ${id}`, topic: "housing", lang, path: `${id}.md`, ...extra };
}

function hit(d: DocMeta, ordinal: number, section: string, text: string, fused: number): Hit {
  return {
    chunk: {
      id: `${d.id}#${ordinal}`,
      text,
      metadata: { docId: d.id, policyId: d.translationOf ?? d.id, title: d.title, section: `${d.title} › ${section}`, lang: d.lang, topic: d.topic, ordinal },
    },
    doc: d,
    scores: { bm25: 1, lexical: fused, vector: fused, coverage: fused, unknown: 0, fused },
  };
}

const tokenizer = Tokenizer.default();
const idf = () => 1;
/** IDF as a real index gives it: a token none of `passages` contains weighs the most. */
const corpusIdf = (passages: Hit[]) => {
  const vocabulary = new Set(passages.flatMap((p) => tokenizer.tokenize(p.chunk.text)));
  return (t: string) => (vocabulary.has(t) ? 1 : 2);
};
const answer = (question: string, hits: Hit[], lang: Lang, passages?: Hit[], budget?: number) =>
  extractiveAnswer({ question, hits, lang, tokenizer, idf, ...(passages ? { passages } : {}), ...(budget ? { budget } : {}) });

const RENT = doc("rent-measures", "en");
const rentPurpose = hit(RENT, 1, "Article 1 Purpose", "These Measures support talents who rent a home in the city with a monthly rent subsidy.", 1.3);
const rentScope = hit(RENT, 2, "Article 2 Scope", "The rent subsidy applies to certified talents who rent accommodation in the city.", 1.25);
const rentChanges = hit(
  RENT,
  9,
  "Article 9 Changes",
  "Recipients of the rent subsidy shall report the end of their employment through the online portal within 30 days. Amounts paid after the change are recovered.",
  0.9,
);
const rentAmounts = hit(RENT, 3, "Article 3 Amounts", "The rent subsidy is paid monthly. A Tier D talent receives CNY 2,500 per month for up to 36 months.", 0.8);

describe("answer facets", () => {
  it.each([
    ["How much rent subsidy does a Tier D talent get?", "amount"],
    ["租房补贴每月多少？", "amount"],
    ["how long do I have to report a new job?", "duration"],
    ["审核要几个工作日", "duration"],
    ["租房補貼幾號入帳", "date"],
    ["when is the deadline to apply?", "date"],
    ["what's the hotline for claims?", "contact"],
    ["理赔热线是多少", "contact"],
    ["where is the service window?", "place"],
    ["落户需要带什么材料", "documents"],
    ["人才公寓租金怎么算", "amount"],
    ["what's the yearly max the supplementary insurance pays?", "amount"],
    ["is there an upper limit on the purchase subsidy?", "amount"],
    ["补充保险一年最高能报销到哪个数", "amount"],
    ["how many times can my child switch schools?", "frequency"],
    ["转学最多能转几次", "frequency"],
    ["志愿最多能填几所学校？", "count"],
    ["how many schools can I put down?", "count"],
    ["人才公寓到期了赖着不搬会怎样", "consequence"],
    ["what happens if I miss my appointments a few times?", "consequence"],
    ["領了購房補貼提前離開，要退多少錢", "consequence"],
    ["is the application open all May? my wife says it closes earlier", "date"],
    ["what's the cutoff for the kindergarten age?", "date"],
  ])("should read what '%s' asks for (%s)", (q, facet) => {
    expect(questionFacets(q)).toContain(facet);
  });

  it("should read 'how many days' as a duration and 'how many times' as a frequency, not a count of things", () => {
    expect(questionFacets("how many working days does the review take?")).not.toContain("count");
    expect(questionFacets("几个月能批下来")).not.toContain("count");
    expect(questionFacets("how many times a year?")).not.toContain("count");
  });

  it("should quote the sentence that says how many for a 'how many' question", () => {
    const d = doc("school-choice", "en");
    const rules = hit(d, 4, "Article 4 Applications", "The list of schools of each stage is published on the Talent Code before applications open.\nThe applicant may list up to three schools, in order.", 1);
    const a = answer("How many schools can I list?", [rules], "en", [rules], 60);
    expect(a.text).toContain("up to three");
    expect(a.text).not.toContain("published");
  });

  it("should not take a place close to home for a date", () => {
    expect(questionFacets("is there a talent station close to Donghu?")).not.toContain("date");
  });

  it("should not take '热线是多少' (what is the hotline) for a question about an amount", () => {
    expect(questionFacets("理赔热线是多少")).not.toContain("amount");
  });
});

describe("extractive answers", () => {
  it("should quote the passage with the duration asked for, even when retrieval ranked it below the policy's general articles", () => {
    const hits = [rentPurpose, rentScope];
    const a = answer("how long do I have to report it if I quit my job while on rent subsidy?", hits, "en", [rentPurpose, rentScope, rentChanges, rentAmounts]);
    expect(a.text).toContain("within 30 days");
    expect(a.citations[0]?.id).toBe(rentChanges.chunk.id);
  });

  it("should quote the sentence with the amount for a 'how much' question", () => {
    const a = answer("How much rent subsidy per month?", [rentPurpose, rentScope], "en", [rentPurpose, rentScope, rentChanges, rentAmounts]);
    expect(a.text).toContain("CNY 2,500 per month");
  });

  it("should cite both policies, each quoted group with its source number, when the top two policies are close", () => {
    const guide = doc("housing-guide", "en");
    const guideHit = hit(guide, 4, "Processing times", "The rent subsidy review takes 15 working days after a complete application.", 1.25);
    const a = answer("how long does the rent subsidy review take?", [rentPurpose, guideHit, rentScope], "en", [rentPurpose, rentScope, rentChanges, rentAmounts, guideHit]);
    expect(new Set(a.citations.map((c) => c.docId))).toEqual(new Set(["rent-measures", "housing-guide"]));
    const lines = a.text.split("\n");
    expect(lines[0]).toMatch(/^\[1\] /);
    const n = a.citations.findIndex((c) => c.docId === "housing-guide") + 1;
    const group = lines.findIndex((l) => l.startsWith(`[${n}] `));
    expect(group).toBeGreaterThan(0);
    expect(lines.slice(group).join("\n")).toContain("15 working days");
  });

  it("should quote only the first policy when the second one ranks well below it", () => {
    const guide = doc("housing-guide", "en");
    const guideHit = hit(guide, 4, "Processing times", "The rent subsidy review takes 15 working days after a complete application.", 0.6);
    const a = answer("how much is the rent subsidy?", [rentPurpose, rentScope, guideHit], "en", [rentPurpose, rentScope, rentAmounts, guideHit]);
    expect(a.citations.every((c) => c.docId === "rent-measures")).toBe(true);
    expect(a.text).not.toContain("15 working days");
    expect(a.text.split("\n")[0]).toContain("paid monthly");
  });

  it("should label a second policy quoted in the other language, right before its passage", () => {
    const faq = doc("housing-faq-zh", "zh");
    const faqHit = hit(faq, 2, "常见问题", "问：租房补贴多久审完？答：材料齐全的，15个工作日内完成审核。", 1.2);
    const a = answer("how long is the rent subsidy review?", [rentPurpose, faqHit], "en", [rentPurpose, rentScope, rentChanges, rentAmounts, faqHit]);
    expect(a.crossLanguage).toBe(false);
    const lines = a.text.split("\n");
    const note = lines.indexOf(t(TEXTS.onlyChinese, "en"));
    expect(note).toBeGreaterThan(0);
    const n = a.citations.findIndex((c) => c.docId === "housing-faq-zh") + 1;
    expect(lines[note + 1]).toMatch(new RegExp(`^\\[${n}\\] `));
    expect(lines.slice(note + 1).join("\n")).toContain("15个工作日");
    // Only the Chinese passage is labelled: the English policy leads, unlabelled.
    expect(lines.filter((l) => l === t(TEXTS.onlyChinese, "en"))).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[1\] /);
  });

  it("should quote the version in the talent's language when the policy has one, even if retrieval found the other", () => {
    const zh = doc("apartment", "zh");
    const en = doc("apartment-en", "en", { translationOf: "apartment" });
    const enHit = hit(en, 5, "Article 13 Renewal", "A tenant may apply to renew the lease 3 months before it ends, for up to 2 years.", 1.3);
    const zhHit = hit(zh, 5, "第十三条 续租", "租赁期满仍符合条件的，可于期满前3个月申请续租，续租期限不超过2年。", 0.7);
    const a = answer("人才公寓到期了可以续租吗？", [enHit], "zh", [enHit, zhHit]);
    expect(a.citations[0]?.docId).toBe("apartment");
    expect(a.crossLanguage).toBe(false);
    expect(a.text).toContain("3个月");
  });

  it("should keep a clause in brackets and an abbreviation with its number in one sentence", () => {
    const d = doc("spouse", "zh");
    const h = hit(d, 3, "第八条", "人才配偶应当自人才来梧工作之日（以劳动合同日期为准；先认定后来梧的，以到岗日期为准）起1年内提出申请。其他事项另行规定。", 1);
    const a = answer("配偶就业安置申请期限是多久", [h], "zh");
    expect(a.text).toContain("（以劳动合同日期为准；先认定后来梧的，以到岗日期为准）起1年内提出申请");
    const e = doc("lease", "en");
    const eh = hit(e, 1, "Lease", "Sign the lease at the leasing service center, tel. 0760-88005678. Bring your passport.", 1);
    expect(answer("what is the phone number of the leasing center?", [eh], "en").text).toContain("tel. 0760-88005678");
  });

  it("should quote the best sentence of up to three passages of the policy that match the question about as well", () => {
    const d = doc("researchers", "en");
    const says = ["is paid monthly", "needs a registered lease", "ends when they buy a home", "is reviewed by the housing bureau"];
    const hits = says.map((x, i) => hit(d, i + 1, `Article ${i + 1}`, `The rent subsidy for researchers ${x}.`, 1 - 0.1 * i));
    const a = answer("rent subsidy for researchers", hits.slice(0, 2), "en", hits, 2000);
    for (const x of says.slice(0, 3)) expect(a.text).toContain(x);
    expect(a.text).not.toContain(says[3]);
    expect(a.citations).toHaveLength(3);
  });

  it("should measure its support on an article that says something, not on the one that puts the policy in force", () => {
    const inForce = hit(RENT, 20, "Article 20 Entry into Force", "These Measures take effect on 1 March 2025.", 1.4);
    const passages = [inForce, rentAmounts, rentChanges];
    const framedFirst = answer("how much is the rent subsidy for a tier D talent?", [inForce, rentAmounts], "en", passages);
    const plain = answer("how much is the rent subsidy for a tier D talent?", [rentAmounts], "en", passages);
    expect(framedFirst.text).toContain("2,500");
    expect(framedFirst.support).toBeGreaterThan(0.5);
    expect(framedFirst.support).toBeCloseTo(plain.support, 5);
  });

  it("should quote, of two sentences that match the question as well, the one that states a figure", () => {
    const d = doc("commissioner", "en");
    const h = hit(d, 4, "Article 4 Requests", "The commissioner handles each request of the talent with care. The commissioner handles each request of the talent within 3 working days.", 1);
    const a = answer("does the commissioner handle my requests?", [h], "en", undefined, 90);
    expect(a.text).toContain("within 3 working days");
    expect(a.text).not.toContain("with care");
  });

  it("should read a hyphenated figure ('a 1-month limit') as a duration", () => {
    const d = doc("placement", "en");
    const h = hit(d, 8, "Article 8 Placement", "The bureau places the child at another school in good time. The bureau places a child within a 1-month limit.", 1);
    const a = answer("how long until the bureau places the child at another school?", [h], "en", undefined, 70);
    expect(a.text).toContain("1-month limit");
  });

  it("should not take the verb 'may' for the month when a question asks when", () => {
    const d = doc("transfers", "en");
    const h = hit(d, 5, "Article 5 Transfers", "Transfers may be made with the consent of both schools. Transfers are made in September.", 1);
    const a = answer("when are transfers made?", [h], "en", undefined, 50);
    expect(a.text).toContain("in September");
  });

  it("should quote the sentence that says how often for a 'how many times' question", () => {
    const d = doc("transfers", "en");
    const h = hit(
      d,
      7,
      "Chapter IV Transfers",
      "Article 12 A child who moves home within the city may transfer to a school near the new home. The application is made to the education bureau of the new district. Each child may transfer once per school stage.",
      1,
    );
    const a = answer("we moved house, can my son switch schools? how many times is that allowed", [h], "en", undefined, 120);
    expect(a.text).toContain("once per school stage");
  });

  it("should quote a list item together with the sentence that introduces its list", () => {
    const d = doc("tiers", "zh");
    const h = hit(
      d,
      3,
      "第二章 认定标准",
      "第七条 D类（高级人才），具备下列条件之一：\n\n（一）具有博士学位；\n\n（二）具有正高级或副高级专业技术职称；\n\n第八条 E类（青年人才），具备下列条件之一：\n\n（一）具有中级专业技术职称；",
      1,
    );
    // The item comes with what it is a condition of; a look-alike item of the next list does not come without its own.
    const a = answer("我有副高职称，算哪一类？", [h], "zh", undefined, 120);
    expect(a.text).toContain("副高级专业技术职称");
    expect(a.text).toContain("D类（高级人才），具备下列条件之一");
    expect(a.text).not.toContain("中级");
    expect(a.text.indexOf("D类")).toBeLessThan(a.text.indexOf("副高级"));
  });

  it("should name what a list of attributes describes when only its section heading says it", () => {
    const d = doc("hospital-directory", "zh");
    const h = hit(
      d,
      5,
      "五、东湖区人民医院",
      "- **地址**：东湖区湖滨路200号\n- **人才服务台电话**：0760-82702120\n- **特色服务**：为人才父母提供家庭医生签约及慢性病随访",
      1,
    );
    const a = answer("哪家医院可以给我爸妈签家庭医生？", [h], "zh");
    expect(a.text).toContain("家庭医生签约");
    expect(a.text.split("\n")[0]).toBe("东湖区人民医院");
    // An article is not a list of attributes: its heading is not repeated above it.
    const rule = hit(doc("rules", "zh"), 2, "第二条", "人才父母可以签约家庭医生。签约后每年随访两次。费用按医保规定结算。", 1);
    expect(answer("爸妈能签家庭医生吗", [rule], "zh").text).not.toContain("第二条");
  });

  it("should quote the policy a passage leaves the matter to, right after that passage", () => {
    const district = doc("district-schools", "zh", { title: "东湖区人才子女入学实施细则" });
    const checklist = doc("checklist", "zh", { title: "人才子女入学材料清单及办理时限" });
    const schools = hit(district, 2, "二、承接学校", "第四条 本区承接人才子女入学的公办学校为东湖区第一小学、东湖区湖滨小学。", 1.2);
    const defers = hit(district, 6, "六、附则", "第十三条 申请材料按《人才子女入学材料清单及办理时限》执行。", 1.1);
    const list = hit(checklist, 2, "二、材料清单", "申请人应提供：儿童出生医学证明、户口簿或居住证、预防接种证。", 0.3);
    const a = answer("在东湖区上小学要准备什么材料？", [defers, schools], "zh", [defers, schools, list]);
    expect(a.citations.map((c) => c.docId)).toContain("checklist");
    expect(a.text).toContain("儿童出生医学证明");
    // Nothing deferred to, nothing added.
    expect(answer("在东湖区上小学要准备什么材料？", [schools], "zh", [schools, list]).citations.map((c) => c.docId)).not.toContain("checklist");
  });

  it("should quote a FAQ answer under its question, whether the question is its heading or the line above it", () => {
    const faq = doc("hukou-faq", "zh");
    const entry = hit(faq, 7, "问7：多长时间能办好？", "答：材料齐全、受理之后5个工作日内办结。", 1);
    expect(answer("落户多久能办好", [entry], "zh").text.split("\n")[0]).toBe("问7：多长时间能办好？");

    const guide = doc("housing-guide", "zh");
    const section = hit(
      guide,
      6,
      "六、常见问题",
      "**问1：我住在人才公寓，还能领取租房补贴吗？**\n答：不能。人才公寓与租房补贴不能同时享受。\n\n**问5：租赁合同没有备案怎么办？**\n答：可到住房租赁服务站办理备案，一般1个工作日内办结。",
      1,
    );
    const lines = answer("租赁合同没备案怎么办", [section], "zh", [], 90).text.split("\n");
    expect(lines).toEqual(["问5：租赁合同没有备案怎么办？", "答：可到住房租赁服务站办理备案，一般1个工作日内办结。"]);
  });

  it("should never quote a FAQ question without its answer, even when the question matches best", () => {
    const guide = doc("rent-faq", "zh");
    const section = hit(
      guide,
      6,
      "六、常见问题",
      "问2：租房补贴每月什么时候发放？\n问3：E类人才的租房补贴是多少？\n答：硕士研究生每月1,000元，本科每月800元。\n问4：租房补贴可以和人才公寓同时享受吗？\n答：不能同时享受。",
      1,
    );
    const lines = answer("租房补贴每月什么时候发放", [section], "zh").text.split("\n");
    // 问2 has no answer in the passage: it is not quoted; every question quoted is followed by its answer.
    expect(lines).not.toContain("问2：租房补贴每月什么时候发放？");
    lines.forEach((l, i) => {
      if (/^问\d/.test(l)) expect(lines[i + 1]).toMatch(/^答：/);
    });
  });

  it("should not quote a FAQ entry about other tiers next to the talent's own figure", () => {
    const guide = doc("housing-guide", "zh");
    const section = hit(
      guide,
      6,
      "六、常见问题",
      "**问2：按旧办法领过补贴还能按新办法申请吗？**\n答：可以。例如D类人才新办法期限为36个月，标准为每月2,500元。\n\n**问3：E类人才的租房补贴是多少？**\n答：硕士每月1,000元，本科每月800元。",
      1,
    );
    const a = extractiveAnswer({ question: "租房补贴每月多少？", hits: [section], lang: "zh", tier: "D", tokenizer, idf, budget: 120 });
    expect(a.text).toContain("2,500");
    expect(a.text).not.toContain("1,000");
  });

  it("should quote two passages of one section together, under one source number", () => {
    const d = doc("green-channel", "en");
    const booking = hit(d, 5, "Chapter V Booking", "Green channel appointments are booked on the Talent Code at least 24 hours ahead.", 1.1);
    const eligible = hit(d, 2, "Chapter II Eligible Persons", "Parents of Tier A and B talents may make green channel appointments too.", 1.2);
    const bookingMore = hit(d, 6, "Chapter V Booking", "Green channel appointments that cannot be kept are cancelled at least 12 hours ahead.", 1.3);
    const a = answer("how do I book a green channel appointment for my parents, and cancel it?", [booking, eligible, bookingMore], "en");
    expect(a.citations).toHaveLength(2);
    expect(a.text.match(/\[1\]/g)).toHaveLength(1);
    expect(a.text.match(/\[2\]/g)).toHaveLength(1);
    expect(a.text).toContain("24 hours");
  });

  it("should quote the rest of a short paragraph after its best sentence: the consequence often follows", () => {
    const d = doc("supervision", "en");
    const h = hit(
      d,
      8,
      "Chapter V Supervision",
      "Article 14 Applicants are responsible for the authenticity of their documents. In that case the placement is cancelled and the family is excluded for 5 years.\n\nArticle 15 These Measures take effect on 1 April.",
      1,
    );
    const a = answer("what happens if my documents are not authentic?", [h], "en");
    expect(a.text).toContain("excluded for 5 years");
    expect(a.text).not.toContain("take effect");
  });

  it("should pick the passage that holds the question's matchable words, however many colloquial words it has", () => {
    const d = doc("apartments", "zh");
    const general = hit(d, 2, "第一章 总则", "第四条 人才公寓房源分布在东湖区和西山区。", 1);
    const exit = hit(d, 9, "第五章 租赁管理与退出", "第十二条 人才公寓租赁合同到期需续租的，应提前3个月申请。", 0.6);
    const a = answer("人才公寓到期了赖着不搬会怎样", [general, exit], "zh", [general, exit]);
    expect(a.citations[0]?.id).toBe(exit.chunk.id);
    expect(a.text).toContain("提前3个月");
  });

  it("should measure a Chinese question by its words, not the character pairs that straddle them", () => {
    // 区上, 班又, 在西… are in no policy: counted, they make a long question look unrelated to the passage that
    // answers it, and the desk refuse. Written with its words apart, the same question has no such pairs.
    const d = doc("xishan-topup", "zh");
    const h = hit(d, 3, "三、配套标准", "在西山区工作并租房的E类人才（本科），市级租房补贴每月800元，区级配套每月1,000元，合计每月1,800元。", 1);
    const supportOf = (question: string) => extractiveAnswer({ question, hits: [h], lang: "zh", tokenizer, idf: corpusIdf([h]) }).support;
    const run = supportOf("我是E类本科，在西山区上班又在西山租房，每个月总共有多少租房补贴？");
    expect(run).toBeCloseTo(supportOf("我是E类本科，在 西山区 上班 又在 西山 租房，每个月 总共 有 多少 租房补贴？"));
    expect(run).toBeGreaterThan(0.5);
  });

  it("should not cut a numbered list item after its number", () => {
    const d = doc("permits", "en");
    const h = hit(d, 5, "Documents", "Bring the following:\n1. Online application form;\n2. Passport (valid for at least 6 months);\n3. Labour contract.", 1);
    const a = answer("how long must my passport be valid?", [h], "en");
    expect(a.text).toContain("2. Passport (valid for at least 6 months);");
  });

  it("should keep the answer within its length budget however long the passages are", () => {
    const d = doc("long", "zh");
    const sentences = Array.from({ length: 40 }, (_, i) => `第${i + 1}条 人才租房补贴申请人应当按月提交第${i + 1}项材料，审核期限为${i + 1}个工作日。`).join("");
    const hits = [hit(d, 1, "第一章", sentences, 1), hit(d, 2, "第二章", sentences, 0.95)];
    for (const budget of [400, 800]) {
      const a = answer("租房补贴审核要多久？", hits, "zh", hits, budget);
      expect(a.text.length).toBeGreaterThan(0);
      expect(answerCost(a.text)).toBeLessThanOrEqual(budget + 10);
    }
  });

  it("should cut a long table to the rows that speak of the question, keeping its header", () => {
    const d = doc("card", "en");
    const rows = Array.from({ length: 30 }, (_, i) => `| Benefit number ${i + 1} of the card | Service ${i + 1} described at some length for holders | — |`);
    const table = ["| Benefit | A card | B card |", "|---|---|---|", ...rows.slice(0, 20), "| Parking | Free parking for 2 hours at the service centre | — |", ...rows.slice(20)].join("\n");
    const a = answer("is there free parking at the service centre?", [hit(d, 3, "Benefits", table, 1)], "en");
    expect(a.text.split("\n")[0]).toBe("Benefit · A card · B card");
    expect(a.text).toContain("Free parking for 2 hours");
    expect(answerCost(a.text)).toBeLessThanOrEqual(800);
  });

  it("should quote the talent's own row when a table groups tiers in one cell ('C, D')", () => {
    const d = doc("checkup", "en");
    const table = [
      "| Tier | Frequency | Standard per person |",
      "| --- | --- | --- |",
      "| A, B | Once a year | 3,000 CNY |",
      "| C, D | Once a year | 1,500 CNY |",
      "| E | Once every two years | 800 CNY |",
    ].join("\n");
    const a = extractiveAnswer({ question: "how much is the health check worth?", hits: [hit(d, 2, "Article 2 Standard", table, 1)], lang: "en", tier: "D", tokenizer, idf });
    expect(a.personalised).toBe(true);
    expect(a.text).toContain("C, D · Once a year · 1,500 CNY");
    expect(a.text).not.toContain("3,000");
    expect(a.text).not.toContain("800 CNY");
  });

  it("should not quote a sentence that only puts the policy in force, though it names the district and a date", () => {
    const d = doc("district-schools", "zh");
    const h = hit(d, 6, "七、附则", "第十三条 申请材料按《人才子女入学材料清单》执行。第十四条 本细则由东湖区教育局负责解释，自2025年4月1日起施行。", 1);
    const a = answer("孩子在东湖区上小学要准备什么材料？", [h], "zh", [], 60);
    expect(a.text).toContain("申请材料按");
    expect(a.text).not.toContain("负责解释");
  });

  it("should answer 'when is it paid' from the passage that gives a time after an event, not the one that only says 'paid'", () => {
    const d = doc("district-topup", "zh");
    const rates = hit(d, 3, "三、配套标准", "第六条 区级配套按市级租房补贴金额的30%发放。", 1.2);
    const payment = hit(d, 5, "五、办理程序", "第十一条 区级配套于市级租房补贴发放后10个工作日内发放。", 0.9);
    const contact = hit(d, 7, "七、附则", "第十三条 咨询电话：0760-82101234。", 0.5);
    const a = answer("区级租房配套什么时候发放？", [rates, payment, contact], "zh", [], 60);
    expect(a.citations[0]!.id).toBe(payment.chunk.id);
    expect(a.text).toContain("10个工作日内");
  });

  it("should not answer a talent from a policy whose title limits it to other tiers", () => {
    const topTiers = doc("school-choice-ab", "en", { title: "Rules on School Choice for Children of Tier A and B Talents", topic: "schooling" });
    const general = doc("school-enrolment", "en", { title: "Measures on School Enrolment of Talents' Children", topic: "schooling" });
    const choice = hit(topTiers, 6, "Article 6 Results", "The Education Bureau confirms the school place within 1 month.", 1.2);
    const results = hit(general, 7, "Article 7 Results", "For Tier C to E talents, admission results are announced by 15 July.", 1);
    const ask = (tier?: Tier) => extractiveAnswer({ question: "when do we find out which school our child got into?", hits: [choice, results], lang: "en", tier, tokenizer, idf });
    const d = ask("D");
    expect(d.text).toContain("15 July");
    expect(d.text).not.toContain("1 month");
    expect(d.citations.map((c) => c.docId)).toEqual(["school-enrolment"]);
    // A tier A talent, or one whose tier is unknown, is answered from the best match as before.
    expect(ask("A").text.split("\n")[0]).toContain("1 month");
    expect(ask().text.split("\n")[0]).toContain("1 month");
  });

  it.each([
    ["Rules for Children of Tier A and B Talents", "B", true],
    ["Rules for Children of Tier A and B Talents", "C", false],
    ["Tiers A, B or C", "C", true],
    ["A、B类人才子女择校实施细则", "B", true],
    ["A、B类人才子女择校实施细则", "D", false],
    ["children of Tier C to E talents are placed within 20 working days", "D", true],
    ["children of Tier C to E talents are placed within 20 working days", "B", false],
  ] as const)("should read '%s' as speaking of tier %s: %s", (text, tier, expected) => {
    expect(tierMentioned(text, tier)).toBe(expected);
  });
});

describe("extractive answers: choosing the passage", () => {
  it("should match a question's words to a passage in the other language through the dictionary", () => {
    // Every passage of a repair guide is about repairs and durations; only the dictionary tells that 水龙头 is the
    // "tap" of one row.
    const d = doc("repair-guide", "en");
    const passages = [
      hit(d, 2, "2. Signing the lease", "Sign the lease within 15 days of receiving your allocation notice. Tier C, D and E tenants pay a deposit of one month's rent.", 1.3),
      hit(d, 5, "5. Urgent repairs", "Urgent repairs (burst pipe, no heating, power failure): a technician arrives within 2 hours, day and night.", 1.0),
      hit(d, 6, "6. Ordinary repairs", "Ordinary repairs (dripping tap, broken lock, faulty appliance) are completed within 48 hours of the request.", 0.9),
    ];
    const bridge = Bridge.build(Bridge.dictionary(), new Set(passages.flatMap((p) => tokenizer.tokenize(p.chunk.text))));
    const a = extractiveAnswer({ question: "水龙头一直滴水，报修后多久能修好？", hits: passages, lang: "zh", tokenizer, idf: corpusIdf(passages), bridge });
    expect(a.crossLanguage).toBe(true);
    expect(a.text).toContain("within 48 hours");
    expect(a.citations[0]?.id).toBe("repair-guide#6");
  });

  it("should match a Chinese place name to its pinyin spelling in an English table", () => {
    const d = doc("school-list", "en");
    const rows = [
      ["Wutong Experimental Primary School", "Donghu District", "15 Hubin Road"],
      ["Wutong University Affiliated Primary School", "Wutong High-tech Zone", "66 Keji Avenue"],
      ["Xishan Yucai Primary School", "Xishan District", "9 Cuiping Road"],
      ["Wutong No. 1 Middle School, Junior Section", "Donghu District", "1 Wenchang Road"],
      ["Gaoxin Foreign Languages School", "Wutong High-tech Zone", "200 Chuangxin Road"],
      ["Xishan Experimental Middle School", "Xishan District", "18 Xueyuan Road"],
      ["Nanwan Experimental Middle School", "Nanwan District", "8 Haiwan Avenue"],
      ["Nanwan Bay Primary School", "Nanwan District", "30 Haiwan Avenue"],
    ];
    const table = ["| School | District | Address |", "|---|---|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
    const passage = hit(d, 3, "Article 3 List of Schools", `Children of Tier A and B talents may choose any of the following schools:\n\n${table}`, 1);
    const a = extractiveAnswer({ question: "A类人才子女可以选哪几所学校？南湾区有吗", hits: [passage], lang: "zh", tokenizer, idf: corpusIdf([passage]) });
    // The table is too long for a phone screen: the rows kept are the ones in the district asked about.
    expect(a.text).toContain("Nanwan Experimental Middle School");
    expect(a.text).toContain("Nanwan Bay Primary School");
  });

  it("should take a table with the currency in its header for amounts, though its cells are bare numbers", () => {
    const d = doc("rent-2025", "en");
    const combined = hit(
      d,
      5,
      "Article 5 Relationship with Other Housing Support",
      "The rent subsidy cannot be combined with a rent-free or discounted talent apartment. Upon approval of the purchase subsidy, the rent subsidy ends from the following month.",
      1.3,
    );
    const amounts = hit(
      d,
      3,
      "Article 3 Amounts",
      "| Tier | Monthly subsidy (CNY) | Maximum duration |\n|---|---|---|\n| C | 4,000 | 60 months |\n| D | 2,500 | 36 months |",
      1.1,
    );
    // Like every article of the measures, these say "rent subsidy": only the amount tells them apart.
    const apply = hit(d, 7, "Article 7 Application", "Apply for the rent subsidy online on the Talent Code under Housing Support.", 1.2);
    const changes = hit(d, 10, "Article 10 Changes", "Recipients of the rent subsidy report any change of employment or lease within 30 days.", 1.0);
    const a = answer("租房补贴每月多少？", [combined, apply, amounts, changes], "zh");
    expect(a.citations[0]?.id).toBe(amounts.chunk.id);
    expect(a.text).toContain("D · 2,500 · 36 months");
  });

  it("should answer 'what documents' from the passage that lists them, not from one that only says 'materials'", () => {
    const d = doc("school-checklist", "zh");
    // Every section of a materials checklist speaks of 材料; the scope clause and the time-limit table match the
    // question's other words better than the list does.
    const scope = hit(d, 1, "一、适用范围", "本清单适用于申请入读本市公办小学、初中的人才子女。申请人可在线上传电子材料，报到注册时携带原件核验。", 1.3);
    const times = hit(d, 5, "五、办理时限", "| 环节 | 时限 |\n|---|---|\n| 小学学位落实 | 材料齐全之日起1个月内 |\n| 报到注册 | 按学校通知 |", 1.2);
    const list = hit(d, 2, "二、材料清单", "1. 人才分类认定证书；\n2. 父母及子女的居民身份证、户口簿；\n3. 子女出生医学证明；\n4. 预防接种证。", 0.7);
    const a = answer("孩子上小学要交哪些材料？", [scope, times, list], "zh");
    expect(a.citations[0]?.id).toBe(list.chunk.id);
    expect(a.text).toContain("出生医学证明");
  });

  it("should keep a list's short items: '（一）身份证；' is a document like the longer ones", () => {
    const d = doc("anju", "zh");
    const list = hit(d, 4, "第二章　人才住房配租", "第四条　申请配租人才住房的，应当提交下列材料：\n（一）身份证；\n（二）人才认定证书；\n（三）劳动合同。", 1);
    const a = answer("申请人才住房要什么材料", [list], "zh");
    expect(a.text).toContain("（一）身份证；");
    expect(a.text).toContain("（三）劳动合同。");
  });

  it("should answer 'what do I need to bring' from the article named for the documents", () => {
    const d = doc("rent-docs", "en");
    const eligibility = hit(d, 4, "Article 4 Eligibility", "To apply for the rent subsidy, the talent must hold a valid tier certificate and rent a home in the city.", 1.3);
    const apply = hit(d, 7, "Article 7 Application", "Apply for the rent subsidy online on the Talent Code; applicants who cannot apply online may apply at the service centre.", 1.2);
    const documents = hit(d, 6, "Article 6 Required Documents", "1. identity document;\n2. talent tier certificate;\n3. registered lease contract;\n4. employment contract.", 0.6);
    const a = answer("What do I need to bring to apply for the rent subsidy?", [eligibility, apply, documents], "en");
    expect(a.citations[0]?.id).toBe(documents.chunk.id);
    expect(a.text).toContain("registered lease contract");
  });

  it("should answer 'which insurers' from the article named for the insurers, quoting its list", () => {
    const d = doc("insurance-subsidy", "en");
    // Article 2 repeats more of the question's words; only Article 5 lists the insurers.
    const persons = hit(
      d,
      2,
      "Article 2 Eligible Persons",
      "A foreign talent qualifies for the insurance subsidy if he or she holds a valid talent certification and has bought a policy from an insurer listed in Article 5.",
      1.3,
    );
    const purpose = hit(d, 1, "Article 1 Purpose", "The city grants foreign talents a subsidy on commercial medical insurance premiums.", 1.2);
    const insurers = hit(
      d,
      5,
      "Article 5 Eligible Insurers",
      "The following insurers are on the 2025–2027 list:\n\n1. Harbour Life Insurance Company\n2. Lotus Health Insurance Company\n3. North Star Mutual Insurance",
      0.7,
    );
    const a = answer("which insurers qualify for the foreign talent insurance subsidy?", [persons, purpose, insurers], "en");
    expect(a.citations.map((c) => c.id)).toContain(insurers.chunk.id);
    for (const name of ["Harbour Life", "Lotus Health", "North Star Mutual"]) expect(a.text).toContain(name);
  });

  it.each([
    ["which insurers qualify for the subsidy?", "insurers"],
    ["which public primary schools in Gaoxin take talents' children?", "public primary schools"],
    ["I live in Gaoxin, which hospital should I go to?", "hospital"],
    ["what kind of documents do I need?", "documents"],
    ["梧桐有哪些国际学校可以申请学费补贴", "国际学校"],
    ["哪家醫院可以用日語看診", "医院"],
    ["how do I apply for the rent subsidy?", ""],
    ["购房时间按哪天算", ""],
  ])("should read what '%s' asks to be named: '%s'", (q, named) => {
    expect(askedFor(q)).toBe(named);
  });

  it("should quote a second section of the policy when it also answers part of the question", () => {
    const d = doc("rent-howto", "en");
    const apply = hit(d, 7, "Article 7 Application", "Apply for the rent subsidy online on the Talent Code under Housing Support, with your lease and labour contract.", 1.3);
    const review = hit(d, 8, "Article 8 Review", "The Talent Office completes the review within 15 working days.", 0.6);
    const other = hit(d, 2, "Article 2 Eligibility", "Certified talents who rent a home in the city and own none are eligible for the rent subsidy.", 0.9);
    const a = answer("how do I apply online for the rent subsidy with my lease, and how long is the review?", [apply, other, review], "en");
    expect(a.text).toContain("Apply for the rent subsidy online");
    expect(a.text).toContain("within 15 working days");
  });

  it("should quote what follows from a lapse when the question asks what happens", () => {
    const d = doc("green-channel", "en");
    const channels = hit(
      d,
      5,
      "Article 9 Booking channels",
      "Green channel appointments are booked through the Talent Code or the talent hotline, a few days ahead.",
      1.3,
    );
    const noShows = hit(d, 6, "Article 11 No-shows", "Three missed visits in a calendar year suspend online booking for 3 months.", 0.9);
    const a = answer("what happens if I miss my green channel appointments a few times?", [channels, noShows], "en");
    expect(a.citations.map((c) => c.id)).toContain(noShows.chunk.id);
    expect(a.text).toContain("suspend online booking for 3 months");
  });

  it("should not answer with only the articles that frame a policy (purpose, scope, interpretation)", () => {
    // They repeat the title's words, so they match every question about the policy.
    const d = doc("district-enrolment", "zh", { title: "本区人才子女入学实施细则", topic: "schooling" });
    const purpose = hit(
      d,
      1,
      "一、总则",
      "第一条 为做好本区人才子女入学服务，根据市人才子女入学保障办法，制定本细则。\n第二条 本细则适用于在本区工作的人才，其子女申请入读本区公办小学、初中的，按本细则办理。",
      1.3,
    );
    const window = hit(d, 4, "四、申请时间", "第八条 本区受理时间为每年5月5日至5月25日，申请人通过人才码提交申请。", 1.0);
    const closing = hit(d, 6, "六、附则", "第十四条 本细则由区教育局负责解释，自2025年4月1日起施行。", 1.1);
    const a = answer("孩子在本区上小学，人才子女入学什么时候报名？", [purpose, closing, window], "zh");
    expect(a.text).toContain("5月5日至5月25日");
    expect(a.citations.map((c) => c.id)).toContain(window.chunk.id);
  });
});
