import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../src/core/i18n.ts";
import { TEXTS } from "../../src/core/texts.ts";
import { hasCjk } from "../../src/text/normalize.ts";
import { citedPolicies, expectCompleteCitations, expectEnglishFraming, expectTraditional, startApp, talent, type TestApp } from "../fixtures/app.ts";

let env: TestApp;
let users = 0;
const ask = (text: string) => talent(env.app.engine, `test:xling-${++users}`).say(text);
const kb = () => env.app.knowledge();

beforeAll(async () => {
  env = await startApp("xling");
});

afterAll(async () => {
  await env?.cleanup();
});

describe("cross-lingual answers", () => {
  it("should answer an English question from the Chinese-only purchase subsidy rules and say the policy is only in Chinese", async () => {
    expect(kb().languagesOf("wt-housing-purchase-subsidy")).toEqual(["zh"]);
    const reply = await ask("How much home purchase subsidy does a Tier C talent get?");
    expectCompleteCitations(reply.citations);
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-housing-purchase-subsidy");
    expectEnglishFraming(reply);
    expect(reply.text.split("\n")[0]).toBe(t(TEXTS.onlyChinese, "en"));
    expect(reply.text).toContain("100万元"); // the Tier C total, quoted as published
  });

  it("should answer a Chinese question from the English-only 2025 rent subsidy measures and say the policy is only in English", async () => {
    expect(kb().languagesOf("wt-housing-rent-subsidy-2025")).toEqual(["en"]);
    const reply = await ask("租房补贴如果被查出用了假材料，会怎么处理");
    expectCompleteCitations(reply.citations);
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-housing-rent-subsidy-2025");
    expect(reply.lang).toBe("zh");
    expect(reply.text.split("\n")[0]).toBe(t(TEXTS.onlyEnglish, "zh"));
  });

  it("should say the same in traditional script to a traditional-Chinese question", async () => {
    const reply = await ask("租房補貼如果被查出用了假材料，會怎麼處理");
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-housing-rent-subsidy-2025");
    expect(reply.lang).toBe("zh-Hant");
    const note = reply.text.split("\n")[0]!;
    expect(note).toBe(t(TEXTS.onlyEnglish, "zh-Hant"));
    expectTraditional(note);
  });

  it("should quote the English version of a translated policy to an English question, without calling it Chinese-only", async () => {
    expect(kb().languagesOf("wt-housing-talent-apartment").sort()).toEqual(["en", "zh"]);
    const reply = await ask("Who can apply for a talent apartment?");
    expect(reply.citations[0]?.docId).toBe("wt-housing-talent-apartment-en");
    const lines = reply.text.split("\n");
    expect(lines[0]).not.toBe(t(TEXTS.onlyChinese, "en"));
    // A second, Chinese-only policy may be quoted too, labelled as such right before its passage; the
    // talent-apartment policy itself is never called Chinese-only.
    lines.forEach((line, i) => {
      if (line !== t(TEXTS.onlyChinese, "en")) return;
      const n = Number(/^\[(\d+)\]/.exec(lines[i + 1] ?? "")?.[1]);
      const cited = reply.citations[n - 1];
      expect(cited && kb().languagesOf(kb().docs.get(cited.docId)?.translationOf ?? cited.docId)).toEqual(["zh"]);
    });
  });

  it("should quote the Chinese original of a translated policy to a Chinese question, without calling it English-only", async () => {
    const reply = await ask("人才公寓谁可以申请？");
    expect(reply.citations[0]?.docId).toBe("wt-housing-talent-apartment");
    expect(reply.text).not.toContain(t(TEXTS.onlyEnglish, "zh"));
  });

  it("should say so whenever an English reply quotes Chinese text", async () => {
    const reply = await ask("Who can apply for a talent apartment?");
    const chinese = reply.text.split("\n").filter((l) => hasCjk(l));
    if (chinese.length) expect(reply.text).toContain(t(TEXTS.onlyChinese, "en"));
  });
});
