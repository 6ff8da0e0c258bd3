import { describe, expect, it } from "vitest";
import type { Intent } from "../../src/core/intents/intent.ts";
import { RuleIntentClassifier } from "../../src/core/intents/rules.ts";

const rules = new RuleIntentClassifier();

// The hard cases the desk must get right offline: asking for action versus asking for information.
const CASES: [string, Intent][] = [
  ["please help me enrol my son", "request"],
  ["the heater in my talent apartment is broken", "request"],
  ["I need a green-channel appointment next week", "request"],
  ["我家暖气坏了，东湖苑3栋502，电话13800000000", "request"],
  ["can you help me apply for the rent subsidy?", "request"],
  ["帮我申请租房补贴", "request"],
  ["how do I apply for the rent subsidy?", "question"],
  ["帮我查一下租房补贴标准", "question"],
  ["my heater is broken, what's the repair hotline?", "question"],
  ["暖气坏了打哪个电话报修？", "question"],
  ["水龍頭一直滴水，報修後要等多久才會修好？", "question"],
  ["the tap keeps dripping, how long does a repair take?", "question"],
  ["how long is the movie?", "chitchat"],
  ["I'm tier C, how much rent subsidy do I get?", "question"],
  ["I'm a tier C talent living in Xishan", "profile"],
  ["any update on my ticket WT-2026-000123?", "ticket_status"],
  ["cancel my ticket WT-2026-000123", "request"],
  ["cancel", "cancel"],
  ["算了", "cancel"],
  ["4 stars", "rating"],
  ["没解决", "rating"],
  ["你好", "help"],
  ["what's the weather tomorrow", "chitchat"],
];

describe("the offline intent rules", () => {
  for (const [text, intent] of CASES) {
    it(`should read "${text}" as ${intent}`, async () => {
      expect((await rules.classify(text)).intent).toBe(intent);
    });
  }

  it("should read a lone digit as a rating only when a rating is awaited or it cannot be anything else", async () => {
    expect((await rules.classify("5", { awaiting: "rating" })).intent).toBe("rating");
    expect((await rules.classify("5 working days?")).intent).toBe("question");
  });
});
