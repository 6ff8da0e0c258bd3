import { describe, expect, it } from "vitest";
import { CONCEPT_PREFIX, Tokenizer, withoutLeadingGrammar } from "../../src/knowledge/tokenize.ts";

const tokenizer = new Tokenizer();
const tokens = (text: string) => tokenizer.tokenize(text);
const concepts = (text: string) => tokens(text).filter((t) => t.startsWith(CONCEPT_PREFIX));

describe("Tokenizer: cross-lingual concepts", () => {
  it("should give 'rent subsidy', '租房补贴' and '房租補貼' the same concept token", () => {
    const rentSubsidy = `${CONCEPT_PREFIX}rent_subsidy`;
    expect(tokens("rent subsidy")).toContain(rentSubsidy);
    expect(tokens("租房补贴")).toContain(rentSubsidy);
    expect(tokens("房租補貼")).toContain(rentSubsidy);
  });

  it("should find the concept inside a longer question in either language", () => {
    const en = new Set(concepts("How much rental allowance can a tier C talent get?"));
    const zh = new Set(concepts("C类人才每月能拿多少租房津贴？"));
    expect(en).toContain(`${CONCEPT_PREFIX}rent_subsidy`);
    expect(zh).toContain(`${CONCEPT_PREFIX}rent_subsidy`);
    // Tier and amount are shared too.
    expect(en).toContain(`${CONCEPT_PREFIX}tier_c`);
    expect(zh).toContain(`${CONCEPT_PREFIX}tier_c`);
  });

  it("should map everyday words for review time, false documents and missing documents to the policy concepts", () => {
    const c = (x: string) => new Set(concepts(x));
    expect(c("租房补贴多久能审完")).toContain(`${CONCEPT_PREFIX}processing_time`);
    expect(c("工作许可多久能批下来")).toContain(`${CONCEPT_PREFIX}processing_time`);
    expect(c("How long does processing take?")).toContain(`${CONCEPT_PREFIX}processing_time`);
    expect(c("用了假材料会怎么处理")).toContain(`${CONCEPT_PREFIX}fraud_penalty`);
    expect(c("Where a subsidy was obtained by fraud, it is recovered.")).toContain(`${CONCEPT_PREFIX}fraud_penalty`);
    expect(c("材料缺了一样，几天内补交")).toContain(`${CONCEPT_PREFIX}supplement_docs`);
    expect(c("Incomplete applications are returned once.")).toContain(`${CONCEPT_PREFIX}supplement_docs`);
    expect(c("每年的年度核验")).toContain(`${CONCEPT_PREFIX}annual_review`);
    expect(c("the annual verification closes on 31 March")).toContain(`${CONCEPT_PREFIX}annual_review`);
  });

  it("should let a Hong Kong resident's question meet a policy for 港澳台 talents, in either language", () => {
    const c = (x: string) => new Set(concepts(x));
    const policy = c("港澳台人才在本市就业，无需办理就业许可");
    for (const q of ["我是香港居民，要办就业许可吗？", "I'm from Taiwan, do I need a work permit?"]) {
      expect([...c(q)].filter((x) => policy.has(x) && x !== `${CONCEPT_PREFIX}work_permit`)).not.toEqual([]);
    }
  });

  it("should keep the particle and the negation of a multi-word form: 'move out' is not 'move', 'not working' is not 'work'", () => {
    const t = new Tokenizer([
      { id: "move_out", zh: [], en: ["move out"] },
      { id: "repair", zh: [], en: ["not working", "out of order"] },
      { id: "extra", zh: [], en: ["on top of"] },
    ]);
    const c = (x: string) => t.tokenize(x).filter((y) => y.startsWith(CONCEPT_PREFIX));
    expect(c("When do I have to move out?")).toContain(`${CONCEPT_PREFIX}move_out`);
    expect(c("Can I move my hukou here?")).not.toContain(`${CONCEPT_PREFIX}move_out`);
    expect(c("the heater is not working")).toContain(`${CONCEPT_PREFIX}repair`);
    expect(c("the lift is out of order")).toContain(`${CONCEPT_PREFIX}repair`);
    expect(c("I work at a hospital")).not.toContain(`${CONCEPT_PREFIX}repair`);
    expect(c("What was the order of preferences?")).not.toContain(`${CONCEPT_PREFIX}repair`);
    expect(c("Is it paid on top of the city subsidy?")).toContain(`${CONCEPT_PREFIX}extra`);
    expect(c("Top-tier talents")).not.toContain(`${CONCEPT_PREFIX}extra`);
  });

  it("should read renewing a lease as a lease term, and renewing anything else (a certificate, a permit) only as renewal", () => {
    expect(concepts("can I renew the lease of my talent apartment?")).toEqual(expect.arrayContaining([`${CONCEPT_PREFIX}lease_term`, `${CONCEPT_PREFIX}renewal`]));
    expect(concepts("when should I apply to renew my talent certificate?")).toContain(`${CONCEPT_PREFIX}renewal`);
    expect(concepts("when should I apply to renew my talent certificate?")).not.toContain(`${CONCEPT_PREFIX}lease_term`);
    // What the certification rules call it: the term runs out (届满), the talent is certified again (再认定).
    expect(concepts("有效期届满需继续享受政策的，应当在届满前6个月内申请再认定")).toContain(`${CONCEPT_PREFIX}renewal`);
  });

  it("should read wanting to stay on ('续住') as renewing a lease, and a term running out ('期满') as expiry", () => {
    expect(concepts("人才公寓租約到期了還想續住可以嗎")).toContain(`${CONCEPT_PREFIX}lease_term`);
    expect(concepts("租赁期满仍符合条件的，可申请续租")).toEqual(expect.arrayContaining([`${CONCEPT_PREFIX}lease_term`, `${CONCEPT_PREFIX}renewal`]));
  });

  it("should read a 'fast lane' at the hospital as the green channel", () => {
    expect(concepts("my wife needs to use the talent medical fast lane")).toContain(`${CONCEPT_PREFIX}green_channel`);
    expect(concepts("人才就医快速通道")).toContain(`${CONCEPT_PREFIX}green_channel`);
  });

  it("should read 'N days before expiry' as the advance notice that 提前 asks about", () => {
    expect(concepts("外國人工作許可續期要提前多久申請")).toContain(`${CONCEPT_PREFIX}advance_notice`);
    expect(concepts("Renewal applications should be filed at least 30 days before expiry.")).toContain(`${CONCEPT_PREFIX}advance_notice`);
    expect(concepts("Book a move-out inspection at least 7 days ahead of leaving.")).toContain(`${CONCEPT_PREFIX}advance_notice`);
  });

  it("should read 入帳 as a payment: Taiwan and Hong Kong write 帳 where the mainland writes 账", () => {
    // Converted to simplified script, 入帳 becomes 入帐, not the 入账 of mainland policies.
    expect(concepts("租房補貼幾號入帳")).toContain(`${CONCEPT_PREFIX}payment`);
    expect(concepts("補貼什麼時候到帳")).toContain(`${CONCEPT_PREFIX}payment`);
  });

  it("should not read a school transfer into a hukou transfer, nor missing documents into a missed deadline", () => {
    expect(concepts("how long does the hukou transfer take?")).not.toContain(`${CONCEPT_PREFIX}transfer_school`);
    expect(concepts("can my son switch schools?")).toContain(`${CONCEPT_PREFIX}transfer_school`);
    expect(concepts("I missed the deadline")).not.toContain(`${CONCEPT_PREFIX}supplement_docs`);
  });

  it("should not invent a concept the text does not mention", () => {
    expect(concepts("人才公寓怎么报修")).not.toContain(`${CONCEPT_PREFIX}rent_subsidy`);
    expect(concepts("annual health check-up")).not.toContain(`${CONCEPT_PREFIX}rent_subsidy`);
  });

  it("should map a Chinese and an English question about children's school places to shared concepts", () => {
    const en = new Set(concepts("Can my kid get a school place?"));
    const zh = new Set(concepts("孩子能分到学位吗"));
    expect(en).toContain(`${CONCEPT_PREFIX}child`);
    expect(zh).toContain(`${CONCEPT_PREFIX}child`);
    expect(en).toContain(`${CONCEPT_PREFIX}school_place`);
    expect(zh).toContain(`${CONCEPT_PREFIX}school_place`);
  });
});

