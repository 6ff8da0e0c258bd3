import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractiveAnswerer, type Answerer } from "../../../src/core/answer/answerer.ts";
import { t } from "../../../src/core/i18n.ts";
import { TEXTS } from "../../../src/core/texts.ts";
import { TG_TEXTS } from "../../../src/channels/telegram/texts.ts";
import { parseTelegramHtml } from "../../fakes/telegram-api.ts";
import { ADMIN, buttons, person, photo, press, sentTo, startHarness, text, type Harness } from "./harness.ts";

/**
 * Talents in private chats, over the webhook (one app for the file, a different Telegram user per test).
 * The answerer is the real extractive one, except that a question containing LONG_MARKER gets a very long
 * answer (with characters that need escaping and emoji), to see it arrive in several messages.
 */

const LONG_MARKER = "请给我完整全文";
const LONG_PARAGRAPH = (i: number) => `第${i}条 <补贴> & "标准" 😀 ${"符合条件的人才按月领取租房补贴，最长三十六个月。".repeat(12)}`;
const LONG_TEXT = Array.from({ length: 30 }, (_, i) => LONG_PARAGRAPH(i + 1)).join("\n\n");

const extractive = new ExtractiveAnswerer();
const answerer: Answerer = {
  async answer(input) {
    const a = await extractive.answer(input);
    return input.question.includes(LONG_MARKER) ? { ...a, text: LONG_TEXT } : a;
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ app: { answerer } });
});
afterAll(async () => {
  await h?.stop();
});

const visible = (html: string) => {
  const p = parseTelegramHtml(html);
  if ("error" in p) throw new Error(p.error);
  return p.text;
};
const conversation = (id: number) => h.test.app.store<{ turns?: unknown[] }>("conversation").get(`telegram:${id}`);

