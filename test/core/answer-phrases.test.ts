import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyse, choosePassages, fitBudget, questionFacets, scoreUnits } from "../../src/core/answer/extractive.ts";
import { loadAnswerPhrases } from "../../src/core/answer/phrases.ts";
import type { DocMeta, Hit } from "../../src/knowledge/document.ts";
import { DomainFileError, domainDir } from "../../src/knowledge/lexicon/load.ts";
import { Tokenizer } from "../../src/knowledge/tokenize.ts";
import { tempDir } from "../fixtures/policies.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir("phrases");
});
afterAll(async () => {
  await dir?.cleanup();
});

async function phrasesFile(name: string, text: string): Promise<string> {
  const file = path.join(dir.path, name, "answers.yaml");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

const MINIMAL = "facets:\n  amount:\n    figure: true\n    asks: ['多少钱', '\\bhow much\\b']\n    holds: ['\\d+\\s*元']\nframing:\n  - '本办法自.{0,20}起施行'\n";

describe("answer phrases file", () => {
  it("should load the shipped phrases with the kinds of fact the answerer knows", () => {
    const p = loadAnswerPhrases(path.join(domainDir({}), "answers.yaml"));
    expect(p.facets.map((f) => f.id)).toEqual(expect.arrayContaining(["amount", "duration", "date", "contact", "place", "documents", "frequency", "consequence"]));
    expect(p.figures).toContain("amount");
    expect(p.byId.get("documents")!.items).toBeDefined();
    expect(p.framing.test("本办法自2025年1月1日起施行。")).toBe(true);
  });

  it("should read a minimal file", async () => {
    const p = loadAnswerPhrases(await phrasesFile("minimal", MINIMAL));
    expect(p.byId.get("amount")!.asks.test("租房补贴多少钱")).toBe(true);
    expect(p.byId.get("amount")!.holds!.test("每月2500元")).toBe(true);
  });

  it.each([
    ["an invalid expression", MINIMAL.replace("'\\d+\\s*元'", "'(\\d+元'"), /answers\.yaml:5: facets\.amount\.holds: Invalid regular expression/],
    ["a facet with neither holds nor items", "facets:\n  amount:\n    asks: ['多少钱']\nframing: ['x']\n", /answers\.yaml:2: facets\.amount: a facet needs either holds or items/],
    ["an unknown key", MINIMAL.replace("    figure: true\n", "    figure: true\n    weight: 2\n"), /answers\.yaml:\d+: facets\.amount: Unrecognized key/],
    ["no framing", "facets:\n  amount:\n    asks: ['多少钱']\n    holds: ['元']\n", /answers\.yaml: framing: /],
    ["broken YAML", "facets:\n  amount:\n    asks: ['多少钱'\n", /answers\.yaml:\d+: /],
  ])("should reject %s with its file and line", async (name, text, message) => {
    const file = await phrasesFile(name.replace(/\W+/g, "-"), text);
    expect(() => loadAnswerPhrases(file)).toThrow(DomainFileError);
    expect(() => loadAnswerPhrases(file)).toThrow(message);
  });
});

describe("a deployment's own kind of fact", () => {
  const saved = process.env.DOMAIN_DIR;
  afterAll(() => {
    if (saved === undefined) delete process.env.DOMAIN_DIR;
    else process.env.DOMAIN_DIR = saved;
  });

  it("should be asked and held as the file defines it, with no code change", async () => {
    // The shipped phrases plus an age limit, in a DOMAIN_DIR of its own.
    const own = path.join(dir.path, "with-age");
    await mkdir(own, { recursive: true });
    for (const f of await readdir(domainDir({}))) await copyFile(path.join(domainDir({}), f), path.join(own, f));
    const shipped = await readFile(path.join(domainDir({}), "answers.yaml"), "utf8");
    const age = "  age:\n    asks: ['\\d{2}\\s*周?岁']\n    holds: ['\\d+\\s*周岁以下']\n";
    await writeFile(path.join(own, "answers.yaml"), shipped.replace("\nframing:", `\n${age}\nframing:`));
    expect(questionFacets("我今年36岁，还能申请吗？")).not.toContain("age");
    process.env.DOMAIN_DIR = own;
    expect(questionFacets("我今年36岁，还能申请吗？")).toContain("age");

    const d: DocMeta = { id: "cert", title: "人才认定办法", topic: "services", lang: "zh", path: "cert.md" };
    const text = "第三条 申请认定的人才应当在本市全职工作。\n第四条 本科学历人员应当为35周岁以下。";
    const h: Hit = { chunk: { id: "cert#1", text, metadata: { docId: "cert", policyId: "cert", title: d.title, section: `${d.title} › 认定条件`, lang: "zh", topic: "services", ordinal: 1 } }, doc: d, scores: { bm25: 1, lexical: 1, vector: 1, coverage: 1, unknown: 0, fused: 1 } };
    // Its words match the other article better; the age limit asked about wins on the facet alone.
    const a = analyse({ question: "今年36岁，能申请认定吗", hits: [h], lang: "zh", tokenizer: Tokenizer.default(), idf: () => 1, budget: 40 });
    const chosen = choosePassages(a)!;
    const quoted = fitBudget(a, scoreUnits(a, chosen.passages), chosen.passages.length, chosen.first).map((u) => u.text);
    expect(quoted[0]).toContain("35周岁以下");
  });
});
