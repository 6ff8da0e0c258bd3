import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainFileError, domainDir, lexiconFingerprint, loadLexicon } from "../../src/knowledge/lexicon/load.ts";
import { Tokenizer } from "../../src/knowledge/tokenize.ts";
import { tempDir } from "../fixtures/policies.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir("lexicon");
});
afterAll(async () => {
  await dir?.cleanup();
});

async function lexicon(name: string, text: string): Promise<string> {
  const file = path.join(dir.path, name, "lexicon.yaml");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

describe("domain lexicon file", () => {
  it("should give a city's own concept to its words in both languages", async () => {
    const file = await lexicon("city", "# a city's words\nsister_city:\n  zh: [友好城市, 友城]\n  en: [sister city, twin town]\n");
    const tokenizer = new Tokenizer(loadLexicon(file));
    expect(tokenizer.tokenize("我们的友城有哪些？")).toContain("~sister_city");
    expect(tokenizer.tokenize("Which are our twin towns?")).toContain("~sister_city");
    expect(tokenizer.tokenize("租房补贴")).not.toContain("~rent_subsidy");
  });

  it.each([
    ["broken YAML", "rent:\n  zh: [租房, 房租\n  en: [rent]\n", /lexicon\.yaml:\d+: /],
    ["an id with capitals", "rent:\n  zh: [租房]\nRentSubsidy:\n  zh: [租房补贴]\n", /lexicon\.yaml:3: concept id "RentSubsidy"/],
    ["an empty form", "rent:\n  zh: [租房]\nfee:\n  zh: [费用, \"  \"]\n", /lexicon\.yaml:3: concept fee\.zh\.1: an empty form/],
    ["a language the lexicon does not have", "rent:\n  zh: [租房]\n  fr: [loyer]\n", /lexicon\.yaml:1: concept rent: /],
    ["a concept with no forms", "rent:\n  zh: []\n  en: []\n", /lexicon\.yaml:1: concept rent: a concept needs at least one form/],
    ["the same concept twice", "rent:\n  zh: [租房]\nrent:\n  en: [rent]\n", /lexicon\.yaml:\d+: duplicated mapping key/],
  ])("should reject %s with the file and line", async (name, text, message) => {
    const file = await lexicon(name.replace(/\W+/g, "-"), text);
    expect(() => loadLexicon(file)).toThrow(DomainFileError);
    expect(() => loadLexicon(file)).toThrow(message);
  });

  it("should say which file is missing", () => {
    expect(() => loadLexicon(path.join(dir.path, "nowhere", "lexicon.yaml"))).toThrow(/nowhere\/lexicon\.yaml: cannot read the lexicon \(ENOENT\)/);
  });

  it("should be read from DOMAIN_DIR, else from the shipped config/domain", () => {
    expect(domainDir({ DOMAIN_DIR: "/srv/city/domain" })).toBe("/srv/city/domain");
    expect(loadLexicon(path.join(domainDir({}), "lexicon.yaml")).length).toBeGreaterThan(50);
  });

  it("should change the ingest fingerprint when a form is added, so passages are re-indexed", () => {
    const a = [{ id: "rent", zh: ["租房"], en: ["rent"] }];
    const b = [{ id: "rent", zh: ["租房", "房租"], en: ["rent"] }];
    expect(lexiconFingerprint(a)).not.toBe(lexiconFingerprint(b));
  });
});
