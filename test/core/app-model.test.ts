import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { startFakeChat, type FakeChat } from "../fakes/openai-chat.ts";

let fake: FakeChat;
let dir: string;
let app: App;

beforeAll(async () => {
  fake = await startFakeChat();
  dir = await mkdtemp(path.join(os.tmpdir(), "tc-app-model-"));
  const config = loadConfig({
    KNOWLEDGE_DIR: "knowledge",
    DATA_DIR: dir,
    STORE_URL: `sqlite://${dir}/state.sqlite`,
    EMBEDDINGS: "local",
    OPENAI_API_KEY: "sk-app",
    OPENAI_BASE_URL: fake.url,
    OPENAI_CHAT_MODEL: "gpt-4o-mini",
    MODEL_TIMEOUT_MS: "3000",
  });
  app = await createApp(config);
});
afterAll(async () => {
  await app?.close();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the app with a chat model configured", () => {
  it("should ask the configured model to classify the message, with phone and ID numbers masked", async () => {
    fake.setMode("tool");
    fake.setReply(JSON.stringify({ intent: "question", confidence: 0.95 }));
    const reply = await app.engine.handle({ user: "console:model", text: "我手机13812345678，身份证110101199003071234，租房补贴每月多少？" });
    const bodies = fake.chatRequests().map((r) => JSON.stringify(r.body));
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.some((b) => b.includes("classify_intent"))).toBe(true);
    for (const b of bodies) {
      expect(b).not.toContain("13812345678");
      expect(b).not.toContain("110101199003071234");
    }
    expect(bodies.join("\n")).toContain("[phone]");
    // The model's answer call got an intent-shaped reply, which is no answer: the desk still answers, cited.
    expect(reply.citations.length).toBeGreaterThan(0);
  });
});

describe("chat models named with their LangChain provider", () => {
  it("should reach the same OpenAI-compatible server for 'openai:<model>' as for the bare name, deterministic and keyed", async () => {
    const { createChatModel } = await import("../../src/core/model.ts");
    fake.setMode("content");
    fake.setReply("pong");
    const before = fake.chatRequests().length;
    for (const name of ["openai:gpt-4o-mini", "gpt-4o-mini"]) {
      const model = await createChatModel({ apiKey: "sk-provider", baseURL: fake.url, model: name, timeoutMs: 3000, maxRetries: 0 });
      const out = await model.invoke("ping");
      expect(out.content).toBe("pong");
    }
    const sent = fake.chatRequests().slice(before).map((r) => r.body as { model: string; temperature?: number });
    expect(sent.map((b) => b.model)).toEqual(["gpt-4o-mini", "gpt-4o-mini"]);
    for (const b of sent) expect(b.temperature).toBe(0);
  });

  it("should take 'mistral:7b' for a model on the configured server, not for LangChain's Mistral provider", async () => {
    const { createChatModel } = await import("../../src/core/model.ts");
    fake.setMode("content");
    fake.setReply("pong");
    const before = fake.chatRequests().length;
    const out = await (await createChatModel({ apiKey: "local", baseURL: fake.url, model: "mistral:7b", timeoutMs: 3000, maxRetries: 0 })).invoke("ping");
    expect(out.content).toBe("pong");
    expect(fake.chatRequests().slice(before).map((r) => (r.body as { model: string }).model)).toEqual(["mistral:7b"]);
  });

  it("should say which package is missing for another provider's model", async () => {
    const { createChatModel } = await import("../../src/core/model.ts");
    await expect(createChatModel({ apiKey: "k", model: "anthropic:claude-sonnet-4-5", timeoutMs: 3000 })).rejects.toThrow(/@langchain\/anthropic/);
  });

  it("should leave the temperature alone for reasoning models, which refuse one", async () => {
    const { createChatModel } = await import("../../src/core/model.ts");
    fake.setMode("content");
    fake.setReply("pong");
    const before = fake.chatRequests().length;
    await (await createChatModel({ apiKey: "sk-provider", baseURL: fake.url, model: "openai:o3-mini", timeoutMs: 3000, maxRetries: 0 })).invoke("ping");
    await (await createChatModel({ apiKey: "sk-provider", baseURL: fake.url, model: "gpt-5-chat-latest", timeoutMs: 3000, maxRetries: 0 })).invoke("ping");
    const [o3, chat] = fake.chatRequests().slice(before).map((r) => r.body as { temperature?: number });
    expect(o3!.temperature).toBeUndefined();
    expect(chat!.temperature).toBe(0);
  });
});
