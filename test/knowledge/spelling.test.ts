import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bridge, translations } from "../../src/knowledge/bridge.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { IndexStore } from "../../src/knowledge/index-store.ts";
import { distance, Speller } from "../../src/knowledge/spelling.ts";
import { englishStems } from "../../src/knowledge/tokenize.ts";
import { policy, tempDir, writeCorpus } from "../fixtures/policies.ts";

const CORPUS = [
  "Talent apartments are allocated every month. The applicant signs the lease for the apartment within 15 days.",
  "The talent certificate is valid for three years; renewal is applied for six months before it expires.",
  "The rent subsidy is paid quarterly. The subsidy stops when the talent leaves the city.",
  "Children of certified talents get a place at a public kindergarten near their home.",
];
// Words a dictionary knows besides the corpus's own.
const DICTIONARY = new Set(englishStems("parrot wife recipe"));
const speller = new Speller(Speller.vocabulary(CORPUS), (_word, stem) => DICTIONARY.has(stem) || CORPUS.some((t) => englishStems(t).includes(stem)));

describe("spelling correction", () => {
  it.each([
    ["my talent certifcate expires soon", "my talent certificate expires soon", "a dropped letter"],
    ["rent for a talent appartment", "rent for a talent apartment", "a doubled letter"],
    ["is the rent subsidey monthly", "is the rent subsidy monthly", "a wrong letter"],
    ["a place at a public kindergarden", "a place at a public kindergarten", "two letters away in a long word"],
    ["when my certificate epxires", "when my certificate expires", "two letters swapped"],
    ["Appartment rules?", "Apartment rules?", "a capital at the start of the question"],
  ])("should read '%s' as '%s' (%s)", (typed, meant) => {
    expect(speller.correct(typed).text).toBe(meant);
  });

  it("should say which words it corrected", () => {
    expect(speller.correct("my certifcate and my appartment").corrections).toEqual([
      { from: "certifcate", to: "certificate" },
      { from: "appartment", to: "apartment" },
    ]);
  });

  it.each([
    ["can my parrot live in the talent apartment", "a real word the corpus does not use"],
    ["my wife", "a short word"],
    ["the bill wasnt paid", "a contraction typed without its apostrophe"],
    ["I live in Kindergardenia", "a capitalised word inside a sentence (a name)"],
    ["Renewals of the certificate", "a correct word"],
    ["xyzzyq plugh", "a word close to nothing in the corpus"],
  ])("should leave '%s' alone (%s)", (typed) => {
    expect(speller.correct(typed)).toEqual({ text: typed, corrections: [] });
  });

  it("should not guess between two corpus words equally close and equally common", () => {
    const tie = new Speller(new Map([["lease", 1], ["leave", 1]]), () => false);
    expect(tie.correct("leale").text).toBe("leale");
    const common = new Speller(new Map([["lease", 5], ["leave", 1]]), () => false);
    expect(common.correct("leale").text).toBe("lease");
  });

  it("should count a swap of two neighbouring letters as one edit and stop counting past the limit", () => {
    expect(distance("recieve", "receive", 2)).toBe(1);
    expect(distance("kindergarden", "kindergarten", 2)).toBe(1);
    expect(distance("forgot", "foreign", 1)).toBe(2);
  });
});

describe("spelling correction in a knowledge base", () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let kb: KnowledgeBase;
  const embedder = new LocalHashEmbeddings();

  beforeAll(async () => {
    tmp = await tempDir("spelling");
    const knowledge = `${tmp.path}/knowledge`;
    await writeCorpus(knowledge, [
      policy({ id: "cert", title: "Talent Certification Measures", lang: "en", topic: "services", body: `# Talent Certification Measures\n\n## Renewal\n\n${CORPUS[1]}` }),
      policy({ id: "apt", title: "Talent Apartment Measures", lang: "en", topic: "housing", body: `# Talent Apartment Measures\n\n## Allocation\n\n${CORPUS[0]}` }),
    ]);
    await ingest({ knowledgeDir: knowledge, indexRoot: `${tmp.path}/index`, embedder });
    kb = await KnowledgeBase.open(`${tmp.path}/index`, embedder);
  });
  afterAll(async () => {
    await tmp?.cleanup();
  });

  it("should find the policy a misspelt question means, telling typos from dictionary words", async () => {
    expect(kb.correct("when do I renew my certifcate? my parrot asks").text).toBe("when do I renew my certificate? my parrot asks");
    // Uncorrected, no word of the question is in the index; corrected, the certification policy matches it.
    expect((await kb.retriever.retrieve("certifcate"))[0]?.scores.lexical ?? 0).toBe(0);
    const hits = await kb.search("certifcate");
    expect(hits[0]?.doc.id).toBe("cert");
    expect(hits[0]?.scores.lexical).toBeGreaterThan(0);
  });

  it("should correct nothing with a bridge stored before it kept the dictionary's English words", async () => {
    const fresh = Bridge.build(translations([{ simplified: "鹦鹉", english: ["parrot"] }]), new Set());
    expect(fresh.hasEnglishWords).toBe(true);
    expect(fresh.knowsEnglish("parrot")).toBe(true);
    expect(fresh.knowsEnglish("certifc")).toBe(false);

    // An index written by the previous release: its bridge.json has no English words. Without them a typo cannot
    // be told from a real word, so nothing is corrected (rather than every unknown word).
    const store = new IndexStore(`${tmp.path}/index`);
    const dir = (await store.currentDir())!;
    const { english: _dropped, ...older } = (await store.readBridge(dir))!;
    expect(Bridge.fromJSON(older).hasEnglishWords).toBe(false);
    await writeFile(path.join(dir, "bridge.json"), JSON.stringify(older));
    const reopened = await KnowledgeBase.open(`${tmp.path}/index`, embedder);
    expect(reopened.correct("when do I renew my certifcate?")).toEqual({ text: "when do I renew my certifcate?", corrections: [] });
  });
});
