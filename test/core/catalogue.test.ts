import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "../../src/service.ts"; // every module that says something, so every text group is registered
import { catalogue, TextCatalogue } from "../../src/core/catalogue.ts";
import { t } from "../../src/core/i18n.ts";
import { TEXTS } from "../../src/core/texts.ts";
import { DomainFileError, domainDir } from "../../src/knowledge/lexicon/load.ts";
import { tempDir } from "../fixtures/policies.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
const shipped = domainDir({});
beforeAll(async () => {
  dir = await tempDir("catalogue");
});
afterAll(async () => {
  await dir?.cleanup();
});

/** A copy of the shipped domain folder with its texts edited. */
async function domainCopy(name: string, edit: (lang: "zh" | "en", text: string) => string): Promise<string> {
  const out = path.join(dir.path, name);
  await mkdir(out, { recursive: true });
  for (const f of await readdir(shipped)) await copyFile(path.join(shipped, f), path.join(out, f));
  for (const lang of ["zh", "en"] as const) {
    const file = path.join(out, `texts.${lang}.yaml`);
    await writeFile(file, edit(lang, await readFile(file, "utf8")));
  }
  return out;
}

describe("the texts catalogue", () => {
  it("should hold every text the code uses, in both languages, and no group the code does not use", () => {
    const c = TextCatalogue.load(shipped);
    expect(() => c.checkAll()).not.toThrow();
    expect(c.unusedGroups()).toEqual([]);
  });

  it("should derive traditional Chinese from the simplified text", () => {
    expect(t(TEXTS.notCovered, "zh")).toContain("现行政策");
    expect(t(TEXTS.notCovered, "zh-Hant")).toContain("現行政策");
  });

  it.each([
    ["a text missing in one language", (lang: string, s: string) => (lang === "en" ? s.replace(/\n {2}notCovered: .*/, "") : s), /texts\.en\.yaml:\d+: desk\.notCovered is missing \(texts\.zh\.yaml has it\)/],
    ["placeholders that differ", (lang: string, s: string) => (lang === "en" ? s.replace("none of them covers {place}", "none of them covers {city}") : s), /texts\.en\.yaml:\d+: desk\.otherPlace: placeholders \{city,place\} differ from the Chinese text's \{place\}/],
    ["an empty text", (lang: string, s: string) => (lang === "zh" ? s.replace(/\n {2}langSet: .*/, '\n  langSet: ""') : s), /texts\.zh\.yaml:\d+: desk\.langSet: an empty text/],
    ["a key no code uses", (_: string, s: string) => s.replace("\ndesk:\n", '\ndesk:\n  welcomeTypo: "x"\n'), /texts\.en\.yaml:\d+: desk\.welcomeTypo: unknown text/],
  ])("should reject %s with its file and line", async (name, edit, message) => {
    const d = await domainCopy(name.replace(/\W+/g, "-"), edit);
    const load = () => TextCatalogue.load(d).checkAll();
    expect(load).toThrow(DomainFileError);
    expect(load).toThrow(message);
  });

  it("should say what a city wrote, with no code change", async () => {
    const d = await domainCopy("wording", (lang, s) => (lang === "en" ? s.replace("Sorry — the current policies don't cover this.", "Our policies say nothing on this yet.") : s));
    const saved = process.env.DOMAIN_DIR;
    try {
      process.env.DOMAIN_DIR = d;
      expect(t(TEXTS.notCovered, "en")).toMatch(/^Our policies say nothing on this yet\./);
      expect(catalogue().unusedGroups()).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.DOMAIN_DIR;
      else process.env.DOMAIN_DIR = saved;
    }
    expect(t(TEXTS.notCovered, "en")).toMatch(/^Sorry/);
  });
});
