import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { IndexMissingError, IndexModelMismatchError } from "../../src/knowledge/index-store.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { indexTextOf } from "../../src/knowledge/ingest/split.ts";
import { KnowledgeBase, openOrBuild } from "../../src/knowledge/knowledge-base.ts";
import type { Hit } from "../../src/knowledge/document.ts";
import { CountingEmbeddings } from "../fakes/counting-embedder.ts";
import { MARKERS, smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";

let knowledge: Awaited<ReturnType<typeof tempDir>>;
let index: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  knowledge = await tempDir("persist-src");
  index = await tempDir("persist-idx");
  await writeCorpus(knowledge.path, smallCorpus());
});

afterEach(async () => {
  await knowledge.cleanup();
  await index.cleanup();
});

const QUERIES = ["租房补贴", "school enrolment for children", "Residence permit delta", "绿色通道 雪松", "How do I apply online?"];

/** What a user sees of a result list: which chunk, in which order, with which scores. */
function summary(hits: Hit[]) {
  return hits.map((h) => ({ chunk: h.chunk.id, doc: h.doc.id, section: h.chunk.metadata.section, text: h.chunk.text, scores: h.scores }));
}

function cosine(a: number[], b: number[]): number {
  let s = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return s / Math.sqrt(na * nb);
}

describe("KnowledgeBase persistence", () => {
  it("should return the same hits after re-opening and after an incremental re-save", async () => {
    const embedder = new LocalHashEmbeddings();
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    const first = await KnowledgeBase.open(index.path, embedder);
    const before = await Promise.all(QUERIES.map(async (q) => summary(await first.search(q, { k: 8 }))));
    for (const hits of before) expect(hits.length).toBeGreaterThan(0);

    // A second ingest loads the stored vectors and writes them into a new version without re-embedding.
    const counting = new CountingEmbeddings();
    const r = await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder: counting });
    expect(counting.count).toBe(0);
    const reopened = await KnowledgeBase.open(index.path, new LocalHashEmbeddings());
    expect(reopened.dir).toBe(r.indexDir);
    expect(reopened.dir).not.toBe(first.dir);
    const after = await Promise.all(QUERIES.map(async (q) => summary(await reopened.search(q, { k: 8 }))));
    expect(after).toEqual(before);
  });

  it("should score hits with the vectors that were stored for their chunks", async () => {
    const embedder = new LocalHashEmbeddings();
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    const kb = await KnowledgeBase.open(index.path, embedder);
    const query = "children school enrolment birch";
    const q = await embedder.embedQuery(query);
    const hits = await kb.search(query, { k: 5 });
    expect(hits.length).toBe(5);
    for (const h of hits) {
      const [expected] = await embedder.embedDocuments([indexTextOf(h.chunk)]);
      expect(h.scores.vector).toBeCloseTo(cosine(q, expected!), 5);
    }
  });

  it("should keep documents' metadata across a reopen", async () => {
    const embedder = new LocalHashEmbeddings();
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    const kb = await KnowledgeBase.open(index.path, embedder);
    expect(kb.docs.get("rent-aurora")).toEqual({
      id: "rent-aurora",
      title: "人才租房补贴办法",
      topic: "housing",
      lang: "zh",
      effective: "2025-01-01",
      tiers: ["A", "B", "C", "D", "E"],
      path: "housing/rent-aurora.md",
    });
    expect(kb.topics().sort()).toEqual(["housing", "medical", "schooling", "settlement"]);
    expect(kb.manifest.embedder).toBe("local-hash-v1/384");
    expect(kb.manifest.dimensions).toBe(384);
  });
});

describe("KnowledgeBase.open errors", () => {
  it("should refuse an index built with another embedding model and say to re-ingest", async () => {
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder: new LocalHashEmbeddings({ dimensions: 384 }) });
    const other = new LocalHashEmbeddings({ dimensions: 256 });
    expect(other.modelId).not.toBe("local-hash-v1/384");

    const err = await KnowledgeBase.open(index.path, other).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IndexModelMismatchError);
    const mismatch = err as IndexModelMismatchError;
    expect(mismatch.builtWith).toBe("local-hash-v1/384");
    expect(mismatch.configured).toBe("local-hash-v1/256");
    expect(mismatch.message).toContain("local-hash-v1/384");
    expect(mismatch.message).toContain("local-hash-v1/256");
    expect(mismatch.message).toMatch(/ingest/);
    expect(mismatch.message).toContain(index.path);
  });

  it("should not paper over a model mismatch in openOrBuild", async () => {
    await ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder: new LocalHashEmbeddings() });
    const other = new CountingEmbeddings({ dimensions: 256 });
    await expect(openOrBuild({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder: other })).rejects.toBeInstanceOf(IndexModelMismatchError);
    expect(other.count).toBe(0);
  });

  it("should throw IndexMissingError for a directory without an index", async () => {
    await expect(KnowledgeBase.open(index.path, new LocalHashEmbeddings())).rejects.toBeInstanceOf(IndexMissingError);
    const nowhere = path.join(index.path, "does", "not", "exist");
    const err = await KnowledgeBase.open(nowhere, new LocalHashEmbeddings()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IndexMissingError);
    expect((err as Error).message).toContain(nowhere);
    expect((err as Error).message).toMatch(/ingest/);
  });
});

describe("openOrBuild", () => {
  it("should build a missing index first and then open it", async () => {
    const embedder = new CountingEmbeddings();
    const { kb, built } = await openOrBuild({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    expect(built?.added.map((a) => a.id).sort()).toEqual(["clinic-cedar", "permit-delta", "rent-aurora", "school-birch"]);
    expect(embedder.count).toBe(12);
    expect((await kb.search(MARKERS["permit-delta"], { k: 1 }))[0]?.doc.id).toBe("permit-delta");
  });

  it("should open an existing index without building it again", async () => {
    const embedder = new CountingEmbeddings();
    await openOrBuild({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    embedder.reset();
    const { kb, built } = await openOrBuild({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
    expect(built).toBeUndefined();
    expect(embedder.count).toBe(0);
    expect(kb.docs.size).toBe(4);
  });
});
