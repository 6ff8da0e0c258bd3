import Keyv from "keyv";
import { describe, expect, it } from "vitest";
import { CallbackCodec } from "../../../src/channels/telegram/callback-data.ts";
import { renderCard } from "../../../src/channels/telegram/card.ts";
import { escapeAttr, escapeHtml, renderReply, splitSegments } from "../../../src/channels/telegram/format.ts";
import { inlineKeyboard } from "../../../src/channels/telegram/keyboard.ts";
import { deriveKey, sameSecret, webhookSecret } from "../../../src/channels/telegram/secrets.ts";
import { splitText } from "../../../src/channels/split.ts";
import { withoutBotName } from "../../../src/channels/telegram/talent.ts";
import type { TicketCard } from "../../../src/core/commissioner-desk.ts";
import type { Citation, Reply } from "../../../src/core/messages.ts";
import { parseTelegramHtml } from "../../fakes/telegram-api.ts";

const TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl";

const isLone = (s: string) => /[\ud800-\udbff]$/.test(s) || /^[\udc00-\udfff]/.test(s);

/** Plain text of Telegram HTML, as Telegram would show it (throws on HTML Telegram would refuse). */
function visible(html: string): string {
  const parsed = parseTelegramHtml(html);
  if ("error" in parsed) throw new Error(`${parsed.error}\n${html.slice(0, 200)}`);
  return parsed.text;
}

describe("splitText", () => {
  it("should return short text as one piece", () => {
    expect(splitText("你好", 4096)).toEqual(["你好"]);
    expect(splitText("", 4096)).toEqual([]);
  });

  it("should cut at paragraph breaks first, losslessly", () => {
    const para = (n: number) => `第${n}段。${"政策内容".repeat(300)}`;
    const text = [para(1), para(2), para(3), para(4)].join("\n\n");
    const pieces = splitText(text, 4096);
    expect(pieces.join("")).toBe(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(4096);
    for (const p of pieces.slice(0, -1)) expect(p.endsWith("\n\n")).toBe(true);
  });

  it("should fall back to lines, then sentences, then spaces", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n");
    for (const p of splitText(lines, 1000).slice(0, -1)) expect(p.endsWith("\n")).toBe(true);

    const sentences = "这是一句话。".repeat(1000);
    const byPunct = splitText(sentences, 1000);
    expect(byPunct.join("")).toBe(sentences);
    for (const p of byPunct.slice(0, -1)) expect(p.endsWith("。")).toBe(true);

    const english = "This is a sentence. ".repeat(300);
    for (const p of splitText(english, 1000).slice(0, -1)) expect(p).toMatch(/\.\s+$/);

    const words = "word ".repeat(1000);
    for (const p of splitText(words, 999).slice(0, -1)) expect(p.endsWith(" ")).toBe(true);
  });

  it("should never cut inside a surrogate pair, even with no boundary at all (CJK + emoji)", () => {
    const text = "人才😀".repeat(3000) + "🏠".repeat(2001);
    for (const limit of [4096, 4095, 333, 2]) {
      const pieces = splitText(text, limit);
      expect(pieces.join("")).toBe(text);
      for (const p of pieces) {
        expect(p.length).toBeLessThanOrEqual(limit);
        expect(isLone(p), `lone surrogate at a cut (limit ${limit})`).toBe(false);
      }
    }
  });

  it("should not make a tiny piece out of a paragraph break near the start", () => {
    const text = `标题\n\n${"长".repeat(5000)}`;
    const [first] = splitText(text, 4096);
    expect(first!.length).toBeGreaterThan(2048);
  });
});

