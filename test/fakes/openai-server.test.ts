import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeEmbedding, startFakeOpenAI, type ChatRequestBody, type FakeOpenAI } from "./openai-server.ts";

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({ chatReply: "您好，我是人才服务助手。" });
});
afterEach(async () => {
  await fake.close();
});

const chat = () => new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-chat", configuration: { baseURL: fake.url }, maxRetries: 0 });

describe("fake OpenAI server", () => {
  it("should listen on 127.0.0.1 with a /v1 base URL", () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.port).toBeGreaterThan(0);
  });

  it("should answer chat completions with the configured message and a distinct id each time", async () => {
    const first = await chat().invoke("你好");
    const second = await chat().invoke("Hello again");
    expect(first.content).toBe("您好，我是人才服务助手。");
    expect(first.id).toBe("chatcmpl-fake-1");
    expect(second.id).toBe("chatcmpl-fake-2");
    const req = fake.requestsTo("/v1/chat/completions")[0]!;
    expect(req.headers.authorization).toBe("Bearer sk-chat");
    expect((req.body as ChatRequestBody).messages).toEqual([{ role: "user", content: "你好" }]);
  });

  it("should let a test change the reply, also as a function of the request", async () => {
    fake.setChatReply((body) => `echo: ${String(body.messages.at(-1)?.content)}`);
    expect((await chat().invoke("租房补贴")).content).toBe("echo: 租房补贴");
  });

  it("should stream a chat completion", async () => {
    let text = "";
    for await (const chunk of await chat().stream("hi")) text += String(chunk.content);
    expect(text).toBe("您好，我是人才服务助手。");
  });

  it("should return deterministic embeddings, in base64 when asked", async () => {
    const floats = new OpenAIEmbeddings({ model: "m", apiKey: "k", configuration: { baseURL: fake.url }, encodingFormat: "float" });
    const base64 = new OpenAIEmbeddings({ model: "m", apiKey: "k", configuration: { baseURL: fake.url } });
    const [a] = await floats.embedDocuments(["人才公寓 apartment"]);
    const [b] = await base64.embedDocuments(["人才公寓 apartment"]);
    expect(a).toEqual(fakeEmbedding("人才公寓 apartment"));
    expect(b!.map((x) => Number(x.toFixed(5)))).toEqual(a!.map((x) => Number(x.toFixed(5))));
    expect(fake.requests.map((r) => (r.body as { encoding_format?: string }).encoding_format)).toEqual(["float", "base64"]);
  });

  it("should fail the next requests with the given status, then recover", async () => {
    fake.failNext(2, 503);
    const post = () => fetch(`${fake.url}/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", input: "x" }) });
    expect((await post()).status).toBe(503);
    expect((await post()).status).toBe(503);
    const ok = await post();
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ object: "list", model: "m", data: [{ object: "embedding", index: 0 }] });
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("should answer unknown routes with 404", async () => {
    expect((await fetch(`${fake.url}/models/whatever`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
