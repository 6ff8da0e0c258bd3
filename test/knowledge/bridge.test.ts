import { describe, expect, it } from "vitest";
import { Bridge, places, translations, type CedictEntry } from "../../src/knowledge/bridge.ts";
import { Tokenizer } from "../../src/knowledge/tokenize.ts";

// A corpus's vocabulary is its index tokens: English stems, Chinese bigrams and longer segmenter words.
const vocabularyOf = (...texts: string[]) => new Set(texts.flatMap((t) => Tokenizer.default().tokenize(t)));

const ENTRIES: CedictEntry[] = [
  { simplified: "水龙头", english: ["faucet", "tap"] },
  { simplified: "滴水", english: ["water drop", "dripping water"] },
  { simplified: "租约", english: ["lease (CL:份[fen4])"] },
  { simplified: "审批", english: ["to examine and approve", "to endorse"] },
  { simplified: "批准", english: ["to approve", "to ratify"] },
  { simplified: "宠物", english: ["house pet"] },
  { simplified: "第五类", english: ["category 5", "CAT 5 (cable)"] },
  { simplified: "张三", english: ["Zhang San, name for an unspecified person"] },
  { simplified: "猫腰", english: ["variant of 毛腰[mao2 yao1]"] },
  { simplified: "工作", english: ["to work", "(of a machine) to operate", "job", "work", "task"] },
];

describe("word bridge between Chinese and English", () => {
  const english = vocabularyOf("Ordinary repairs (dripping tap, broken lock) are completed within 48 hours. Sign the lease. Work permit.");
  const chinese = vocabularyOf("租约期满前3个月可申请续租。审批在10个工作日内完成，批准后通知申请人。");
  const bridge = Bridge.build(translations(ENTRIES), new Set([...english, ...chinese]));

  it("should translate a Chinese word into the corpus's English words, and an English word into its Chinese words", () => {
    expect(bridge.english("水龙头")).toContain("tap");
    expect(bridge.english("租约")).toEqual(["lease"]);
    expect(bridge.chinese("approv")).toEqual(["批准"]);
    expect(bridge.chinese("leas")).toEqual(["租约"]);
    expect(bridge.chinese("work")).toEqual(["工作"]);
  });

  it("should keep only translations the corpus can contain", () => {
    // "faucet" and "water drop" are words no passage has: they could match nothing.
    expect(bridge.english("水龙头")).not.toContain("faucet");
    expect(bridge.english("滴水")).toEqual([]);
    // 宠物 is not in the corpus, so "pet" has no Chinese translation there.
    expect(bridge.chinese("pet")).toEqual([]);
  });

  it("should not take cross-references, names, acronyms or definitions for translations", () => {
    expect(bridge.english("第五类")).toEqual([]);
    expect(bridge.english("张三")).toEqual([]);
    expect(bridge.english("猫腰")).toEqual([]);
    // "examine and approve" translates 审批, but does not make every "examine" or "approve" a 审批.
    expect(bridge.chinese("approv")).not.toContain("审批");
  });

  it("should read a compound the dictionary lacks as the dictionary words in it", () => {
    expect(bridge.words("水龙头")).toEqual(["水龙头"]);
    expect(bridge.words("水龙头坏了租约")).toEqual(["水龙头", "租约"]);
    expect(bridge.words("坏了")).toEqual([]);
  });

  it("should come back the same from the JSON stored with an index", () => {
    const copy = Bridge.fromJSON(JSON.parse(JSON.stringify(bridge.toJSON())));
    expect(copy.english("水龙头")).toEqual(bridge.english("水龙头"));
    expect(copy.chinese("approv")).toEqual(bridge.chinese("approv"));
    expect(copy.words("水龙头坏了租约")).toEqual(["水龙头", "租约"]);
  });

  it("should read CC-CEDICT from the installed package", () => {
    const real = Bridge.build(Bridge.dictionary(), english);
    expect(real.english("水龙头")).toContain("tap");
    expect(real.english("租约")).toContain("lease");
  });
});