describe("Telegram HTML", () => {
  it("should escape &, < and > in text and also \" in attributes", () => {
    expect(escapeHtml(`a & b <i>"x"</i>`)).toBe(`a &amp; b &lt;i&gt;"x"&lt;/i&gt;`);
    expect(escapeAttr(`https://x.example/?a=1&b="2"<`)).toBe("https://x.example/?a=1&amp;b=&quot;2&quot;&lt;");
  });

  const cite = (over: Partial<Citation> = {}): Citation => ({
    id: "doc#1",
    docId: "doc",
    title: "人才租房补贴办法",
    section: "人才租房补贴办法 › 第三条 补贴标准",
    effective: "2025-01-01",
    source: "https://rc.wutong.gov.cn/zcfg/2024/0118.html?a=1&b=2",
    lang: "zh",
    ...over,
  });

  it("should render citations under the answer: links for http(s) sources, plain text otherwise", () => {
    const reply: Reply = {
      text: "D类人才每月 2,500 元 <含> & 以上",
      lang: "zh",
      actions: [],
      citations: [cite(), cite({ id: "doc2#1", docId: "doc2", title: "Rules <A&B>", section: "Article 1", source: "本市人社局文件" }), cite({ id: "d3", source: "javascript:alert(1)" })],
    };
    const [html, ...rest] = renderReply(reply);
    expect(rest).toEqual([]);
    expect(html).toContain("D类人才每月 2,500 元 &lt;含&gt; &amp; 以上");
    expect(html).toContain('<a href="https://rc.wutong.gov.cn/zcfg/2024/0118.html?a=1&amp;b=2">人才租房补贴办法</a> · 第三条 补贴标准 · 自2025-01-01起施行');
    expect(html).toContain("[2] Rules &lt;A&amp;B&gt; · Article 1 · 自2025-01-01起施行 (本市人社局文件)");
    expect(html).not.toContain('href="javascript'); // shown as text, never linked
    expect(visible(html!)).toContain("来源:");
  });

  it("should split a long reply into messages under 4096 that each parse, with no tag spanning a cut", () => {
    const body = Array.from({ length: 40 }, (_, i) => `第${i + 1}条 <条款> & "引号" 😀 ${"人才政策说明。".repeat(30)}`).join("\n\n");
    const reply: Reply = { text: body, lang: "zh", actions: [], citations: Array.from({ length: 5 }, (_, i) => cite({ id: `c${i}`, title: `政策${i}`, section: `第${i}条` })) };
    const chunks = renderReply(reply);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(4096);
      expect(isLone(c)).toBe(false);
    }
    const shown = chunks.map(visible).join("");
    expect(shown.startsWith(body)).toBe(true);
    expect(shown).toContain("[5] 政策4 · 第4条");
  });

  it("should repeat a link's tags on both sides when a cut falls inside it", () => {
    const chunks = splitSegments([{ text: "前".repeat(60) }, { text: "链接文字".repeat(20), href: "https://example.org/a?x=1&y=2" }, { text: "后".repeat(60) }], 120);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(120);
      visible(c); // parses: every tag is closed in its own message
    }
    expect(chunks.filter((c) => c.includes('href="https://example.org/a?x=1&amp;y=2"')).length).toBeGreaterThan(1);
  });

  it("should render a ticket card within one message, escaping every field", () => {
    const card: TicketCard = {
      id: "WT-2026-000001",
      status: "new",
      statusText: "待受理 new",
      category: "housing",
      priority: "urgent",
      summary: "暖气 <坏了> & 漏水",
      details: "<script>".repeat(2000),
      fields: { address: "东湖苑3栋502 <A&B>" },
      talent: "telegram:1001",
      commissioner: { id: "li-wei", name: "李伟 Li Wei", channels: ["telegram:9001"] },
      firstResponseDue: "2026-05-01T08:30:00.000Z",
      resolutionDue: "2026-05-03T08:30:00.000Z",
      actions: [],
      open: true,
    };
    const html = renderCard(card, "&".repeat(900));
    expect(html.length).toBeLessThanOrEqual(4096);
    const shown = visible(html);
    expect(shown).toContain("WT-2026-000001");
    expect(shown).toContain("暖气 <坏了> & 漏水");
    expect(shown).toContain("2026-05-01 08:30 UTC");
  });

  it("should strip only this bot's name from a command", () => {
    expect(withoutBotName("/start@talent_concierge_bot hi", "talent_concierge_bot")).toBe("/start hi");
    expect(withoutBotName("/start@other_bot", "talent_concierge_bot")).toBe("/start@other_bot");
  });
});

