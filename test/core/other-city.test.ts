import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policy, tempDir, writeCorpus } from "../fixtures/policies.ts";
import { startApp, talent, type TestApp } from "../fixtures/app.ts";

// Another city's policies, written here: nothing of the shipped corpus's city may leak into its replies.
const CITY = [
  policy({
    id: "qh-rent",
    topic: "housing",
    lang: "zh",
    title: "青禾市人才租房补贴办法",
    region: "青禾市",
    effective: "2025-01-01",
    body: "# 青禾市人才租房补贴办法\n\n## 第一条 补贴标准\n\n在青禾市工作的博士研究生每月发放租房补贴2000元，硕士研究生每月1200元，最长发放36个月。\n\n## 第二条 申请材料\n\n申请人提交身份证、学历证书和租赁合同。",
  }),
  policy({
    id: "qh-district-rent",
    topic: "housing",
    lang: "zh",
    title: "青禾市临溪区人才租房补贴配套细则",
    region: "临溪区",
    effective: "2025-01-01",
    body: "# 青禾市临溪区人才租房补贴配套细则\n\n## 第一条 配套标准\n\n在临溪区工作的人才，在市级补贴基础上每月再发放300元。",
  }),
];

let env: TestApp;
let knowledge: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  knowledge = await tempDir("other-city");
  await writeCorpus(knowledge.path, CITY);
  env = await startApp("other-city", { env: { KNOWLEDGE_DIR: path.join(knowledge.path) } });
}, 60_000);

afterAll(async () => {
  await env?.cleanup();
  await knowledge?.cleanup();
});

describe("another city's policies", () => {
  it("should never mention the shipped demo city or its districts, in any reply of a first conversation", async () => {
    const me = talent(env.app.engine, "test:other-city");
    const replies = [];
    for (const text of ["/start", "/profile", "博士租房补贴每月多少？", "How much rent subsidy does a PhD get?", "我家暖气坏了，帮我报修", "/profile", "en"]) replies.push(await me.say(text));
    const all = replies.map((r) => `${r.text}\n${r.citations.map((c) => `${c.title} ${c.section}`).join("\n")}`).join("\n");
    expect(all).toContain("2000");
    expect(all).not.toMatch(/梧桐|Wutong|东湖|Donghu|西山|Xishan|南湾|Nanwan/i);
    expect(all).toMatch(/district=临溪区/);
  });
});