describe("Tokenizer: one person, one policy", () => {
  it.each(["個人化服務方案多久做好", "专员在10个工作日内制定个性化服务方案", "实行一人一策", "a personalised service plan", "a tailored plan"])(
    "should read '%s' as the personalised plan",
    (text) => {
      expect(concepts(text)).toContain(`${CONCEPT_PREFIX}personalised`);
    },
  );
});

describe("Tokenizer: durations", () => {
  it.each(["how many days does the hukou transfer take?", "审核要几天", "要等多少天"])("should read '%s' as asking how long", (q) => {
    expect(concepts(q)).toContain(`${CONCEPT_PREFIX}duration`);
  });
});

describe("Tokenizer: stems", () => {
  it("should read the past of an irregular verb as the verb ('bought a flat' is buying one)", () => {
    expect(concepts("bought a house last month")).toContain(`${CONCEPT_PREFIX}purchase`);
    expect(tokens("I lost my green card")).toEqual(tokens("I lose my green card"));
  });

  it("should not read seeing a doctor as holding a doctorate", () => {
    expect(concepts("when I go see a doctor")).not.toContain(`${CONCEPT_PREFIX}doctorate`);
    expect(concepts("I hold a doctorate")).toContain(`${CONCEPT_PREFIX}doctorate`);
    expect(concepts("after my doctoral studies")).toContain(`${CONCEPT_PREFIX}doctorate`);
  });
});