describe("callback data", () => {
  const codec = (store = new Keyv<string>()) => new CallbackCodec({ key: deriveKey(TOKEN, "callback-data"), store });

  it("should round-trip actions within 64 bytes, storing long payloads by hash", async () => {
    const store = new Keyv<string>();
    const c = codec(store);
    const question = "人才子女入学需要准备哪些材料？我家孩子今年九月上小学一年级，户口还没有迁过来。";
    for (const a of [{ id: "claim", payload: "WT-2026-000123" }, { id: "rate", payload: "WT-2026-000123:5" }, { id: "ask_commissioner" }, { id: "ask", payload: question }, { id: "reassign_to", payload: "WT-2026-000123>chen-jing" }]) {
      const data = await c.encode(a);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(await c.decode(data)).toEqual(a);
    }
    expect(await c.encode({ id: "ask", payload: question })).toMatch(/^ask:#/);
  });

  it("should refuse forged, tampered, malformed and expired data", async () => {
    const store = new Keyv<string>();
    const c = codec(store);
    const data = await c.encode({ id: "rate", payload: "WT-2026-000123:5" });
    expect(await c.decode(data.replace(":5:", ":1:"))).toBeUndefined(); // another star count
    expect(await c.decode(data.replace("000123", "000124"))).toBeUndefined(); // another ticket
    expect(await c.decode("claim:=WT-2026-000123:AAAAAAAAAA")).toBeUndefined();
    expect(await c.decode("garbage")).toBeUndefined();
    expect(await c.decode(undefined)).toBeUndefined();
    // Signed with another bot's key.
    const other = new CallbackCodec({ key: deriveKey("987654321:AAOtherTokenxxxxxxxxxxxxxxxxxx", "callback-data"), store });
    expect(await c.decode(await other.encode({ id: "claim", payload: "WT-2026-000123" }))).toBeUndefined();
    // A stored payload that expired.
    const long = await c.encode({ id: "ask", payload: "x".repeat(100) });
    await store.clear();
    expect(await c.decode(long)).toBeUndefined();
  });

  it("should lay out short buttons in rows and long ones alone", async () => {
    const stars = [1, 2, 3, 4, 5].map((n) => ({ id: "rate", label: "★".repeat(n), payload: `WT-2026-000001:${n}` }));
    expect((await inlineKeyboard(stars, codec()))!.inline_keyboard.map((r) => r.length)).toEqual([3, 2]);
    const questions = ["人才公寓谁可以申请？", "租房补贴每月多少？", "购房补贴怎么申请？"].map((q) => ({ id: "ask", label: q, payload: q }));
    expect((await inlineKeyboard(questions, codec()))!.inline_keyboard.map((r) => r.length)).toEqual([1, 1, 1]);
    const card = ["认领 Claim", "回复 Reply", "办结 Resolve", "转交 Reassign"].map((label) => ({ id: "claim", label, payload: "WT-2026-000001" }));
    expect((await inlineKeyboard(card, codec()))!.inline_keyboard.map((r) => r.length)).toEqual([2, 2]);
    expect(await inlineKeyboard([], codec())).toBeUndefined();
  });
});

describe("webhook secret", () => {
  it("should derive a valid secret from the token unless one is configured", () => {
    const s = webhookSecret(TOKEN);
    expect(s).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(s).not.toContain(TOKEN.split(":")[1]);
    expect(webhookSecret(TOKEN)).toBe(s);
    expect(webhookSecret("987654321:AAOtherTokenxxxxxxxxxxxxxxxxxx")).not.toBe(s);
    expect(webhookSecret(TOKEN, "configured")).toBe("configured");
    expect(sameSecret(s, s)).toBe(true);
    expect(sameSecret(undefined, s)).toBe(false);
    expect(sameSecret(`${s}x`, s)).toBe(false);
  });
});
