import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlaceScopes } from "../../src/knowledge/place-scope.ts";
import { startApp, talent, type TestApp } from "../fixtures/app.ts";
import { policy, tempDir, writeCorpus } from "../fixtures/policies.ts";

describe("PlaceScopes: where each policy applies", () => {
  const docs = [
    { id: "hz", title: "杭州市高层次人才购房补贴实施细则" },
    { id: "nj", title: "南京市人才安居办法" },
    { id: "ns", title: "深圳市南山区人才安居实施办法" },
    { id: "pd", title: "浦东新区国际人才服务指南" },
    { id: "plain", title: "关于开展2026年度购房补贴申报工作的通知" },
    { id: "pd-en", title: "Pudong Talent Service Guide", translationOf: "pd" },
  ];
  const scopes = PlaceScopes.build(docs, ["杭州", "南京", "深圳", "南山", "浦东", "市南"]);

  it("should read each policy's places and their levels from its title, a translation sharing its original's", () => {
    expect([...scopes.scopeOf("ns")].sort()).toEqual(["南山", "深圳"]);
    expect([...scopes.scopeOf("pd-en")]).toEqual(["浦东"]);
    expect(scopes.scopeOf("plain").size).toBe(0);
    expect(scopes.places.get("深圳")).toBe("city");
    expect(scopes.places.get("浦东")).toBe("district");
    // 市南 occurs in 深圳市南山区 without a suffix of its own: not a place of this corpus.
    expect(scopes.places.has("市南")).toBe(false);
  });

  it("should find the places a question asks about, as whole words or with their suffix, not where the talent comes from", () => {
    expect(scopes.askedIn("南京人才落户需要什么条件")).toEqual(["南京"]);
    expect(scopes.askedIn("南京市的购房补贴")).toEqual(["南京"]);
    expect(scopes.askedIn("我从杭州调到南京工作，购房补贴多少？")).toEqual(["南京"]);
    expect(scopes.askedIn("购房补贴多少？")).toEqual([]);
  });

  it("should set aside another place's policy at the level the question names, but not a policy for everywhere or a wider one", () => {
    expect(scopes.excludes("hz", ["南京"])).toBe(true);
    expect(scopes.excludes("nj", ["南京"])).toBe(false);
    expect(scopes.excludes("plain", ["南京"])).toBe(false);
    // A district's question: Shenzhen's Nanshan policy is Shenzhen's too; Pudong's names no city, so no city conflicts.
    expect(scopes.excludes("ns", ["深圳"])).toBe(false);
    expect(scopes.excludes("pd", ["深圳"])).toBe(false);
    expect(scopes.excludes("pd", ["南山"])).toBe(true);
  });

  it("should read a district asked about as asked about with its city, which a title naming both tells", () => {
    // 深圳市南山区… puts 南山 in 深圳: Hangzhou's city-wide policy is another city's for a Nanshan question.
    expect(scopes.excludes("hz", ["南山"])).toBe(true);
    expect(scopes.excludes("ns", ["南山"])).toBe(false);
    // Pudong's title names no city, so nothing is known of where it lies: a city-wide policy stays for it.
    expect(scopes.excludes("hz", ["浦东"])).toBe(false);
  });
});

// Two cities' near-identical measures in one corpus, as a provincial portal publishes them.
const CORPUS = [
  policy({
    id: "hz-purchase",
    title: "杭州市人才购房补贴办法",
    effective: "2025-01-01",
    body: "# 杭州市人才购房补贴办法\n\n## 第一条 补贴标准\n\n在杭州市首次购房的博士研究生给予购房补贴40万元，硕士研究生给予购房补贴20万元，分5年发放。\n\n## 第二条 申请材料\n\n申请人提交身份证、学历证书和购房合同。",
  }),
  policy({
    id: "hz-apartment",
    title: "杭州市人才公寓租赁管理办法",
    effective: "2025-01-01",
    body: "# 杭州市人才公寓租赁管理办法\n\n## 第一条 租金标准\n\n博士研究生租住人才公寓的，按市场租金的50%缴纳租金；硕士研究生按市场租金的70%缴纳租金。\n\n## 第二条 租期\n\n人才公寓每次租期不超过3年。",
  }),
  policy({
    id: "nj-purchase",
    title: "南京市人才购房补贴办法",
    effective: "2025-01-01",
    body: "# 南京市人才购房补贴办法\n\n## 第一条 补贴标准\n\n在南京市首次购房的博士研究生给予购房补贴30万元，硕士研究生给予购房补贴15万元，一次性发放。\n\n## 第二条 申请材料\n\n申请人提交身份证、学历证书和购房合同。",
  }),
];

let env: TestApp;
let knowledge: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  knowledge = await tempDir("two-cities");
  await writeCorpus(knowledge.path, CORPUS);
  env = await startApp("two-cities", { env: { KNOWLEDGE_DIR: path.join(knowledge.path) } });
}, 60_000);

afterAll(async () => {
  await env?.cleanup();
  await knowledge?.cleanup();
});

describe("a corpus of several cities' policies", () => {
  it("should answer a question about one city from that city's policy, in Chinese and in English", async () => {
    const zh = await talent(env.app.engine, "test:nj").say("南京的博士购房补贴是多少？");
    expect(zh.text).toContain("30万元");
    expect(zh.text).not.toContain("40万元");
    const en = await talent(env.app.engine, "test:hz").say("How much is the home purchase subsidy for a PhD in Hangzhou?");
    expect(en.text).toContain("40万元");
    expect(en.text).not.toContain("30万元");
  });

  it("should take the city a talent moves to, not the one they come from", async () => {
    const r = await talent(env.app.engine, "test:move").say("我从杭州调到南京工作，博士购房补贴多少？");
    expect(r.text).toContain("30万元");
  });

  it("should not answer a question about a city from another city's policy on the matter", async () => {
    const r = await talent(env.app.engine, "test:apartment").say("南京人才公寓的租金怎么算？");
    expect(r.citations.map((c) => c.docId)).not.toContain("hz-apartment");
    expect(r.text).not.toContain("市场租金的50%");
  });
});