describe("talents in a private chat", () => {
  it("should register the command menu in English and Chinese at start", () => {
    const menus = h.fake.callsTo("setMyCommands").map((c) => ({ lang: c.body.language_code as string | undefined, commands: (c.body.commands as { command: string }[]).map((x) => x.command) }));
    expect(menus).toEqual([
      { lang: undefined, commands: ["start", "help", "tickets", "ticket", "profile", "lang", "cancel"] },
      { lang: "zh", commands: ["start", "help", "tickets", "ticket", "profile", "lang", "cancel"] },
    ]);
  });

  it.each([
    { id: 1001, locale: "zh-hans", lang: "zh" as const, topics: ["住房", "子女入学", "就医", "落户与证件"] },
    { id: 1002, locale: "en", lang: "en" as const, topics: ["Housing", "Schooling", "Medical care", "Settlement and permits"] },
  ])("should welcome /start in the app's language ($locale) with the four topic buttons", async ({ id, locale, lang, topics }) => {
    const me = person(id, locale);
    await h.deliver(text(me, "/start"));
    const [welcome, ...more] = sentTo(h.fake, me.id);
    expect(more).toEqual([]);
    expect(welcome!.text).toBe(t(TEXTS.welcome, lang));
    expect(buttons(h.fake, welcome!).map((b) => b.text)).toEqual(topics);
  });

  it("should answer a Chinese policy question with citations linked to their sources, after a typing action", async () => {
    const me = person(1003, "zh-hans");
    await h.deliver(text(me, "D类人才租房补贴每月多少？"));
    const [answer, ...more] = sentTo(h.fake, me.id);
    expect(more).toEqual([]);
    expect(answer!.text).toMatch(/2[,，]?500/);
    expect(answer!.text).toContain("来源:");
    expect(answer!.raw).toMatch(/<a href="https:\/\/rc\.wutong\.gov\.cn\/[^"]+">[^<]+<\/a> · /);
    expect(answer!.text).toMatch(/自\d{4}-\d{2}-\d{2}起施行/);
    expect(buttons(h.fake, answer!).map((b) => b.text)).toEqual([t(TEXTS.askCommissioner, "zh")]);
    const typing = h.fake.calls.findIndex((c) => c.method === "sendChatAction" && c.body.chat_id === me.id && c.body.action === "typing");
    const sent = h.fake.calls.findIndex((c) => c.method === "sendMessage" && c.body.chat_id === me.id);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(sent);
  });

  it("should answer an English question in English with Sources", async () => {
    const me = person(1004, "en");
    await h.deliver(text(me, "How much is the rent subsidy for a Tier D talent?"));
    const [answer] = sentTo(h.fake, me.id);
    expect(answer!.text).toContain("Sources:");
    expect(answer!.text).toMatch(/effective \d{4}-\d{2}-\d{2}/);
    expect(answer!.raw).toContain('<a href="https://');
    expect(h.fake.sent(me.id)[0]!.body.parse_mode).toBe("HTML");
  });

  it("should escape what the talent typed when the bot repeats it", async () => {
    const me = person(1005, "zh-hans");
    await h.deliver(text(me, "请帮我报修：人才公寓 <b>暖气</b> & 水管坏了"));
    const [draft] = sentTo(h.fake, me.id);
    expect(h.fake.sent(me.id)[0]!.status).toBe(200); // Telegram parsed it
    expect(draft!.raw).toContain("&lt;b&gt;暖气&lt;/b&gt; &amp; 水管");
    expect(draft!.text).toContain("<b>暖气</b> & 水管");
  });

  it("should answer a topic button (callback answered) with example questions, and a long example question's button", async () => {
    const me = person(1006, "zh-hans");
    await h.deliver(text(me, "/start"));
    const [welcome] = sentTo(h.fake, me.id);
    const housing = buttons(h.fake, welcome!).find((b) => b.text === "住房")!;
    const q = press(me, h.fake, welcome!, housing.data);
    await h.deliver(q);
    expect(h.fake.callsTo("answerCallbackQuery").some((c) => c.body.callback_query_id === q.callback_query!.id)).toBe(true);
    const examples = sentTo(h.fake, me.id)[1]!;
    expect(examples.text).toContain("住房");
    const ask = buttons(h.fake, examples);
    expect(ask.map((b) => b.text)).toEqual(["人才公寓谁可以申请？", "租房补贴每月多少？", "购房补贴怎么申请？"]);
    for (const b of ask) expect(Buffer.byteLength(b.data)).toBeLessThanOrEqual(64);

    await h.deliver(press(me, h.fake, examples, ask[1]!.data));
    const answer = sentTo(h.fake, me.id)[2]!;
    expect(answer.text).toContain("来源:");
    const state = (await conversation(me.id)) as { turns: { text: string }[] };
    expect(state.turns.some((x) => x.text === "[ask:租房补贴每月多少？]")).toBe(true);
  });

  it("should split a reply longer than 4096 characters into messages that join back to the whole answer", async () => {
    const me = person(1007, "zh-hans");
    await h.deliver(text(me, `D类人才租房补贴每月多少？${LONG_MARKER}`));
    const messages = sentTo(h.fake, me.id);
    expect(messages.length).toBeGreaterThan(1);
    for (const [i, m] of messages.entries()) {
      expect(m.raw.length).toBeLessThanOrEqual(4096);
      // Buttons only under the last part.
      expect(buttons(h.fake, m).length > 0).toBe(i === messages.length - 1);
    }
    const joined = messages.map((m) => visible(m.raw)).join("");
    expect(joined.startsWith(LONG_TEXT)).toBe(true);
    expect(joined).toContain("来源:");
  });

  it("should refuse a forged button as expired, without calling the engine", async () => {
    const me = person(1008, "zh-hans");
    await h.deliver(text(me, "/start"));
    const [welcome] = sentTo(h.fake, me.id);
    const before = await conversation(me.id);
    const real = buttons(h.fake, welcome!)[0]!.data; // topic:=housing:<tag>
    for (const forged of [real.replace("housing", "medical"), "rate:=WT-2026-000001:5:AAAAAAAAAA", "confirm_draft:=x:0123456789"]) {
      const q = press(me, h.fake, welcome!, forged);
      await h.deliver(q);
      const answered = h.fake.callsTo("answerCallbackQuery").find((c) => c.body.callback_query_id === q.callback_query!.id);
      expect(answered?.body.text).toBe(t(TG_TEXTS.expiredButton, "zh"));
    }
    expect(sentTo(h.fake, me.id)).toHaveLength(1);
    expect(await conversation(me.id)).toEqual(before);
  });

  it("should say it reads only text when sent a photo", async () => {
    const me = person(1009, "en");
    await h.deliver(photo(me));
    expect(sentTo(h.fake, me.id).map((m) => m.text)).toEqual([t(TG_TEXTS.textOnly, "en")]);
  });

  it("should pass /profile, /lang and /tickets to the engine", async () => {
    const me = person(1010, "zh-hans");
    await h.deliver(text(me, "/lang en"));
    await h.deliver(text(me, "/profile"));
    await h.deliver(text(me, "/tickets"));
    const [lang, profile, tickets] = sentTo(h.fake, me.id);
    expect(lang!.text).toBe(t(TEXTS.langSet, "en"));
    expect(profile!.text).toContain("Your profile:");
    expect(tickets!.text).not.toBe("");
  });

  it("should reload the index for an admin only", async () => {
    const talent = person(1011, "en");
    await h.deliver(text(talent, "/reload"));
    expect(sentTo(h.fake, talent.id)[0]!.text).toBe("Only admins can reload the knowledge base.");
    const admin = person(ADMIN, "en");
    await h.deliver(text(admin, "/reload"));
    expect(sentTo(h.fake, admin.id)[0]!.text).toMatch(/^Knowledge base reloaded: \d+ policies, \d+ passages\.$/);
  });

  it("should handle a re-delivered update once", async () => {
    const me = person(1012, "zh-hans");
    const update = { ...text(me, "/start"), update_id: 777_001 };
    await h.deliver(update);
    await h.deliver(update);
    expect(sentTo(h.fake, me.id)).toHaveLength(1);
    const duplicates = await h.deps.metrics.duplicates.get();
    expect(duplicates.values.find((v) => v.labels.channel === "telegram")?.value).toBeGreaterThanOrEqual(1);
  });

  it("should deliver exactly once when the Bot API answers 429 with retry_after first", async () => {
    const me = person(1013, "zh-hans");
    h.fake.failNext("sendMessage", 1, { status: 429, retryAfter: 1 });
    const started = Date.now();
    await h.deliver(text(me, "/help"));
    const attempts = h.fake.callsTo("sendMessage").filter((c) => c.body.chat_id === me.id);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(sentTo(h.fake, me.id)).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("should still answer when the connection to the Bot API drops on the first attempt", async () => {
    const me = person(1015, "zh-hans");
    h.fake.failNext("sendMessage", 1, { drop: true });
    await h.deliver(text(me, "/help"));
    const attempts = h.fake.callsTo("sendMessage").filter((c) => c.body.chat_id === me.id);
    expect(attempts.map((c) => c.status)).toEqual([0, 200]);
    // The same message again, not an apology for a failure.
    expect(attempts[1]!.body.text).toBe(attempts[0]!.body.text);
    expect(h.fake.sent(me.id).map((c) => c.result.text)).not.toContain(t(TG_TEXTS.failure, "zh"));
  });

  it("should give up on a Bot API that keeps dropping the connection, and log it", async () => {
    const me = person(1016, "zh-hans");
    // The first attempt and both retries: nothing left scripted for the next test.
    h.fake.failNext("sendMessage", 3, { drop: true });
    await h.deliver(text(me, "/help"));
    const attempts = h.fake.callsTo("sendMessage").filter((c) => c.body.chat_id === me.id);
    // Three attempts at the answer, then the apology once the connection is back.
    expect(attempts.map((c) => c.status)).toEqual([0, 0, 0, 200]);
    expect(h.fake.sent(me.id).map((c) => c.result.text)).toEqual([t(TG_TEXTS.failure, "zh")]);
    expect(h.logs.text).toContain("telegram update failed");
  });

  it("should never write the bot token or message text to the logs", async () => {
    const me = person(1014, "zh-hans");
    h.fake.failNext("sendMessage", 1, { status: 400, description: "Bad Request: chat not found" });
    await h.deliver(text(me, "我的手机号 13800138000，D类人才租房补贴每月多少？"));
    expect(h.logs.text).toContain("telegram update failed"); // the failure was logged…
    expect(h.logs.text).not.toContain(h.fake.token); // …without the token
    expect(h.logs.text).not.toContain(h.fake.token.split(":")[1]);
    expect(h.logs.text).not.toContain("13800138000");
    expect(h.logs.text).not.toContain("租房补贴");
  });
});
