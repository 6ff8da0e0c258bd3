import type { types } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import type { TicketCard } from "../../../src/core/commissioner-desk.ts";
import { decodeEngineValue, decodeModalMetadata, parseStaffActionId } from "../../../src/channels/slack/action-ids.ts";
import { cardMessage } from "../../../src/channels/slack/card-blocks.ts";
import { stripMention } from "../../../src/channels/slack/listeners/messages.ts";
import { escapedChunks, escapeMrkdwn } from "../../../src/channels/slack/mrkdwn.ts";
import { replyMessage } from "../../../src/channels/slack/reply-blocks.ts";
import type { Citation } from "../../../src/core/messages.ts";

/** Block Kit rendering within Slack's limits, and the identifiers buttons carry. */

const citation = (over: Partial<Citation> = {}): Citation => ({
  id: "housing-apartment#2",
  docId: "housing-apartment",
  title: "人才公寓管理办法",
  section: "人才公寓管理办法 › 第二章 申请条件",
  effective: "2026-01-01",
  source: "https://rc.example.gov.cn/a?x=1&y=2",
  lang: "zh",
  ...over,
});

const sections = (blocks: types.KnownBlock[]) => blocks.filter((b): b is types.SectionBlock => b.type === "section").map((b) => b.text!.text);
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe("reply rendering", () => {
  it("should escape &, < and > in answers", () => {
    expect(escapeMrkdwn("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    const { blocks, text } = replyMessage({ text: "<@U123> & <!channel>", citations: [], actions: [], lang: "en" });
    expect(sections(blocks)).toEqual(["&lt;@U123&gt; &amp; &lt;!channel&gt;"]);
    expect(text).toBe("<@U123> & <!channel>");
  });

  it("should split a long answer into sections of at most 3000 characters without losing or breaking anything", () => {
    const long = Array.from({ length: 120 }, (_, i) => `第${i}条 住房补贴 & <租房> 按月发放，最长 36 个月。`.repeat(3)).join("\n") + "\n" + "x&".repeat(4000);
    const chunks = escapedChunks(long);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(3000);
      expect(c).not.toMatch(/&(?!amp;|lt;|gt;)/); // no escape cut in half
    }
    expect(chunks.map(unescape).join("").replace(/\s/g, "")).toBe(long.replace(/\s/g, ""));
    const { blocks } = replyMessage({ text: long, citations: [], actions: [], lang: "zh" });
    expect(sections(blocks)).toEqual(chunks);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });

  it("should list citations as title · section · date of effect, linking http(s) sources only", () => {
    const { blocks } = replyMessage({
      text: "答案",
      lang: "zh",
      actions: [],
      citations: [citation(), citation({ id: "b#1", title: "Guide", section: "Scope", source: "knowledge/housing/guide.md", effective: "2025-06-01" }), citation()],
    });
    const context = blocks.find((b): b is types.ContextBlock => b.type === "context")!;
    expect(context.elements.map((e) => ("text" in e ? e.text : ""))).toEqual([
      "*来源*",
      "<https://rc.example.gov.cn/a?x=1&amp;y=2|人才公寓管理办法> · 第二章 申请条件 · 自2026-01-01起施行",
      "Guide · Scope · 自2025-06-01起施行",
    ]);
  });

  it("should give every engine button a unique action id and a value that decodes back to the action", () => {
    const actions = [
      { id: "ask", label: "How much is the subsidy? ".repeat(5), payload: "How much is the subsidy?" },
      { id: "ask", label: "Who can apply?", payload: "Who can apply?" },
      { id: "ask_commissioner", label: "Ask my commissioner" },
    ];
    const { blocks } = replyMessage({ text: "Pick one", citations: [], actions, lang: "en" });
    const buttons = blocks.flatMap((b) => (b.type === "actions" ? (b.elements as types.Button[]) : []));
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(3);
    expect(buttons.map((b) => decodeEngineValue(b.value))).toEqual(actions.map(({ id, payload }) => (payload ? { id, payload } : { id })));
    for (const b of buttons) expect([...b.text.text].length).toBeLessThanOrEqual(75);
  });

  it("should not decode forged button values or staff action ids", () => {
    expect(decodeEngineValue("not json")).toBeUndefined();
    expect(decodeEngineValue('{"payload":"x"}')).toBeUndefined();
    expect(decodeEngineValue('{"id":"rate","payload":5}')).toBeUndefined();
    expect(parseStaffActionId("staff:reassign_to")).toBeUndefined();
    expect(parseStaffActionId("staff:delete")).toBeUndefined();
    expect(parseStaffActionId("staff:claim")).toBe("claim");
    expect(decodeModalMetadata("{}")).toBeUndefined();
  });
});

describe("ticket cards", () => {
  const card = (over: Partial<TicketCard> = {}): TicketCard => ({
    id: "WT-2026-000007",
    status: "claimed",
    statusText: "已受理 claimed",
    category: "housing",
    priority: "normal",
    summary: "Heater broken",
    details: "The heater in apartment 1203 is broken.",
    fields: { address: "Apartment 1203" },
    talent: "telegram:1001",
    commissioner: { id: "li-wei", name: "李伟 Li Wei", channels: ["console:li-wei", "slack:ULIWEI001"] },
    firstResponseDue: "2026-03-01T12:00:00.000Z",
    resolutionDue: "2026-03-06T08:00:00.000Z",
    actions: [
      { id: "reply", label: "Reply", payload: "WT-2026-000007" },
      { id: "resolve", label: "Resolve", payload: "WT-2026-000007" },
    ],
    open: true,
    ...over,
  });

  it("should mention the commissioner on Slack, name a talent from another channel, and offer the card's actions", () => {
    const m = cardMessage(card());
    expect(m.text).toBe("<@ULIWEI001> WT-2026-000007 [已受理 claimed] Heater broken");
    const all = JSON.stringify(m.blocks);
    expect(all).toContain("telegram:1001");
    expect(all).toContain("<!date^1772366400^{date_short} {time}|2026-03-01 12:00 UTC>");
    expect(m.blocks.filter((b) => b.type === "actions")).toHaveLength(1);
  });

  it("should show a closed ticket with its rating and without buttons", () => {
    const m = cardMessage(card({ status: "closed", statusText: "已关闭 closed", actions: [], open: false, rating: { score: 4, comment: "quick" } }));
    expect(m.blocks.some((b) => b.type === "actions")).toBe(false);
    expect(JSON.stringify(m.blocks)).toContain("★★★★☆ quick");
  });
});

describe("mentions", () => {
  it("should strip the bot's own mention and keep other people's", () => {
    expect(stripMention("<@UBOT1> how do I apply? cc <@UOTHER>", "UBOT1")).toBe("how do I apply? cc <@UOTHER>");
    expect(stripMention("  <@UBOT1|concierge>  人才公寓怎么申请", undefined)).toBe("人才公寓怎么申请");
  });
});