describe("place names between Latin letters and Chinese", () => {
  const PLACES: CedictEntry[] = [
    { simplified: "南京", pinyin: "Nan2 jing1", english: ["Nanjing subprovincial city on the Changjiang, capital of Jiangsu province 江蘇|江苏"] },
    { simplified: "浦东新区", pinyin: "Pu3 dong1 xin1 qu1", english: ["Pudong New District, subprovincial district of Shanghai"] },
    { simplified: "厦门", pinyin: "Xia4 men2", english: ["Xiamen (aka Amoy), a sub-provincial city in Fujian"] },
    { simplified: "杭州", pinyin: "Hang2 zhou1", english: ["Hangzhou subprovincial city and capital of Zhejiang province"] },
    { simplified: "南宁", pinyin: "Nan2 ning2", english: ["Nanning prefecture-level city and capital of Guangxi"] },
    { simplified: "里加", pinyin: "Li3 jia1", english: ["Riga, capital of Latvia"] },
    { simplified: "湖口", pinyin: "Hu2 kou3", english: ["Hukou County in Jiujiang 九江, Jiangxi"] },
    { simplified: "工作", pinyin: "gong1 zuo4", english: ["to work"] },
  ];
  const corpus = vocabularyOf("南京市人才购房补贴实施细则。浦东新区人才公寓。厦门市高层次人才。云州市人才安居办法，云州市、云州市。");
  const bridge = Bridge.build(translations(PLACES), corpus, { gazetteer: places(PLACES), corpusPlaces: ["云州市"] });

  it("should read a city or district written in English as its Chinese name, from the dictionary", () => {
    expect(bridge.placesIn("How much is the home purchase subsidy in Nanjing?")).toEqual(["南京"]);
    expect(bridge.placesIn("talent apartments in Pudong New District")).toEqual(["浦东"]);
    expect(bridge.placesIn("any rent money in Xiamen")).toEqual(["厦门"]);
  });

  it("should read the corpus's own place names by their pinyin, written as one word or two", () => {
    expect(bridge.placesIn("Does Yunzhou pay a rent subsidy?")).toEqual(["云州"]);
    expect(bridge.placesIn("moving to Yun Zhou next year")).toEqual(["云州"]);
  });

  it("should keep only the places the corpus names, and survive being stored with an index", () => {
    expect(bridge.placesIn("Hangzhou or Nanning?")).toEqual([]);
    const stored = Bridge.fromJSON(JSON.parse(JSON.stringify(bridge.toJSON())));
    expect(stored.placesIn("Nanjing")).toEqual(["南京"]);
    expect(stored.isPlace("yunzhou")).toBe(true);
  });

  it("should tell a question about a major city the corpus never names, in either script, but not where the talent comes from", () => {
    expect(bridge.foreignPlacesIn("How much is the rent subsidy in Hangzhou?")).toEqual(["杭州"]);
    expect(bridge.foreignPlacesIn("杭州的人才购房补贴是多少？")).toEqual(["杭州"]);
    expect(bridge.foreignPlacesIn("南寧市有沒有人才公寓")).toEqual(["南宁"]);
    // A possessive names the place too.
    expect(bridge.foreignPlacesIn("How does the purchase subsidy compare with Hangzhou's?")).toEqual(["杭州"]);
    // The corpus's own cities, where one comes from, counties and foreign capitals, and words that only contain a name.
    expect(bridge.foreignPlacesIn("Nanjing purchase subsidy, and 云州 rent?")).toEqual([]);
    expect(bridge.foreignPlacesIn("I moved from Hangzhou last month, how do I transfer my hukou?")).toEqual([]);
    expect(bridge.foreignPlacesIn("我刚从杭州调过来，租房补贴怎么申请")).toEqual([]);
    expect(bridge.foreignPlacesIn("市里加区里一共每月多少")).toEqual([]);
    expect(Bridge.fromJSON(JSON.parse(JSON.stringify(bridge.toJSON()))).foreignPlacesIn("Nanning talent apartments")).toEqual(["南宁"]);
  });
});
