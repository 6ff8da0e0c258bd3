import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../src/core/i18n.ts";
import type { Profile } from "../../src/core/profile.ts";
import { TEXTS } from "../../src/core/texts.ts";
import { createKeyv } from "../../src/storage/keyv.ts";
import { citedPolicies, expectCompleteCitations, expectTraditional, startApp, talent, type TestApp } from "../fixtures/app.ts";

let env: TestApp;
let users = 0;
const newTalent = () => talent(env.app.engine, `test:profile-${++users}`);
const kb = () => env.app.knowledge();

beforeAll(async () => {
  env = await startApp("profile");
});

afterAll(async () => {
  await env?.cleanup();
});

/** The profile as stored in SQLite. */
async function storedProfile(user: string): Promise<Profile | undefined> {
  const kv = createKeyv<Profile>(env.config.storeUrl, "profile");
  try {
    return await kv.get(user);
  } finally {
    await kv.disconnect();
  }
}

/** The value shown on a line of the profile summary ("人才类别：D", "Tier: C"). */
function shown(text: string, label: RegExp): string | undefined {
  for (const line of text.split("\n")) {
    const m = new RegExp(`^${label.source}\\s*[:：]\\s*(.*)$`).exec(line.trim());
    if (m) return m[1]!.trim();
  }
  return undefined;
}

describe("profile: /profile command", () => {
  it("should save 'tier=D district=东湖区 children=5,9' and show it back", async () => {
    const me = newTalent();
    const saved = await me.say("/profile tier=D district=东湖区 children=5,9");
    expect(saved.intent).toBe("profile");
    expect(saved.text.startsWith(t(TEXTS.profileSaved, "zh"))).toBe(true);
    expect(shown(saved.text, /人才类别/)).toBe("D");
    expect(shown(saved.text, /所在区/)).toBe("东湖区");
    expect(shown(saved.text, /子女年龄/)).toBe("5, 9");
    expect(await storedProfile(me.user)).toMatchObject({ tier: "D", district: "东湖区", children: [5, 9] });

    // Shown again on request, without claiming an update.
    const again = await me.say("我的资料");
    expect(again.intent).toBe("profile");
    expect(again.text).not.toContain(t(TEXTS.profileSaved, "zh"));
    expect(shown(again.text, /人才类别/)).toBe("D");
    expect(shown(again.text, /所在区/)).toBe("东湖区");
    expect(shown(again.text, /子女年龄/)).toBe("5, 9");
  });

  it("should show the district in traditional script to a talent who writes traditional Chinese", async () => {
    const me = newTalent();
    await me.say("/profile tier=D district=东湖区 children=5,9");
    const reply = await me.say("我的資料");
    expect(reply.lang).toBe("zh-Hant");
    expectTraditional(reply.text);
    expect(shown(reply.text, /所在區/)).toBe("東湖區");
  });

  it("should say so, and keep the profile, when a /profile message holds nothing it can read", async () => {
    const me = newTalent();
    await me.say("/profile tier=D");
    const reply = await me.say("/profile 你好");
    expect(reply.text.startsWith(t(TEXTS.profileNothing, "zh"))).toBe(true);
    expect(shown(reply.text, /人才类别/)).toBe("D");
  });
});

describe("profile: facts stated in a sentence", () => {
  it("should update the tier from 'I'm a tier C talent living in Xishan with a 6 year old'", async () => {
    const me = newTalent();
    await me.say("/profile tier=D district=东湖区 children=5,9");
    const reply = await me.say("I'm a tier C talent living in Xishan with a 6 year old");
    expect(reply.intent).toBe("profile");
    expect(reply.lang).toBe("en");
    expect(reply.text.startsWith(t(TEXTS.profileSaved, "en"))).toBe(true);
    expect(shown(reply.text, /Tier/)).toBe("C");
    expect((await storedProfile(me.user))?.tier).toBe("C");
  });

  it("should also take the district Xishan and the 6-year-old child from that sentence", async () => {
    const me = newTalent();
    await me.say("/profile tier=D district=东湖区 children=5,9");
    const reply = await me.say("I'm a tier C talent living in Xishan with a 6 year old");
    expect(await storedProfile(me.user)).toMatchObject({ tier: "C", district: "西山区", children: [6] });
    expect(shown(reply.text, /District/)).not.toBe("东湖区");
    expect(shown(reply.text, /Children's ages/)).toBe("6");
  });

  it("should take tier, district and child from '我是C类人才，住在西山区，孩子6岁'", async () => {
    const me = newTalent();
    await me.say("/profile tier=D district=东湖区 children=5,9");
    const reply = await me.say("我是C类人才，住在西山区，孩子6岁");
    expect(reply.intent).toBe("profile");
    expect(shown(reply.text, /人才类别/)).toBe("C");
    expect(shown(reply.text, /所在区/)).toBe("西山区");
    expect(shown(reply.text, /子女年龄/)).toBe("6");
  });
});

describe("profile: personalised answers", () => {
  const OTHER_TIERS_RENT = ["10,000", "6,000", "4,000", "1,000"]; // A, B, C and E (master's) in the 2025 measures

  it("should give a talent without a profile the rent subsidy of every tier", async () => {
    const reply = await newTalent().say("How much is the monthly rent subsidy?");
    expectCompleteCitations(reply.citations);
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-housing-rent-subsidy-2025");
    for (const amount of ["2,500", ...OTHER_TIERS_RENT]) expect(reply.text).toContain(amount);
    expect(reply.text).not.toContain(t(TEXTS.tierLead, "en", { tier: "D" }));
  });

  it("should lead a Tier D talent's rent subsidy answer with the Tier D row only", async () => {
    const me = newTalent();
    await me.say("/profile tier=D");
    const reply = await me.say("How much is the monthly rent subsidy?");
    expectCompleteCitations(reply.citations);
    expect(citedPolicies(kb(), reply)[0]).toBe("wt-housing-rent-subsidy-2025");
    expect(reply.text.split("\n")[0]).toBe(t(TEXTS.tierLead, "en", { tier: "D" }));
    expect(reply.text).toContain("2,500");
    for (const amount of OTHER_TIERS_RENT) expect(reply.text).not.toContain(amount);
  });

  it("should answer a Tier D talent in 东湖区 from the district top-up with the D row (2,500 city + 750 district)", async () => {
    const me = newTalent();
    await me.say("/profile tier=D district=东湖区 children=5,9");
    const reply = await me.say("租房补贴每月多少？");
    expectCompleteCitations(reply.citations);
    expect(citedPolicies(kb(), reply)[0]).toBe("donghu-housing-rent-topup");
    expect(reply.text.split("\n")[0]).toBe(t(TEXTS.tierLead, "zh", { tier: "D" }));
    expect(reply.text).toContain("2,500");
    expect(reply.text).toContain("750");
    for (const amount of ["4,000", "1,200", "300", "240"]) expect(reply.text).not.toContain(amount); // C and E rows
  });

  it("should follow a tier change: after 'I'm a tier C talent…' the rent answer leads with the Tier C row", async () => {
    const me = newTalent();
    await me.say("/profile tier=D");
    await me.say("I'm a tier C talent");
    const reply = await me.say("How much is the monthly rent subsidy?");
    expect(reply.text.split("\n")[0]).toBe(t(TEXTS.tierLead, "en", { tier: "C" }));
    expect(reply.text).toContain("4,000");
    expect(reply.text).not.toContain("2,500");
  });
});
