import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildKbCommand } from "../../src/cli/kb-command.ts";
import { t } from "../../src/core/i18n.ts";
import { TICKET_ID } from "../../src/core/intents/rules.ts";
import type { Reply } from "../../src/core/messages.ts";
import type { Gap, QuestionRecord } from "../../src/core/question-log.ts";
import { TEXTS } from "../../src/core/texts.ts";
import type { Lang } from "../../src/text/normalize.ts";
import { commissionerButton, startApp, talent, type TestApp } from "../fixtures/app.ts";

let env: TestApp;
let users = 0;
const newTalent = () => talent(env.app.engine, `test:gaps-${++users}`);

beforeAll(async () => {
  env = await startApp("unanswered");
});

afterAll(async () => {
  await env?.cleanup();
});

/** An honest refusal: no citation, the "not covered" text, and the button to ask the commissioner. */
function expectNotCovered(reply: Reply, lang: Lang): void {
  expect(reply.citations, reply.text).toEqual([]);
  expect(reply.lang).toBe(lang);
  expect(reply.text).toContain(t(TEXTS.notCovered, lang));
  expect(commissionerButton(reply)).toMatchObject({ id: "ask_commissioner", label: t(TEXTS.askCommissioner, lang) });
}

/** Runs `kb gaps --json` in-process against the test's SQLite file and returns what it printed. */
async function kbGaps(): Promise<{ questions: number; unanswered: number; gaps: Gap[] }> {
  const saved = process.env.STORE_URL;
  const printed: string[] = [];
  const log = console.log;
  process.env.STORE_URL = env.config.storeUrl;
  console.log = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  try {
    await buildKbCommand().parseAsync(["gaps", "--json"], { from: "user" });
  } finally {
    console.log = log;
    if (saved === undefined) delete process.env.STORE_URL;
    else process.env.STORE_URL = saved;
  }
  return JSON.parse(printed.join("\n"));
}

async function logged(): Promise<QuestionRecord[]> {
  const out: QuestionRecord[] = [];
  for await (const r of env.app.questions.entries()) out.push(r);
  return out;
}

describe("questions the policies do not answer", () => {
  // BUG since the per-corpus calibration: an English question whose best passage is Chinese is refused below the
  // calibrated English → Chinese line (0.068 on the shipped corpus, where a fixed 0.13 applied before); this
  // question scores 0.074 (vector 0.106, "car" unknown) against the spouse-employment measures and is answered
  // with them. The line suits the blind corpora (answerable English questions refused 0.148 → 0.102 on
  // multicity); telling near misses from answerable questions needs a better signal than answerability.
  it.fails("should refuse 'does wutong give talents any subsidy for buying a car?' honestly and offer the commissioner", async () => {
    expectNotCovered(await newTalent().say("does wutong give talents any subsidy for buying a car?"), "en");
  });

  // BUG, the same from the other side: the best passage is English (Article 5 of the rent subsidy measures,
  // answerability 0.126), the Chinese → English line is 0.094, so the desk quotes it.
  it.fails("should refuse '人才有没有回老家探亲的机票补贴' honestly, in Chinese", async () => {
    expectNotCovered(await newTalent().say("人才有没有回老家探亲的机票补贴"), "zh");
  });

  // BUG: the desk answers this unanswerable question with unrelated, cited passages. "人才公寓" matches the
  // talent-apartment measures well (answerability ≈ 0.33 against ANSWER_THRESHOLD 0.105; 宠物 is the only word no
  // policy contains, 40 % of the question's weight) and the best sentence
  // shares that word (support ≈ 0.26 ≥ minSupport 0.1), so the engine quotes Articles 1–4 (purpose, scope,
  // responsibilities, list of apartment projects) of wt-housing-talent-apartment — none of which mentions pets — as
  // if they answered, instead of saying the policies do not cover it. Nothing about pets reaches `kb gaps` either.
  it.fails("should refuse '人才公寓可以养宠物吗' (no policy mentions pets)", async () => {
    expectNotCovered(await newTalent().say("人才公寓可以养宠物吗"), "zh");
  });

  // BUG: same failure in English. "purchase subsidy" matches the home purchase rules (answerability ≈ 0.16,
  // support ≈ 0.64), so the desk quotes Article 5 of the rent subsidy measures ("Upon approval of the first-home
  // purchase subsidy … the rent subsidy ends") with a citation, as though it answered a question about cars.
  it.fails("should refuse 'Is there a car purchase subsidy for talents?' (no policy mentions cars)", async () => {
    expectNotCovered(await newTalent().say("Is there a car purchase subsidy for talents?"), "en");
  });

  it("should start a draft for the commissioner when the talent presses 'ask my commissioner' on a refusal", async () => {
    const me = newTalent();
    const refusal = await me.say("does wutong give talents any subsidy for buying a car?");
    const reply = await me.press(commissionerButton(refusal)!);
    expect(reply.citations).toEqual([]);
    expect(reply.text).not.toMatch(TICKET_ID);
    expect(reply.text).toContain("buying a car");
    expect(reply.actions.map((a) => a.id)).toContain("cancel_draft");
  });
});

describe("the question log and `kb gaps`", () => {
  it("should keep no phone or ID number a talent typed into a question", async () => {
    const question = "我手机13812345678，身份证110101199003071234，人才买游艇有补贴吗";
    expectNotCovered(await newTalent().say(question), "zh");
    const stored = (await logged()).find((r) => r.text.includes("游艇"));
    expect(stored?.text).toBe("我手机[phone]，身份证[id-number]，人才买游艇有补贴吗");
    const report = JSON.stringify(await kbGaps());
    expect(report).toContain("游艇");
    expect(report).not.toContain("13812345678");
    expect(report).not.toContain("110101199003071234");
  });

  it("should log an unanswered question as unanswered, without the asker's id, and list it in `kb gaps`", async () => {
    const unanswered = "人才买车有补贴吗";
    const answered = "就医绿色通道有哪些服务？";
    const me = newTalent();
    expectNotCovered(await me.say(unanswered), "zh");
    const ok = await me.say(answered);
    expect(ok.citations.length).toBeGreaterThan(0);
    // A second talent asks the same unanswered question.
    expectNotCovered(await newTalent().say(unanswered), "zh");

    const records = await logged();
    const mine = records.filter((r) => r.text === unanswered);
    expect(mine).toHaveLength(2);
    for (const r of mine) {
      expect(r).toMatchObject({ answered: false, intent: "question", lang: "zh", citedDocs: [] });
      expect(JSON.stringify(r)).not.toContain(me.user);
    }
    expect(new Set(mine.map((r) => r.asker)).size).toBe(2);
    const hit = records.find((r) => r.text === answered);
    expect(hit).toMatchObject({ answered: true });
    expect(hit!.citedDocs.length).toBeGreaterThan(0);

    const report = await kbGaps();
    expect(report.questions).toBe(records.length);
    expect(report.unanswered).toBe(records.filter((r) => !r.answered).length);
    const gap = report.gaps.find((g) => g.variants.includes(unanswered));
    expect(gap).toBeDefined();
    expect(gap!.count).toBeGreaterThanOrEqual(2);
    expect(gap!.askers).toBeGreaterThanOrEqual(2);
    expect(report.gaps.some((g) => g.variants.includes(answered))).toBe(false);
  });
});