describe("Tokenizer: tier markers", () => {
  it("should read 'A类人才', 'tier A', 'Tier-A' and 'Ａ类' as the same tier", () => {
    const tierA = `${CONCEPT_PREFIX}tier_a`;
    expect(tokens("A类人才")).toContain(tierA);
    expect(tokens("tier A")).toContain(tierA);
    expect(tokens("Tier-A talent")).toContain(tierA);
    expect(tokens("Ａ类人才")).toContain(tierA);
  });

  it("should tell tiers apart", () => {
    expect(tokens("B类人才")).toContain(`${CONCEPT_PREFIX}tier_b`);
    expect(tokens("B类人才")).not.toContain(`${CONCEPT_PREFIX}tier_a`);
    expect(tokens("category E")).toContain(`${CONCEPT_PREFIX}tier_e`);
  });

  it("should read the A and B talent cards in either language", () => {
    expect(tokens("A卡")).toContain(`${CONCEPT_PREFIX}card_a`);
    expect(tokens("B card holders")).toContain(`${CONCEPT_PREFIX}card_b`);
    expect(tokens("B卡")).not.toContain(`${CONCEPT_PREFIX}card_a`);
  });

  it("should not read a tier into an English article before an ordinary word", () => {
    const markers = (s: string) => tokens(s).filter((t) => t.includes("tier_") || t.includes("card_"));
    expect(markers("a talent apartment")).toEqual([]);
    expect(markers("I have a question about a subsidy")).toEqual([]);
  });

  it("should not read the article in 'get a card' as the A card", () => {
    expect(tokens("How do I get a card?")).not.toContain(`${CONCEPT_PREFIX}card_a`);
  });
});

describe("Tokenizer: English words", () => {
  it("should drop English stop words", () => {
    const t = tokens("What is the subsidy for a talent with my children?");
    for (const stop of ["what", "is", "the", "for", "a", "with", "my"]) expect(t).not.toContain(stop);
    expect(t).toContain("talent");
  });

  it("should stem so 'subsidies' and 'subsidy' share a token", () => {
    const plural = tokens("subsidies").filter((t) => !t.startsWith(CONCEPT_PREFIX));
    const singular = tokens("subsidy").filter((t) => !t.startsWith(CONCEPT_PREFIX));
    expect(plural.length).toBeGreaterThan(0);
    expect(plural).toEqual(singular);
  });

  it("should stem other word forms to one token", () => {
    const word = (s: string) => tokens(s).filter((t) => !t.startsWith(CONCEPT_PREFIX));
    expect(word("applications")).toEqual(word("application"));
    expect(word("hospitals")).toEqual(word("hospital"));
  });

  it("should keep numbers as tokens", () => {
    expect(tokens("10,000 CNY for 60 months")).toEqual(expect.arrayContaining(["10000", "60"]));
  });
});

describe("Tokenizer: Chinese", () => {
  it("should index Chinese as character bigrams and drop function-word bigrams", () => {
    const t = tokens("我想问一下人才公寓");
    expect(t).toEqual(expect.arrayContaining(["人才", "公寓"]));
    expect(t).not.toContain("我想");
    expect(t).not.toContain("一下");
  });

  it("should produce the same tokens for traditional and simplified text", () => {
    expect(tokens("人才子女入讀幼兒園")).toEqual(tokens("人才子女入读幼儿园"));
  });

  it.each([
    ["能借", "借"],
    ["几本书", "书"],
    ["每次", "每次"],
    ["图书馆", "图书馆"],
    ["能", "能"],
  ])("should read the word '%s' without the grammar glued to its front as '%s'", (word, rest) => {
    expect(withoutLeadingGrammar(word)).toBe(rest);
  });
});
