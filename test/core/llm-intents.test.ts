import { ChatOpenAI } from "@langchain/openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { INTENTS, type IntentClassifier } from "../../src/core/intents/intent.ts";
import { createIntentClassifier, DEFAULT_PROMPT_DIR, ModelIntentClassifier, readPrompt, withDeadline, ModelTimeoutError, type ModelFallbackReason } from "../../src/core/intents/llm.ts";
import { RuleIntentClassifier } from "../../src/core/intents/rules.ts";
import { startFakeChat, type FakeChat } from "../fakes/openai-chat.ts";

let fake: FakeChat;
const rules = new RuleIntentClassifier();

beforeAll(async () => {
  fake = await startFakeChat();
});
afterAll(async () => {
  await fake.close();
});
let receivedBefore = 0;
beforeEach(() => {
  receivedBefore = fake.received;
  fake.inner.clear();
  fake.setDelay(0);
  fake.setMode("tool");
  fake.setReply(JSON.stringify({ intent: "question", confidence: 0.93 }));
});

function classifier(timeoutMs = 1500) {
  const reasons: ModelFallbackReason[] = [];
  const c = new ModelIntentClassifier({
    model: { apiKey: "sk-intents", baseURL: fake.url, model: "gpt-4o-mini", timeoutMs, maxRetries: 0 },
    fallback: rules,
    onFallback: (r) => reasons.push(r),
  });
  return { c, reasons };
}

describe("ModelIntentClassifier against an OpenAI-compatible server", () => {
  it("should use the model's classification, sent as a forced function call with the message as data", async () => {
    const { c, reasons } = classifier();
    fake.setReply(JSON.stringify({ intent: "request", confidence: 0.91 }));
    const text = "can you help me apply for the rent subsidy?";
    expect(await c.classify(text)).toEqual({ intent: "request", confidence: 0.91, source: "model" });
    expect(reasons).toEqual([]);

    const [req] = fake.chatRequests();
    expect(req!.headers.authorization).toBe("Bearer sk-intents");
    const body = req!.body as { model: string; messages: { role: string; content: string }[]; tools: { type: string; function: { name: string; parameters: { properties: Record<string, unknown> } } }[]; tool_choice: unknown };
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "classify_intent" } });
    expect(body.tools).toHaveLength(1);
    expect(body.tools[0]!.function.name).toBe("classify_intent");
    expect(Object.keys(body.tools[0]!.function.parameters.properties).sort()).toEqual(["confidence", "intent"]);
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0]!.content).toBe(readPrompt("intent.md"));
    expect(body.messages[1]!.content).toContain(JSON.stringify(text));
    expect(body.messages[1]!.content).toContain("waiting for: nothing");
  });

  it("should pass Chinese text through unchanged and tell the model what the desk is waiting for", async () => {
    const { c } = classifier();
    fake.setReply(JSON.stringify({ intent: "rating", confidence: 0.97 }));
    expect(await c.classify("5", { awaiting: "rating" })).toMatchObject({ intent: "rating", source: "model" });
    fake.setReply(JSON.stringify({ intent: "question", confidence: 0.88 }));
    expect(await c.classify("帮我查一下D类人才的租房补贴标准")).toMatchObject({ intent: "question", source: "model" });
    const [rating, zh] = fake.chatRequests().map((r) => (r.body as { messages: { content: string }[] }).messages[1]!.content);
    expect(rating).toContain("a rating");
    expect(zh).toContain('"帮我查一下D类人才的租房补贴标准"');
  });

  it("should accept a JSON object in the content from a server that ignores tools", async () => {
    const { c } = classifier();
    fake.setMode("content");
    fake.setReply('```json\n{"intent": "ticket_status", "confidence": 0.8}\n```');
    expect(await c.classify("has my repair been scheduled yet?")).toEqual({ intent: "ticket_status", confidence: 0.8, source: "model" });
  });

  it("should fall back to the rules when the model answers outside the schema", async () => {
    const { c, reasons } = classifier();
    for (const reply of [JSON.stringify({ intent: "complaint", confidence: 0.9 }), JSON.stringify({ intent: "request", confidence: 7 }), "not json at all"]) {
      fake.setReply(reply);
      const text = "How do I apply for the rent subsidy?";
      expect(await c.classify(text)).toEqual(await rules.classify(text));
    }
    expect(reasons).toEqual(["invalid_output", "invalid_output", "invalid_output"]);
  });

  it("should fall back to the rules on a server error", async () => {
    const { c, reasons } = classifier();
    fake.failNext(1, 500);
    const result = await c.classify("帮我申请租房补贴");
    expect(result).toEqual({ intent: "request", confidence: expect.any(Number), source: "rules" });
    expect(reasons).toEqual(["error"]);
    expect(fake.chatRequests().map((r) => r.status)).toEqual([500]);
  });

  it("should fall back to the rules within the timeout when the model never answers", async () => {
    const { c, reasons } = classifier(300);
    fake.setDelay(5_000);
    const started = Date.now();
    const result = await c.classify("5", { awaiting: "rating" });
    const elapsed = Date.now() - started;
    expect(result).toEqual({ intent: "rating", confidence: expect.any(Number), source: "rules" });
    expect(reasons).toEqual(["timeout"]);
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1_000);
    expect(fake.received).toBeGreaterThan(0);
    expect(fake.chatRequests()).toEqual([]); // the proxy dropped the abandoned request
  });

  it("should take any LangChain chat model and a separate timeout", async () => {
    const model = new ChatOpenAI({ model: "qwen2.5:7b", apiKey: "sk-local", maxRetries: 0, configuration: { baseURL: fake.url } });
    const c = new ModelIntentClassifier({ model, fallback: rules, timeoutMs: 1_000 });
    fake.setReply(JSON.stringify({ intent: "help", confidence: 0.99 }));
    expect(await c.classify("你好")).toEqual({ intent: "help", confidence: 0.99, source: "model" });
    expect((fake.lastBody() as { model: string }).model).toBe("qwen2.5:7b");
  });

  it("should fall back when the server cannot be reached", async () => {
    const broken = { classify: vi.fn(async () => ({ intent: "chitchat" as const, confidence: 0.5, source: "rules" as const })) } satisfies IntentClassifier;
    const c = new ModelIntentClassifier({ model: { apiKey: "k", baseURL: "http://127.0.0.1:9/v1", model: "m", timeoutMs: 800, maxRetries: 0 }, fallback: broken });
    expect(await c.classify("hello")).toMatchObject({ source: "rules" });
    expect(broken.classify).toHaveBeenCalledWith("hello", {});
  });
  it("should leave slash commands and empty messages to the rules without calling the model", async () => {
    const { c, reasons } = classifier();
    expect(await c.classify("/profile tier=D")).toEqual({ intent: "profile", confidence: 1, source: "rules" });
    expect(await c.classify("  ")).toMatchObject({ intent: "help", source: "rules" });
    expect(fake.received).toBe(receivedBefore);
    expect(reasons).toEqual([]);
  });
});

