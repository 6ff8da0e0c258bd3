import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { createEmbedder } from "../../src/knowledge/embedders/create.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { IndexStore } from "../../src/knowledge/index-store.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { indexTextOf } from "../../src/knowledge/ingest/split.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { fakeEmbedding, startFakeOpenAI, type EmbeddingsRequestBody, type FakeOpenAI } from "../fakes/openai-server.ts";
import { MARKERS, smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";

const openaiEmbedder = (server: FakeOpenAI, extra: { dimensions?: number } = {}) =>
  createEmbedder({ provider: "openai", apiKey: "sk-test", baseURL: server.url, model: "text-embedding-3-small", ...extra });

function cosine(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s; // both unit length
}

interface Scenario {
  fake: FakeOpenAI;
  knowledge: string;
  index: string;
}

/** A fake server and a small corpus in a temp dir, for one test; everything is closed and removed afterwards. */
async function withScenario(run: (s: Scenario) => Promise<void>): Promise<void> {
  const fake = await startFakeOpenAI();
  const knowledge = await tempDir("openai-src");
  const index = await tempDir("openai-idx");
  try {
    await writeCorpus(knowledge.path, smallCorpus());
    await run({ fake, knowledge: knowledge.path, index: index.path });
  } finally {
    await fake.close();
    await knowledge.cleanup();
    await index.cleanup();
  }
}

// Concurrent: a retry waits 1–2 s (LangChain's backoff), which the other tests can use. Each test has its own server.
describe.concurrent("OpenAI-compatible embeddings", () => {
  it("should ingest and search through the configured server with the Bearer key and float encoding", () =>
    withScenario(async ({ fake, knowledge, index }) => {
      const embedder = openaiEmbedder(fake);
      expect(embedder.modelId).toBe("openai/text-embedding-3-small");
      const report = await ingest({ knowledgeDir: knowledge, indexRoot: index, embedder });
      expect(report.failed).toEqual([]);
      expect(report.embedded).toBe(12);

      expect(fake.requests.length).toBeGreaterThan(0);
      for (const r of fake.requests) {
        expect(r.method).toBe("POST");
        expect(r.path).toBe("/v1/embeddings");
        expect(r.headers.authorization).toBe("Bearer sk-test");
        expect(r.body).toMatchObject({ model: "text-embedding-3-small", encoding_format: "float" });
      }
      expect(fake.embeddedInputs()).toHaveLength(12);

      const kb = await KnowledgeBase.open(index, embedder);
      expect(kb.manifest.embedder).toBe("openai/text-embedding-3-small");
      expect(kb.manifest.dimensions).toBe(64);

      fake.clear();
      const query = `${MARKERS["permit-delta"]} residence permits`;
      const [top] = await kb.search(query, { k: 3 });
      expect(top?.doc.id).toBe("permit-delta");
      // The query was embedded by the server too, and the hit is scored with the server's vectors.
      expect(fake.requestsTo("/v1/embeddings").map((r) => (r.body as EmbeddingsRequestBody).input)).toEqual([query]);
      expect(top!.scores.vector).toBeCloseTo(cosine(fakeEmbedding(query), fakeEmbedding(indexTextOf(top!.chunk))), 5);
    }));

  it("should ask the server for shortened vectors and record the size in the model id", () =>
    withScenario(async ({ fake, knowledge, index }) => {
      const embedder = openaiEmbedder(fake, { dimensions: 32 });
      expect(embedder.modelId).toBe("openai/text-embedding-3-small/32");
      await ingest({ knowledgeDir: knowledge, indexRoot: index, embedder });
      for (const r of fake.requests) expect(r.body).toMatchObject({ dimensions: 32 });
      const kb = await KnowledgeBase.open(index, embedder);
      expect(kb.manifest.dimensions).toBe(32);
      expect(kb.manifest.embedder).toBe("openai/text-embedding-3-small/32");
    }));

  it("should refuse to query an OpenAI-built index with the local embedder", () =>
    withScenario(async ({ fake, knowledge, index }) => {
      await ingest({ knowledgeDir: knowledge, indexRoot: index, embedder: openaiEmbedder(fake) });
      await expect(KnowledgeBase.open(index, new LocalHashEmbeddings())).rejects.toThrow(/openai\/text-embedding-3-small/);
    }));

  it("should fail at once on a rejected key and leave no index behind", () =>
    withScenario(async ({ fake, knowledge, index }) => {
      fake.failNext(1, 401, { message: "Incorrect API key provided" });
      const embedder = openaiEmbedder(fake);
      await expect(ingest({ knowledgeDir: knowledge, indexRoot: index, embedder })).rejects.toThrow(/401|Incorrect API key/);
      expect(fake.requests).toHaveLength(1);
      expect(await new IndexStore(index).currentDir()).toBeUndefined();
    }));

  it("should retry a transient 500 and build a complete index", () =>
    withScenario(async ({ fake, knowledge, index }) => {
      fake.failNext(1, 500);
      const embedder = openaiEmbedder(fake);
      const report = await ingest({ knowledgeDir: knowledge, indexRoot: index, embedder });
      expect(report.embedded).toBe(12);
      const statuses = fake.requestsTo("/v1/embeddings").map((r) => r.status);
      expect(statuses[0]).toBe(500);
      expect(statuses.slice(1)).toEqual(statuses.slice(1).map(() => 200));
      expect(fake.embeddedInputs()).toHaveLength(12);
      const kb = await KnowledgeBase.open(index, embedder);
      expect((await kb.stats()).chunks).toBe(12);
    }));

  it("should wait and retry when the server answers 429 with retry-after", () =>
    withScenario(async ({ fake }) => {
      fake.failNext(1, 429, { retryAfter: "0" });
      const v = await openaiEmbedder(fake).embedQuery("rent subsidy");
      expect(v).toHaveLength(64);
      expect(v[0]).toBeCloseTo(fakeEmbedding("rent subsidy")[0]!, 6);
      expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    }));
});

describe("loadConfig: embeddings provider", () => {
  it("should select OpenAI embeddings when a key and a base URL are set", () => {
    const config = loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" });
    expect(config.embeddings).toEqual({ provider: "openai", apiKey: "sk-test", baseURL: "http://127.0.0.1:11434/v1", model: "text-embedding-3-small" });
  });

  it("should select local embeddings when no key is set", () => {
    expect(loadConfig({}).embeddings).toEqual({ provider: "local" });
    expect(loadConfig({ OPENAI_API_KEY: "   " }).embeddings).toEqual({ provider: "local" });
    expect(loadConfig({ OPENAI_API_KEY: "sk-test", EMBEDDINGS: "local" }).embeddings).toEqual({ provider: "local" });
  });

  it("should pass model and dimensions through", () => {
    const config = loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_EMBEDDING_MODEL: "bge-m3", OPENAI_EMBEDDING_DIMENSIONS: "512" });
    expect(config.embeddings).toEqual({ provider: "openai", apiKey: "sk-test", model: "bge-m3", dimensions: 512 });
    expect(createEmbedder(config.embeddings).modelId).toBe("openai/bge-m3/512");
  });

  it("should refuse EMBEDDINGS=openai without a key, naming OPENAI_API_KEY", () => {
    let err: unknown;
    try {
      loadConfig({ EMBEDDINGS: "openai" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain("OPENAI_API_KEY");
    expect((err as ConfigError).problems).toEqual([expect.stringContaining("OPENAI_API_KEY")]);
  });

  it.each(["not a url", "127.0.0.1:11434/v1", "http//localhost:11434/v1"])("should reject OPENAI_BASE_URL=%s, naming the variable", (url) => {
    expect(() => loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: url })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: url })).toThrow(/OPENAI_BASE_URL/);
  });

  it("should reject OPENAI_BASE_URL without an http(s) scheme such as localhost:11434/v1", () => {
    expect(() => loadConfig({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: "localhost:11434/v1" })).toThrow(/OPENAI_BASE_URL/);
  });

  it("should produce an embedder that talks to the configured server", async () => {
    const fake = await startFakeOpenAI();
    try {
      const config = loadConfig({ OPENAI_API_KEY: "sk-from-env", OPENAI_BASE_URL: fake.url });
      const embedder = createEmbedder(config.embeddings);
      await embedder.embedDocuments(["人才公寓"]);
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]?.headers.authorization).toBe("Bearer sk-from-env");
      expect(fake.requests[0]?.body).toMatchObject({ input: ["人才公寓"], model: "text-embedding-3-small" });
    } finally {
      await fake.close();
    }
  });
});
