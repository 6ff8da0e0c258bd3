import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseProfile } from "../../src/core/profile.ts";
import { DomainFileError, domainDir } from "../../src/knowledge/lexicon/load.ts";
import { domainTiers, loadTiers } from "../../src/knowledge/tiers.ts";
import { CONCEPT_PREFIX, Tokenizer } from "../../src/knowledge/tokenize.ts";
import { normalizeForIndex } from "../../src/text/normalize.ts";
import { tempDir } from "../fixtures/policies.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir("tiers");
});
afterAll(async () => {
  await dir?.cleanup();
});

async function tiersFile(name: string, text: string): Promise<string> {
  const file = path.join(dir.path, name, "tiers.yaml");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

// A city whose tiers are named rather than lettered, as many cities' catalogues are.
const NAMED = `markers:
  zh: [类]
  en: [tier]
tiers:
  - { id: A, zh: [顶尖人才], en: [top-tier talent] }
  - { id: B, zh: [领军人才], en: [leading talent] }
  - { id: C, zh: [高级人才], en: [senior talent] }
  - { id: D, zh: [骨干人才], en: [core talent] }
`;

describe("tiers file", () => {
  it("should read the shipped letters A to E, highest first", () => {
    expect(loadTiers(path.join(domainDir({}), "tiers.yaml")).ids).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("should find a named tier in questions, profiles and policy sentences, and ranges in the tiers' order", async () => {
    const t = loadTiers(await tiersFile("named", NAMED));
    expect(t.stated(normalizeForIndex("我是骨干人才，租房补贴多少？"))).toBe("D");
    expect(t.stated(normalizeForIndex("I'm a Core Talent. Am I covered?"))).toBe("D");
    expect(t.stated(normalizeForIndex("C类人才"))).toBe("C");
    expect(t.stated(normalizeForIndex("租房补贴多少？"))).toBeUndefined();
    expect(t.mentions(normalizeForIndex("（二）骨干人才，每月3,000元；高级人才每月5,000元"))).toEqual(["C", "D"]);
    expect(t.mentioned("Core Talents and Young Talents may rent for no more than 6 years", "D")).toBe(true);
    expect(t.mentioned("Core Talents and Young Talents may rent for no more than 6 years", "C")).toBe(false);
    expect(t.mentioned("A–C类人才可预约", "B")).toBe(true);
    expect(t.mentioned("A–C类人才可预约", "D")).toBe(false);
    expect(t.parseList(["B-D"])).toEqual({ tiers: ["B", "C", "D"] });
    expect(t.parseList(["E"])).toEqual({ unknown: "E" });
  });

  it.each([
    ["a tier id that is not one letter", "markers: { zh: [类], en: [tier] }\ntiers:\n  - id: A\n  - id: AB\n", /tiers\.yaml:\d+: tiers\.1\.id: a tier id is one capital letter/],
    ["a tier listed twice", "markers: { zh: [类], en: [tier] }\ntiers:\n  - id: A\n  - id: A\n", /tiers\.yaml:3: tier A is listed twice/],
    ["no tiers", "markers: { zh: [类], en: [tier] }\ntiers: []\n", /tiers\.yaml:\d+: tiers: at least one tier/],
    ["broken YAML", "markers: { zh: [类, en: [tier] }\n", /tiers\.yaml:\d+: /],
  ])("should reject %s with the file and line", async (name, text, message) => {
    const file = await tiersFile(name.replace(/\W+/g, "-"), text);
    expect(() => loadTiers(file)).toThrow(DomainFileError);
    expect(() => loadTiers(file)).toThrow(message);
  });
});

describe("a deployment's tiers (DOMAIN_DIR)", () => {
  const before = process.env.DOMAIN_DIR;
  afterEach(() => {
    if (before === undefined) delete process.env.DOMAIN_DIR;
    else process.env.DOMAIN_DIR = before;
  });

  it("should set a talent's tier from its name and index a policy's named tier as that tier", async () => {
    const domain = path.join(dir.path, "city-domain");
    await cp(domainDir({}), domain, { recursive: true });
    await writeFile(path.join(domain, "tiers.yaml"), NAMED);
    process.env.DOMAIN_DIR = domain;
    expect(domainTiers().ids).toEqual(["A", "B", "C", "D"]);
    expect(parseProfile("我是领军人才").tier).toBe("B");
    expect(new Tokenizer().tokenize("领军人才配偶，每月3,000元")).toContain(`${CONCEPT_PREFIX}tier_b`);
    delete process.env.DOMAIN_DIR;
    expect(parseProfile("我是领军人才").tier).toBeUndefined();
    expect(parseProfile("我是B类人才").tier).toBe("B");
  });
});