describe("createIntentClassifier", () => {
  it("should return the rules alone without a chat model", () => {
    expect(createIntentClassifier(undefined, rules)).toBe(rules);
  });

  it("should return a model classifier with the rules behind it when a chat model is configured", async () => {
    const c = createIntentClassifier({ apiKey: "sk-factory", baseURL: fake.url, model: "gpt-4o-mini", timeoutMs: 1_000 }, rules, { maxRetries: 0 });
    expect(c).toBeInstanceOf(ModelIntentClassifier);
    fake.setReply(JSON.stringify({ intent: "cancel", confidence: 0.9 }));
    expect(await c.classify("算了")).toEqual({ intent: "cancel", confidence: 0.9, source: "model" });
    expect(fake.chatRequests()[0]!.headers.authorization).toBe("Bearer sk-factory");
  });
});

describe("intent prompt and deadline", () => {
  it("should define every intent and the hard cases", () => {
    const prompt = readPrompt("intent.md", DEFAULT_PROMPT_DIR);
    for (const intent of INTENTS) expect(prompt).toMatch(new RegExp(`^- ${intent}:`, "m"));
    for (const s of ["Can you help me apply for", "How do I apply for", "帮我查一下", "帮我申请", "hotline", '"5" alone', "DATA"]) expect(prompt).toContain(s);
  });

  it("should reject at the deadline and abort the call", async () => {
    let aborted = false;
    const started = Date.now();
    await expect(
      withDeadline(100, (signal) => {
        signal.addEventListener("abort", () => (aborted = true));
        return new Promise(() => {});
      }),
    ).rejects.toBeInstanceOf(ModelTimeoutError);
    expect(Date.now() - started).toBeLessThan(500);
    expect(aborted).toBe(true);
  });
});
