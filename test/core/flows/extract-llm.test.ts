import { readFileSync } from "node:fs";
import path from "node:path";
import Keyv from "keyv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../../src/core/answer/answerer.ts";
import { ConversationStore, type ConversationState } from "../../../src/core/conversation-state.ts";
import { createEngine } from "../../../src/core/engine.ts";
import { readPrompt, type ModelFallbackReason } from "../../../src/core/intents/llm.ts";
import { RuleIntentClassifier } from "../../../src/core/intents/rules.ts";
import { createTicketDesk } from "../../../src/core/flows/desk.ts";
import { extractDraft, ruleExtractor } from "../../../src/core/flows/draft/draft.ts";
import { CHAT_CONTACT } from "../../../src/core/flows/draft/fields.ts";
import { createDraftExtractor, ModelDraftExtractor } from "../../../src/core/flows/draft/extract-llm.ts";
import { MemoryTicketRepository } from "../../../src/tickets/memory.ts";
import { parseRoster } from "../../../src/tickets/roster.ts";
import { TicketService } from "../../../src/tickets/service.ts";
import { ticketTexts } from "../../../src/core/ticket-texts.ts";
import { startFakeChat, type FakeChat } from "../../fakes/openai-chat.ts";
import { ROOT, talent } from "../../fixtures/app.ts";

const NOW = new Date("2026-11-22T04:00:00Z");
const DISTRICTS = ["东湖区", "西山区", "梧桐市"];
const opts = { districts: DISTRICTS, now: NOW };

let fake: FakeChat;

beforeAll(async () => {
  fake = await startFakeChat();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.inner.clear();
  fake.setDelay(0);
  fake.setMode("tool");
});

function extractor(timeoutMs = 1500) {
  const reasons: ModelFallbackReason[] = [];
  const x = new ModelDraftExtractor({
    model: { apiKey: "sk-tickets", baseURL: fake.url, model: "gpt-4o-mini", timeoutMs, maxRetries: 0 },
    onFallback: (r) => reasons.push(r),
  });
  return { x, reasons };
}

const reply = (o: unknown) => fake.setReply(JSON.stringify(o));

