import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTENT_PATTERNS, loadIntentPhrases } from "../../src/core/intents/phrases.ts";
import { RuleIntentClassifier } from "../../src/core/intents/rules.ts";
import { DomainFileError, domainDir } from "../../src/knowledge/lexicon/load.ts";
import { tempDir } from "../fixtures/policies.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
let shipped: string;
beforeAll(async () => {
  dir = await tempDir("intent-phrases");
  shipped = await readFile(path.join(domainDir({}), "intents.yaml"), "utf8");
});
afterAll(async () => {
  await dir?.cleanup();
});

async function phrasesFile(name: string, text: string): Promise<string> {
  const file = path.join(dir.path, name, "intents.yaml");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

describe("intent phrases file", () => {
  it("should load the shipped phrases: every kind the classifier reads, and the concept lists", () => {
    const p = loadIntentPhrases(path.join(domainDir({}), "intents.yaml"));
    expect(Object.keys(p.patterns).sort()).toEqual([...INTENT_PATTERNS].sort());
    expect(p.patterns.greeting.test("你好")).toBe(true);
    expect(p.generic.has("~amount")).toBe(true);
  });

  it.each([
    ["an invalid expression", () => shipped.replace("    - '^(hi|hello|hey|", "    - '^((hi|hello|hey|"), /intents\.yaml:\d+: patterns\.greeting_lead: Invalid regular expression/],
    ["a missing kind", () => shipped.replace(/\n {2}stars:\n(?: {4}- .*\n)+/, "\n"), /intents\.yaml(:\d+)?: patterns\.stars: /],
    ["a concept id that is not one", () => shipped.replace("generic: [amount,", "generic: [Amount Due,"), /intents\.yaml:\d+: concepts\.generic\.0: a concept id of the lexicon/],
  ])("should reject %s with its file and line", async (name, make, message) => {
    const file = await phrasesFile(name.replace(/\W+/g, "-"), make());
    expect(() => loadIntentPhrases(file)).toThrow(DomainFileError);
    expect(() => loadIntentPhrases(file)).toThrow(message);
  });

  it("should understand a deployment's own phrasing with no code change", async () => {
    const file = await phrasesFile("salut", shipped.replace("  greeting:\n", () => "  greeting:\n    - '^salut[\\s!.]*$'\n"));
    const before = await new RuleIntentClassifier().classify("salut !");
    const after = await new RuleIntentClassifier(undefined, loadIntentPhrases(file)).classify("salut !");
    expect(before.intent).not.toBe("help");
    expect(after.intent).toBe("help");
  });
});
