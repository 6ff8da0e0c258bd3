import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LoadIssue } from "../../src/knowledge/document.ts";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { inferHeadings, loadKnowledgeDir, parsePolicyFile, repealedTitles, validityFromText } from "../../src/knowledge/ingest/load.ts";
import { KNOWLEDGE } from "../fixtures/app.ts";
import { splitDocument } from "../../src/knowledge/ingest/split.ts";
import { policy, rawFile, savedPage, tempDir, writeCorpus } from "../fixtures/policies.ts";

function parsed(rel: string, raw: string) {
  const r = parsePolicyFile(rel, raw);
  if (!r.doc) throw new Error(`expected ${rel} to load: ${JSON.stringify(r.issues)}`);
  return r.doc;
}

function issuesOf(rel: string, raw: string): LoadIssue[] {
  const r = parsePolicyFile(rel, raw);
  if (r.doc) throw new Error(`expected ${rel} to fail, it loaded as ${r.doc.meta.id}`);
  return r.issues;
}

describe("parsePolicyFile: front matter", () => {
  it("should read dates, tier ranges, language aliases and references", () => {
    const f = policy({
      id: "wt-rent-2025",
      title: "Rent Subsidy Measures (2025)",
      lang: "en-GB",
      effective: "2025-01-01",
      expires: "2027-12-31",
      supersedes: "wt-rent-2021",
      translationOf: "wt-rent-2025-zh",
      region: "Wutong City",
      source: "https://rc.wutong.gov.cn/zcfg/2024/0118.html",
      tiers: "A-C",
    });
    const d = parsed(f.path, f.content);
    expect(d.meta).toEqual({
      id: "wt-rent-2025",
      title: "Rent Subsidy Measures (2025)",
      topic: "housing",
      lang: "en",
      effective: "2025-01-01",
      expires: "2027-12-31",
      supersedes: "wt-rent-2021",
      translationOf: "wt-rent-2025-zh",
      region: "Wutong City",
      source: "https://rc.wutong.gov.cn/zcfg/2024/0118.html",
      tiers: ["A", "B", "C"],
      path: "housing/wt-rent-2025.md",
    });
  });

  it.each([
    ["A-C", ["A", "B", "C"]],
    ["[A, C-E]", ["A", "C", "D", "E"]],
    ["c, a", ["A", "C"]],
    ["B–D", ["B", "C", "D"]],
  ])("should expand tiers %s", (tiers, expected) => {
    const f = policy({ id: "t", tiers });
    expect(parsed(f.path, f.content).meta.tiers).toEqual(expected);
  });

  it.each([
    ["zh-CN", "zh"],
    ["zh-Hans", "zh"],
    ["zh-tw", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["en-US", "en"],
  ])("should read language %s as %s", (lang, expected) => {
    const body = expected === "en" ? "# Guide\n\nTalents may apply online." : expected === "zh-Hant" ? "# 指引\n\n人才可以申請補貼。" : "# 指引\n\n人才可以申请补贴。";
    const f = policy({ id: "l", lang, body });
    expect(parsed(f.path, f.content).meta.lang).toBe(expected);
  });

  it("should warn, and still load, when the declared language does not match the text", () => {
    const f = policy({ id: "mislabelled", lang: "en", body: "# 租房补贴\n\n经认定的人才可以申请租房补贴，按季度发放。" });
    const r = parsePolicyFile(f.path, f.content);
    expect(r.doc?.meta.lang).toBe("en");
    expect(r.doc && r.warnings).toEqual([expect.objectContaining({ path: f.path, level: "warning", reason: expect.stringContaining("zh") })]);
  });
});

describe("parsePolicyFile: files without front matter", () => {
  it("should infer id from the path, title from the first heading, topic from the folder and language from the text", () => {
    const d = parsed("housing/人才 公寓 指南.md", "# 人才公寓申请指南\n\n经认定的人才可以申请入住人才公寓。");
    expect(d.meta).toEqual({ id: "housing-人才-公寓-指南", title: "人才公寓申请指南", topic: "housing", lang: "zh", path: "housing/人才 公寓 指南.md" });
  });

  it("should take a .txt file's title from its first line and add it as the heading", () => {
    const d = parsed("settlement/Hukou FAQ.txt", "Hukou FAQ for talents\n\nQ1: Can my spouse move with me?\nA: Yes, spouses and minor children may move with you.");
    expect(d.meta).toMatchObject({ id: "settlement-hukou-faq", title: "Hukou FAQ for talents", topic: "settlement", lang: "en" });
    expect(d.body.startsWith("# Hukou FAQ for talents\n")).toBe(true);
    // The title line is not repeated under the heading.
    expect(d.body.match(/Hukou FAQ for talents/g)).toHaveLength(1);
  });

  it("should detect traditional Chinese in a file without front matter", () => {
    const d = parsed("schooling/幼兒園.txt", "幼兒園入園指引\n\n人才子女可以申請入讀公辦幼兒園，由教育局統籌安排學位。");
    expect(d.meta.lang).toBe("zh-Hant");
    expect(d.meta.topic).toBe("schooling");
  });

  it("should file a document outside the topic folders under 'other'", () => {
    expect(parsed("notes.md", "# Notes\n\nGeneral notes for talents.").meta.topic).toBe("other");
    expect(parsed("misc/notes.md", "# Notes\n\nGeneral notes for talents.").meta.topic).toBe("other");
  });

  it("should take the title from a front matter without title, falling back to the first heading", () => {
    const raw = "---\nid: guide\ntopic: services\n---\n# 一站式服务指南\n\n人才服务窗口提供一站式服务。";
    expect(parsed("services/guide.md", raw).meta).toMatchObject({ id: "guide", title: "一站式服务指南", topic: "services", lang: "zh" });
  });
});

describe("plain-text policies: sections from their layout", () => {
  const MEASURES = [
    "某市人才安居办法",
    "",
    "第一章　总则",
    "",
    "第一条　为了完善人才安居政策，制定本办法。",
    "",
    "第二章　人才住房配租",
    "",
    "第三条　人才住房租金按照同地段市场租金的60%确定。",
    "",
    "第四条　申请配租的，应当提交下列材料：",
    "（一）身份证；",
    "（二）人才认定证书。",
    "",
    "第三章　附则",
    "",
    "第五条　本办法自2025年1月1日起施行。",
  ].join("\n");
  const headings = (body: string) => body.split("\n").filter((l) => l.startsWith("#"));

  it("should make a .txt policy's chapters its sections, so passages are cited by chapter", async () => {
    const d = parsed("housing/anju.txt", MEASURES);
    expect(headings(d.body)).toEqual(["# 某市人才安居办法", "## 第一章　总则", "## 第二章　人才住房配租", "## 第三章　附则"]);
    const chunk = (await splitDocument(d)).find((c) => c.text.includes("60%"))!;
    expect(chunk.metadata.section).toBe("某市人才安居办法 › 第二章　人才住房配租");
    // The policy's text is kept as written.
    expect(d.body).toContain("第三条　人才住房租金按照同地段市场租金的60%确定。");
  });

  it("should take a saved page's bold chapter paragraphs for its sections", () => {
    const page = savedPage({
      title: "某市人才安居办法",
      bodyHtml:
        "<p><strong>第一章 总则</strong></p><p>第一条 为了完善人才安居政策，制定本办法。</p><p><strong>第二章 人才住房配租</strong></p><p><strong>第二条</strong> 人才住房租金按照同地段市场租金的60%确定。</p><p>第三条 本办法自2025年1月1日起施行。</p>",
    });
    const d = parsed("housing/anju.html", page);
    expect(headings(d.body)).toEqual(["# 某市人才安居办法", "## 第一章 总则", "## 第二章 人才住房配租"]);
    expect(d.meta.effective).toBe("2025-01-01");
  });

  it("should start a section at each article of a policy without chapters, keeping the article's line", () => {
    const body = inferHeadings("# 通知\n\n第一条　甲。\n第二条　乙。\n第三条　丙。");
    expect(body).toBe("# 通知\n\n## 第一条\n\n第一条　甲。\n## 第二条\n\n第二条　乙。\n## 第三条\n\n第三条　丙。");
    const en = inferHeadings("# Notice\n\nArticle 1 Purpose\nText.\nArticle 2 Scope\nText.\nArticle 3 Amounts\nText.");
    expect(headings(en)).toEqual(["# Notice", "## Article 1", "## Article 2", "## Article 3"]);
  });

  it("should make a FAQ's questions and a guide's numbered headings sections", () => {
    expect(headings(inferHeadings("# FAQ\n\n问1：可以先落户吗？\n答：可以。\n问2：要交费吗？\n答：不收费。"))).toEqual(["# FAQ", "## 问1：可以先落户吗？", "## 问2：要交费吗？"]);
    expect(headings(inferHeadings("# FAQ\n\n问：可以先落户吗？\n答：可以。\n问：要交费吗？\n答：不收费。"))).toEqual(["# FAQ", "## 问：可以先落户吗？", "## 问：要交费吗？"]);
    expect(headings(inferHeadings("# FAQ\n\n1. Can my spouse move with me?\nYes.\n2. Is there a fee?\nNo."))).toEqual(["# FAQ", "## 1. Can my spouse move with me?", "## 2. Is there a fee?"]);
    expect(headings(inferHeadings("# 指南\n\n一、适用范围\n本指南适用于人才。\n二、办理材料\n身份证。"))).toEqual(["# 指南", "## 一、适用范围", "## 二、办理材料"]);
  });

  it("should leave alone a sentence that merely starts like a heading, a lone numbered line and a Markdown file's own sections", () => {
    // "一、…" items that are sentences, and a single numbered line, are not headings.
    const list = "# 通知\n\n一、人才可以申请补贴，具体标准见附件。\n二、本通知自发布之日起施行。\n三、短标题";
    expect(inferHeadings(list)).toBe(list);
    const md = "# 办法\n\n## 第一章　总则\n\n第一条　甲。\n\n第二章　补贴\n\n第二条　乙。\n第三条　丙。";
    expect(inferHeadings(md)).toBe(md);
    expect(parsed("housing/md.md", "# 办法\n\n第一章　总则\n\n第二章　补贴\n\n第一条　甲。").body).not.toContain("## 第");
  });
});

describe("when a policy without dates in its front matter is in force", () => {
  it.each([
    ["第十五条　本细则自2025年3月1日起施行，有效期至2027年12月31日。", { effective: "2025-03-01", expires: "2027-12-31" }],
    ["第十四条　本办法由市公安局负责解释，自2024年10月1日起施行，有效期5年。", { effective: "2024-10-01", expires: "2029-09-30" }],
    ["第十八条　本办法自２０２５年３月１日起施行。", { effective: "2025-03-01" }],
    ["These Measures take effect on 1 January 2025 and remain valid until 31 December 2027.", { effective: "2025-01-01", expires: "2027-12-31" }],
    ["They take effect on 1 October 2024 and remain valid for 5 years.", { effective: "2024-10-01", expires: "2029-09-30" }],
    ["This Scheme takes effect on March 2, 2026.", { effective: "2026-03-02" }],
  ])("should read '%s'", (text, expected) => {
    expect(validityFromText(text)).toEqual(expected);
  });

  it("should date '自发布之日起施行' by the publication date, and take no other article's period for the policy's", () => {
    expect(validityFromText("本通知自发布之日起施行，有效期2年。", "2026-03-02")).toEqual({ effective: "2026-03-02", expires: "2028-03-01" });
    // A certificate's validity is not the policy's.
    expect(validityFromText("第六条　人才认定证书有效期5年。第九条　本办法自2024年1月1日起施行。")).toEqual({ effective: "2024-01-01" });
    expect(validityFromText("人才认定证书有效期5年，到期前6个月申请复审。")).toEqual({});
  });

  it("should agree with the front matter of every shipped policy whose text states its dates", async () => {
    let checked = 0;
    for (const topic of await readdir(KNOWLEDGE)) {
      const dir = path.join(KNOWLEDGE, topic);
      for (const file of await readdir(dir).catch(() => [])) {
        if (!file.endsWith(".md")) continue;
        const raw = await readFile(path.join(dir, file), "utf8");
        const fm = matter(raw).data as { effective?: Date; expires?: Date };
        const stated = validityFromText(raw);
        if (stated.effective && fm.effective) expect(stated.effective, file).toBe(fm.effective.toISOString().slice(0, 10));
        if (stated.expires && fm.expires) expect(stated.expires, file).toBe(fm.expires.toISOString().slice(0, 10));
        if (stated.effective) checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("should give a plain-text policy the dates its text states, so an expired one stops being answered", () => {
    const d = parsed("housing/old.txt", "某区人才租房补贴办法\n\n第一条　补贴每月1000元。\n\n第二条　本办法自2020年1月1日起施行，有效期3年。");
    expect(d.meta).toMatchObject({ effective: "2020-01-01", expires: "2022-12-31" });
    // Front matter wins over the text.
    const fm = parsed("housing/fm.md", "---\neffective: 2021-01-01\n---\n# 办法\n\n本办法自2020年1月1日起施行，有效期3年。");
    expect(fm.meta).toMatchObject({ effective: "2021-01-01", expires: "2022-12-31" });
  });
});

describe("policies a text repeals", () => {
  it("should read the titles a policy says it repeals or supersedes, and nothing it merely cites", () => {
    expect(repealedTitles("本办法自2025年3月1日起施行。原《梧桐市高层次人才医疗保健服务实施细则》（梧卫发〔2020〕15号）同时废止。")).toEqual(["梧桐市高层次人才医疗保健服务实施细则"]);
    expect(repealedTitles("The *Interim Measures on Rent Subsidies for Talents* (effective 1 July 2021) are superseded by these Measures.")).toEqual([
      "Interim Measures on Rent Subsidies for Talents",
    ]);
    expect(repealedTitles("根据《梧桐市人才分类认定办法》，制定本办法。")).toEqual([]);
  });
});

describe("parsePolicyFile: saved web pages", () => {
  const page = savedPage({
    title: "关于开展2026年度人才健康体检工作的通知",
    bodyHtml: [
      "<p>请通过人才码提前预(yù)约体(tǐ)检，体检费用（2026）由市财政结算。</p>",
      "<h2>一、体检标准</h2>",
      "<table><tr><th>人才类别</th><th>标准（元/人）</th></tr><tr><td>A类</td><td>3000</td></tr><tr><td>E类</td><td>800</td></tr></table>",
    ].join("\n"),
  });

  it("should take id from the path and title from <title> without the site name", () => {
    const d = parsed("medical/checkup-notice.html", page);
    expect(d.meta).toMatchObject({ id: "medical-checkup-notice", title: "关于开展2026年度人才健康体检工作的通知", topic: "medical", lang: "zh" });
  });

  it("should drop scripts, navigation, breadcrumbs, share links and the footer", () => {
    const { body } = parsed("medical/checkup-notice.html", page);
    for (const noise of ["tracking-script-text", "share-script-text", "机构概况导航", "当前位置", "分享到", "打印本页", "关闭窗口", "ICP备", "主办单位", "设为首页", ".nav{"]) {
      expect(body).not.toContain(noise);
    }
  });

  it("should remove pinyin annotations but keep real parentheses", () => {
    const { body } = parsed("medical/checkup-notice.html", page);
    expect(body).toContain("请通过人才码提前预约体检，体检费用（2026）由市财政结算。");
    expect(body).not.toMatch(/yù|tǐ/);
  });

  it("should keep the page's table as a markdown table", () => {
    const { body } = parsed("medical/checkup-notice.html", page);
    const rows = body.split("\n").filter((l) => l.startsWith("|")).map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    expect(rows).toContainEqual(["人才类别", "标准（元/人）"]);
    expect(rows).toContainEqual(["A类", "3000"]);
    expect(rows).toContainEqual(["E类", "800"]);
    expect(body).toMatch(/^## 一、体检标准$/m);
  });
});

describe("parsePolicyFile: invalid front matter", () => {
  it("should reject a quoted date that does not exist, naming the field and the value", () => {
    const f = policy({ id: "bad-date", effective: "'2025-02-30'" });
    expect(issuesOf(f.path, f.content)).toEqual([
      { path: f.path, level: "error", reason: expect.stringMatching(/^effective: .*2025-02-30.*not a date/) },
    ]);
  });

  it("should reject an unquoted date that does not exist instead of rolling it over", () => {
    const f = policy({ id: "bad-date", effective: "2025-02-30" });
    expect(issuesOf(f.path, f.content)).toEqual([
      { path: f.path, level: "error", reason: expect.stringMatching(/^effective: .*2025-02-30/) },
    ]);
  });

  it.each([
    ["a date that is not a date", { effective: "next monday" }, /^effective: "next monday" is not a date/],
    ["an unknown topic", { topic: "parking" }, /^topic: unknown topic/],
    ["an unknown language", { lang: "fr" }, /^lang: unknown language "fr"/],
    ["an unknown tier", { tiers: "A-Z" }, /^tiers: unknown tier "A-Z"/],
    ["an expiry before the effective date", { effective: "2025-03-01", expires: "2024-01-01" }, /^expires: expires is before effective/],
    ["an id with spaces", { extraFrontMatter: "translation_of: not an id" }, /^translation_of: must be letters, digits/],
  ])("should reject %s with the field and the reason", (_label, overrides, reason) => {
    const f = policy({ id: "bad", ...overrides });
    expect(issuesOf(f.path, f.content)).toEqual([{ path: f.path, level: "error", reason: expect.stringMatching(reason) }]);
  });

  it("should reject front matter that is not valid YAML", () => {
    const raw = "---\nid: broken\ntitle: [unclosed\n---\n# Broken\n\nText.";
    expect(issuesOf("housing/broken.md", raw)).toEqual([
      { path: "housing/broken.md", level: "error", reason: expect.stringMatching(/^front matter is not valid YAML/) },
    ]);
  });

  it("should reject a file with no text", () => {
    expect(issuesOf("housing/empty.md", "---\nid: empty\n---\n\n")).toEqual([{ path: "housing/empty.md", level: "error", reason: "the file has no text" }]);
  });
});

describe("loadKnowledgeDir", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir("load");
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  it("should report each bad file with its path and reason and still load the other files", async () => {
    await writeCorpus(dir.path, [
      policy({ id: "good-rent", topic: "housing" }),
      policy({ id: "good-school", topic: "schooling", lang: "en" }),
      policy({ id: "bad-date", topic: "housing", effective: "'2025-02-30'" }),
      policy({ id: "bad-topic", path: "medical/bad-topic.md", topic: "parking" }),
      policy({ id: "good-rent", path: "settlement/copy-of-rent.md", topic: "settlement" }),
      // Distinct from the YAML above, so the two files do not share a parse.
      rawFile("services/broken-yaml.md", "---\nid: broken-in-dir\ntiers: [A, B\n---\n# Broken\n\nText in a folder."),
    ]);
    const { docs, issues, failedPaths } = await loadKnowledgeDir(dir.path);

    expect(docs.map((d) => d.meta.id).sort()).toEqual(["good-rent", "good-school"]);
    expect(docs.find((d) => d.meta.id === "good-rent")?.meta.path).toBe("housing/good-rent.md");
    expect(failedPaths.sort()).toEqual(["housing/bad-date.md", "medical/bad-topic.md", "services/broken-yaml.md", "settlement/copy-of-rent.md"]);
    const reasonFor = (p: string) => issues.filter((i) => i.path === p && i.level === "error").map((i) => i.reason);
    expect(reasonFor("housing/bad-date.md")).toEqual([expect.stringMatching(/effective: .*not a date/)]);
    expect(reasonFor("medical/bad-topic.md")).toEqual([expect.stringMatching(/topic: unknown topic/)]);
    expect(reasonFor("services/broken-yaml.md")).toEqual([expect.stringMatching(/not valid YAML/)]);
    expect(reasonFor("settlement/copy-of-rent.md")).toEqual([expect.stringMatching(/duplicate id "good-rent".*housing\/good-rent\.md/)]);
  });

  it("should warn about references to documents that do not exist", async () => {
    await writeCorpus(dir.path, [policy({ id: "new-rent", supersedes: "old-rent" }), policy({ id: "rent-en", lang: "en", translationOf: "new-rent" })]);
    const { docs, issues } = await loadKnowledgeDir(dir.path);
    expect(docs).toHaveLength(2);
    expect(issues).toEqual([{ path: "housing/new-rent.md", level: "warning", reason: 'supersedes: no document has id "old-rent"' }]);
  });

  it("should read .md, .txt and .html files and skip hidden, underscored, README and other files", async () => {
    await writeCorpus(dir.path, [
      policy({ id: "md-doc" }),
      rawFile("settlement/faq.txt", "落户常见问题\n\n问：可以先落户吗？答：可以。"),
      rawFile("medical/notice.html", savedPage({ title: "体检通知", bodyHtml: "<p>请预约体检。</p>" })),
      rawFile("housing/_draft.md", "# Draft\n\nNot published."),
      rawFile(".hidden/secret.md", "# Hidden\n\nNot published."),
      rawFile("_drafts/next.md", "# Next\n\nNot published."),
      rawFile("README.md", "# How to add policies\n\nInstructions."),
      rawFile("housing/table.csv", "a,b\n1,2"),
      rawFile("housing/data.json", "{}"),
    ]);
    const { docs, issues } = await loadKnowledgeDir(dir.path);
    expect(docs.map((d) => d.meta.path).sort()).toEqual(["housing/md-doc.md", "medical/notice.html", "settlement/faq.txt"]);
    expect(issues).toEqual([]);
  });

  it("should give the same content the same hash and changed content another", async () => {
    const a = policy({ id: "h" });
    const b = policy({ id: "h", body: "# 政策h\n\n内容已经修改。" });
    expect(parsed(a.path, a.content).hash).toBe(parsed(a.path, a.content).hash);
    expect(parsed(b.path, b.content).hash).not.toBe(parsed(a.path, a.content).hash);
  });
});