describe("ModelDraftExtractor against an OpenAI-compatible server", () => {
  it("should use the model's draft, asked for as a forced function call with the message as data", async () => {
    const { x, reasons } = extractor();
    // The rules see no category here ("a place for my little one"); the model does.
    const text = "my little one needs a place from September, she turns 6 in July. Call me on 13800138000";
    expect(extractDraft(text, opts).category).toBe("other");
    reply({
      category: "schooling",
      priority: "normal",
      summary: "School place from September for my 6-year-old daughter",
      details: "A school place from September for a daughter who turns 6 in July.",
      fields: { child: "6 years old", district: null, contact: "[phone]" },
    });
    const draft = await x.extract(text, opts);
    expect(reasons).toEqual([]);
    expect(draft).toEqual({
      category: "schooling",
      priority: "normal",
      summary: "School place from September for my 6-year-old daughter",
      details: text, // the talent's own words, not the model's restatement
      fields: { child: "6 years old", contact: "13800138000" }, // the number comes from the rules: the model never saw it
    });

    const [req] = fake.chatRequests();
    expect(req!.headers.authorization).toBe("Bearer sk-tickets");
    const body = req!.body as { messages: { role: string; content: string }[]; tools: { function: { name: string; parameters: { properties: Record<string, unknown> } } }[]; tool_choice: unknown };
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "extract_ticket_draft" } });
    expect(Object.keys(body.tools[0]!.function.parameters.properties).sort()).toEqual(["category", "details", "fields", "priority", "summary"]);
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0]!.content).toBe(readPrompt("ticket.md"));
    const human = body.messages[1]!.content;
    expect(human).toContain("Today: 2026-11-22");
    expect(human).toContain("东湖区, 西山区");
    expect(human).not.toContain("梧桐市");
    expect(human).toContain(JSON.stringify(text.replace("13800138000", "[phone]")));
    expect(JSON.stringify(body)).not.toContain("13800138000");
  });

  it("should validate the model's fields, keep the rules' urgency and fill what the model left out", async () => {
    const { x } = extractor();
    const text = "暖气片一直在漏水，东湖苑3栋502，就在这里联系";
    reply({ category: "housing", priority: "normal", summary: "暖气片漏水", details: "暖气片漏水", fields: { child: "三年级", address: "", date: "whenever" } });
    const draft = await x.extract(text, opts);
    expect(draft).toEqual({
      category: "housing",
      priority: "urgent", // a leak: the rules' urgency is never downgraded
      summary: "暖气片漏水",
      details: text,
      fields: { address: "东湖苑3栋502", contact: CHAT_CONTACT }, // no child for housing; the rest from the rules
    });

    // An invalid value is dropped; a summary in the wrong language gives way to the rules'.
    reply({ category: "schooling", priority: "normal", summary: "Enrol my daughter", details: "x", fields: { child: "banana", district: "Donghu" } });
    const zh = await x.extract("帮我女儿办理入学", opts);
    expect(zh.fields).toEqual({ district: "东湖区" });
    expect(zh.summary).toBe(extractDraft("帮我女儿办理入学", opts).summary);
  });

  it("should accept a JSON object in the content from a server that ignores tools", async () => {
    const { x, reasons } = extractor();
    fake.setMode("content");
    fake.setReply('```json\n{"category": "medical", "priority": "normal", "summary": "预约体检", "details": "预约体检", "fields": {"hospital": "梧桐市第一人民医院"}}\n```');
    expect(await x.extract("想做个年度检查", opts)).toMatchObject({ category: "medical", summary: "预约体检", fields: { hospital: "梧桐市第一人民医院" } });
    expect(reasons).toEqual([]);
  });

  it("should fall back to the rules on garbage, a server error or a timeout", async () => {
    const text = "please help me enrol my daughter in Grade 3";
    const rules = extractDraft(text, opts);
    const { x, reasons } = extractor();
    for (const garbage of ["not json at all", JSON.stringify({ category: "complaint", priority: "normal", summary: "x", details: "x", fields: {} }), JSON.stringify({ category: "housing" })]) {
      fake.setReply(garbage);
      expect(await x.extract(text, opts)).toEqual(rules);
    }
    expect(reasons).toEqual(["invalid_output", "invalid_output", "invalid_output"]);

    fake.failNext(1, 500);
    expect(await x.extract(text, opts)).toEqual(rules);
    expect(reasons.at(-1)).toBe("error");

    const slow = extractor(300);
    fake.setDelay(5_000);
    const started = Date.now();
    expect(await slow.x.extract(text, opts)).toEqual(rules);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(slow.reasons).toEqual(["timeout"]);
  });

  it("should be the rules alone without a model", async () => {
    expect(createDraftExtractor(undefined)).toBe(ruleExtractor);
    expect(createDraftExtractor({ apiKey: "k", baseURL: fake.url, model: "m", timeoutMs: 500 })).toBeInstanceOf(ModelDraftExtractor);
  });

  it("should drive the desk's drafts when configured", async () => {
    const roster = parseRoster(readFileSync(path.join(ROOT, "config/roster.example.yaml"), "utf8"));
    const repo = new MemoryTicketRepository("WT");
    const service = new TicketService({ repo, roster, clock: () => NOW, texts: ticketTexts });
    const desk = createTicketDesk({ service, extractor: createDraftExtractor({ apiKey: "k", baseURL: fake.url, model: "m", timeoutMs: 1_500, maxRetries: 0 }) });
    const engine = createEngine({
      knowledge: () => {
        throw new Error("no knowledge base in this test");
      },
      classifier: new RuleIntentClassifier(),
      answerer: new ExtractiveAnswerer(),
      conversations: new ConversationStore(new Keyv<ConversationState>()),
      profiles: { get: async () => undefined, set: async () => undefined },
      desk,
      threshold: 0.07,
      clock: () => NOW,
    });
    reply({ category: "settlement", priority: "normal", summary: "配偶随迁落户", details: "为配偶办理随迁落户", fields: { contact: "this chat" } });
    const me = talent(engine, "test:model-desk");
    const shown = await me.say("请帮我爱人把户口迁过来");
    expect(shown.text).toContain("配偶随迁落户");
    expect(shown.actions.map((a) => a.id)).toContain("confirm_draft");
    await me.say("确认");
    const [ticket] = await repo.list({ talent: me.user });
    expect(ticket).toMatchObject({ category: "settlement", summary: "配偶随迁落户", details: "请帮我爱人把户口迁过来", fields: { contact: CHAT_CONTACT }, passagesSearched: false });
  });
});
