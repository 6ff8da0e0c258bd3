import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderConsole } from "../../src/channels/console/render.ts";
import { runRepl } from "../../src/channels/console/repl.ts";
import { t } from "../../src/core/i18n.ts";
import type { Reply } from "../../src/core/messages.ts";
import { TEXTS } from "../../src/core/texts.ts";
import { startApp, type TestApp } from "../fixtures/app.ts";

const REPLY: Reply = {
  text: "Tier D: 2,500 CNY a month.",
  lang: "en",
  citations: [
    {
      id: "rent#3",
      docId: "rent",
      title: "Rent Subsidy Measures",
      section: "Rent Subsidy Measures › Article 3 Amounts",
      effective: "2025-01-01",
      source: "https://example.gov/rent",
      lang: "en",
    },
    { id: "guide#1", docId: "guide", title: "住房指南", section: "住房指南 › 一、事项说明", lang: "zh" },
  ],
  actions: [
    { id: "ask_commissioner", label: "Ask my commissioner", payload: "question" },
    { id: "topic", label: "Housing", payload: "housing" },
  ],
};

describe("console renderer", () => {
  it("should print the text, then numbered sources with their dates and links, then numbered choices", () => {
    const lines = renderConsole(REPLY).split("\n");
    expect(lines[0]).toBe("Tier D: 2,500 CNY a month.");
    const sources = lines.indexOf("Sources:");
    expect(sources).toBeGreaterThan(0);
    expect(lines[sources + 1]).toMatch(/^\s*\[1\] Rent Subsidy Measures › Article 3 Amounts .*2025-01-01.*https:\/\/example\.gov\/rent/);
    expect(lines[sources + 2]).toMatch(/^\s*\[2\] 住房指南 › 一、事项说明$/);
    const first = lines.findIndex((l) => /^\s*1\) Ask my commissioner$/.test(l));
    expect(first).toBeGreaterThan(sources + 2);
    expect(lines[first + 1]).toMatch(/^\s*2\) Housing$/);
  });

  it("should label the sources in the reply's language", () => {
    const out = renderConsole({ ...REPLY, lang: "zh" });
    expect(out).toMatch(/^来源[:：]/m);
    expect(out).toContain("2025-01-01");
    expect(out).not.toMatch(/^Sources:/m);
  });

  it("should print neither a sources block nor choices when there are none", () => {
    expect(renderConsole({ text: "OK", lang: "en", citations: [], actions: [] })).toBe("OK");
  });
});

describe("console REPL", () => {
  let env: TestApp;

  beforeAll(async () => {
    env = await startApp("repl");
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  /** Runs the REPL on in-memory streams: each line is typed once the previous reply has been printed. */
  async function session(lines: string[]): Promise<string[]> {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.setEncoding("utf8").on("data", (d: string) => (printed += d));
    const done = runRepl({ core: env.app.forChannels, user: "console:repl-test", input, output });
    const screens: string[] = [];
    let seen = 0;
    const nextPrompt = async () => {
      // The REPL prints "> " when it is ready for the next line.
      for (let i = 0; i < 400 && printed.lastIndexOf("> ") < seen; i++) await new Promise((r) => setTimeout(r, 10));
      const at = printed.lastIndexOf("> ");
      expect(at, `no prompt after:\n${printed.slice(seen)}`).toBeGreaterThanOrEqual(seen);
      screens.push(printed.slice(seen, at));
      seen = at + 2;
    };
    await nextPrompt(); // the welcome
    for (const line of lines) {
      input.write(`${line}\n`);
      await nextPrompt();
    }
    input.end("/quit\n");
    await done;
    return screens;
  }

  it("should greet, answer a typed question with sources, and press the button whose number is typed", async () => {
    const [welcome, examples, answer, pressed] = await session(["1", "How much rent subsidy does a Tier D talent get per month?", "1"]);

    // The welcome shows the three topics as numbered choices.
    expect(welcome).toMatch(/^\s*1\) Housing$/m);
    expect(welcome).toMatch(/^\s*3\) Medical care$/m);

    // "1" pressed "Housing": its example questions come back as numbered choices.
    expect(examples).toContain("Housing");
    expect(examples).toMatch(/^\s*1\) Who can apply for a talent apartment\?$/m);

    // A typed question gets a cited answer with numbered sources and the commissioner button as choice 1.
    expect(answer).toContain("2,500");
    expect(answer).toMatch(/^Sources:$/m);
    expect(answer).toMatch(/^\s*\[1\] Wutong Talent Rent Subsidy Measures \(2025\) › /m);
    expect(answer).toMatch(/^\s*1\) Ask my commissioner$/m);

    // "1" now pressed "Ask my commissioner": the desk starts a draft for the commissioner (nothing filed yet).
    expect(pressed).toMatch(/service commissioner/);
    expect(pressed).toMatch(/^\s*1\) Cancel$/m);
  });
});
