import { access, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IndexStore } from "../../src/knowledge/index-store.ts";
import { ingest, type IngestReport } from "../../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { CountingEmbeddings } from "../fakes/counting-embedder.ts";
import { defaultBody, MARKERS, policy, rawFile, removeFile, smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";

let knowledge: Awaited<ReturnType<typeof tempDir>>;
let index: Awaited<ReturnType<typeof tempDir>>;
let embedder: CountingEmbeddings;

beforeEach(async () => {
  knowledge = await tempDir("kb-src");
  index = await tempDir("kb-idx");
  embedder = new CountingEmbeddings();
  await writeCorpus(knowledge.path, smallCorpus());
});

afterEach(async () => {
  await knowledge.cleanup();
  await index.cleanup();
});

/** Runs an ingest and counts only the texts embedded by this run. */
async function run(): Promise<IngestReport> {
  embedder.reset();
  return ingest({ knowledgeDir: knowledge.path, indexRoot: index.path, embedder });
}

async function open(): Promise<KnowledgeBase> {
  return KnowledgeBase.open(index.path, embedder);
}

/** Ids of the documents a query finds (inactive ones included), best first. */
async function docsFound(query: string): Promise<string[]> {
  const hits = await (await open()).search(query, { k: 20, includeInactive: true });
  return [...new Set(hits.map((h) => h.doc.id))];
}

const ids = (changes: { id: string }[]) => changes.map((c) => c.id).sort();

describe("ingest: first build", () => {
  it("should report every document as added with its chunk count", async () => {
    const r = await run();
    expect(ids(r.added)).toEqual(["clinic-cedar", "permit-delta", "rent-aurora", "school-birch"]);
    expect(r.added.find((c) => c.id === "rent-aurora")).toEqual({ id: "rent-aurora", path: "housing/rent-aurora.md", chunks: 3 });
    for (const c of r.added) expect(c.chunks).toBe(3);
    expect(r.changed).toEqual([]);
    expect(r.removed).toEqual([]);
    expect(r.failed).toEqual([]);
    expect(r.unchanged).toBe(0);
    expect(r.documents).toBe(4);
    expect(r.chunks).toEqual({ added: 12, removed: 0, total: 12 });
    expect(r.embedded).toBe(12);
    expect(embedder.count).toBe(12);
    expect(r.embedder).toBe("local-hash-v1/384");
  });

  it("should make every document searchable by its own words", async () => {
    await run();
    for (const [id, marker] of Object.entries(MARKERS)) expect((await docsFound(marker))[0]).toBe(id);
  });
});

describe("ingest: plain-text policies", () => {
  it("should cite a .txt policy by chapter and stop answering from it once its text says it has expired", async () => {
    await writeCorpus(knowledge.path, [
      rawFile(
        "housing/old-topup.txt",
        "某区人才租房补贴办法\n\n第一章　补贴标准\n\n第一条　珊瑚区人才每月领取1000元补贴。\n\n第二章　附则\n\n第二条　本办法自2020年1月1日起施行，有效期3年。",
      ),
    ]);
    await run();
    const kb = await open();
    expect((await kb.search("珊瑚区 补贴", { k: 20 })).map((h) => h.doc.id)).not.toContain("housing-old-topup");
    const [old] = (await kb.search("珊瑚区 补贴", { k: 20, includeInactive: true })).filter((h) => h.doc.id === "housing-old-topup");
    expect(old?.chunk.metadata.section).toBe("某区人才租房补贴办法 › 第一章　补贴标准");
    expect(kb.retriever.inactiveReason(old!.doc)).toMatch(/expired/);
  });
});

describe("ingest: a policy that repeals another by name", () => {
  it("should stop answering from the policy a newer one says it repeals, and say why", async () => {
    await writeCorpus(knowledge.path, [
      rawFile("housing/coral-2021.txt", "珊瑚区人才租房补贴暂行办法\n\n第一条　珊瑚区人才每月领取1000元补贴。\n\n第二条　本办法自2021年1月1日起施行。"),
      rawFile(
        "housing/coral-2025.txt",
        "珊瑚区人才租房补贴办法\n\n第一条　珊瑚区人才每月领取1500元补贴。\n\n第二条　本办法自2025年1月1日起施行，原《珊瑚区人才租房补贴暂行办法》（珊人才〔2021〕1号）同时废止。",
      ),
    ]);
    const r = await run();
    expect(r.failed).toEqual([]);
    const kb = await open();
    expect(kb.docs.get("housing-coral-2025")?.supersedes).toBe("housing-coral-2021");
    const inForce = (await kb.search("珊瑚区 租房补贴 每月", { k: 20 })).map((h) => h.doc.id);
    expect(inForce).toContain("housing-coral-2025");
    expect(inForce).not.toContain("housing-coral-2021");
    expect(kb.retriever.inactiveReason(kb.docs.get("housing-coral-2021")!)).toMatch(/superseded/);
  });
});

describe("ingest: word bridge", () => {
  it("should store the corpus's Chinese–English word bridge with the index, and make one for an index written without it", async () => {
    const r = await run();
    // The English policies speak of "families": 家庭 translates into a word the corpus has.
    expect((await open()).retriever.bridge.english("家庭")).toContain("family");
    const stored = JSON.parse(await readFile(path.join(r.indexDir, "bridge.json"), "utf8")) as { zhEn: [string, string[]][] };
    expect(stored.zhEn.find(([zh]) => zh === "家庭")?.[1]).toContain("family");
    // An index from before bridges were stored still opens, and still translates.
    await rm(path.join(r.indexDir, "bridge.json"));
    expect((await open()).retriever.bridge.english("家庭")).toContain("family");
  });
});

describe("ingest: incremental updates", () => {
  it("should embed nothing when the corpus is unchanged", async () => {
    const first = await run();
    const second = await run();
    expect(embedder.count).toBe(0);
    expect(second.embedded).toBe(0);
    expect(second.unchanged).toBe(4);
    expect(second.added).toEqual([]);
    expect(second.changed).toEqual([]);
    expect(second.removed).toEqual([]);
    expect(second.chunks).toEqual({ added: 0, removed: 0, total: first.chunks.total });
    expect((await docsFound("birch"))[0]).toBe("school-birch");
  });

  it("should re-embed exactly the edited document's chunks and report it as changed", async () => {
    await run();
    const edited = policy({
      id: "school-birch",
      topic: "schooling",
      lang: "en",
      title: "School Enrolment for Children of Talents",
      effective: "2025-01-01",
      body: `${defaultBody("School Enrolment for Children of Talents", "en", "birch")}\n\n## Deadlines\n\nApplications for the walnut intake close at the end of June.`,
    });
    await writeCorpus(knowledge.path, [edited]);

    const r = await run();
    expect(r.changed).toEqual([{ id: "school-birch", path: "schooling/school-birch.md", chunks: 4 }]);
    expect(r.added).toEqual([]);
    expect(r.removed).toEqual([]);
    expect(r.unchanged).toBe(3);
    expect(embedder.count).toBe(4);
    expect(r.embedded).toBe(4);
    // Every text sent to the model belongs to the edited document (indexed text starts with its title).
    for (const t of embedder.embedded) expect(t.startsWith("School Enrolment for Children of Talents")).toBe(true);
    expect(r.chunks).toEqual({ added: 4, removed: 3, total: 13 });

    const kb = await open();
    const [hit] = await kb.search("walnut intake", { k: 1 });
    expect(hit?.doc.id).toBe("school-birch");
    expect(hit?.chunk.text).toContain("walnut intake");
  });

  it("should replace the old text of an edited document in search results", async () => {
    await run();
    await writeCorpus(knowledge.path, [policy({ id: "clinic-cedar", marker: "枫树", topic: "medical", lang: "zh", title: "人才就医绿色通道办法", effective: "2025-01-01" })]);
    const r = await run();
    expect(ids(r.changed)).toEqual(["clinic-cedar"]);
    expect(embedder.count).toBe(3);

    const kb = await open();
    const texts = (await kb.search("雪松 枫树", { k: 20, includeInactive: true })).filter((h) => h.doc.id === "clinic-cedar").map((h) => h.chunk.text);
    expect(texts.some((t) => t.includes("枫树"))).toBe(true);
    expect(texts.some((t) => t.includes("雪松"))).toBe(false);
  });

  it("should report a new file as added and embed only its chunks", async () => {
    await run();
    await writeCorpus(knowledge.path, [policy({ id: "repair-elm", topic: "housing", lang: "en", title: "Apartment Repairs" })]);
    const r = await run();
    expect(r.added).toEqual([{ id: "repair-elm", path: "housing/repair-elm.md", chunks: 3 }]);
    expect(r.unchanged).toBe(4);
    expect(embedder.count).toBe(3);
    expect((await docsFound("elm"))[0]).toBe("repair-elm");
  });

  it("should report a deleted file as removed and drop its chunks from search", async () => {
    await run();
    expect((await docsFound("雪松"))[0]).toBe("clinic-cedar");

    await removeFile(knowledge.path, "medical/clinic-cedar.md");
    const r = await run();
    expect(r.removed).toEqual([{ id: "clinic-cedar", path: "medical/clinic-cedar.md", chunks: 3 }]);
    expect(r.embedded).toBe(0);
    expect(r.chunks).toEqual({ added: 0, removed: 3, total: 9 });
    expect(r.documents).toBe(3);

    expect(await docsFound("雪松")).not.toContain("clinic-cedar");
    const kb = await open();
    expect(kb.docs.has("clinic-cedar")).toBe(false);
    expect((await kb.stats()).chunks).toBe(9);
  });

  it("should not re-embed a document that was only moved to another folder", async () => {
    await run();
    await rename(path.join(knowledge.path, "settlement/permit-delta.md"), path.join(knowledge.path, "permit-delta.md"));
    const r = await run();
    expect(r.embedded).toBe(0);
    expect(r.unchanged).toBe(4);
    expect((await open()).docs.get("permit-delta")?.path).toBe("permit-delta.md");
  });

  it("should rebuild every document when the embedding model changes, and say why", async () => {
    await run();
    embedder = new CountingEmbeddings({ dimensions: 128 });
    const r = await run();
    expect(r.rebuildReason).toContain("local-hash-v1/384");
    expect(r.rebuildReason).toContain("local-hash-v1/128");
    expect(embedder.count).toBe(12);
    expect(ids(r.added)).toHaveLength(4);
    expect((await open()).manifest.dimensions).toBe(128);
  });
});

describe("ingest: malformed files", () => {
  it("should report a file that becomes malformed as failed and keep its indexed version searchable", async () => {
    await run();
    const broken = policy({ id: "rent-aurora", topic: "parking", lang: "zh", title: "人才租房补贴办法", body: "# 人才租房补贴办法\n\n新的文本：按月享受彩虹支持。" });
    await writeCorpus(knowledge.path, [{ ...broken, path: "housing/rent-aurora.md" }]);

    const r = await run();
    expect(r.failed).toEqual([{ path: "housing/rent-aurora.md", level: "error", reason: expect.stringMatching(/^topic: unknown topic/) }]);
    expect(r.kept).toEqual(["rent-aurora"]);
    expect(r.removed).toEqual([]);
    expect(r.changed).toEqual([]);
    expect(r.embedded).toBe(0);
    expect(r.documents).toBe(4);

    const kb = await open();
    const [hit] = await kb.search("极光", { k: 1 });
    expect(hit?.doc.id).toBe("rent-aurora");
    expect(hit?.chunk.text).toContain("享受极光支持");
    // The broken file's new text is not indexed.
    const texts = (await kb.search("彩虹", { k: 20, includeInactive: true })).map((h) => h.chunk.text);
    expect(texts.some((t) => t.includes("彩虹"))).toBe(false);
  });

  it("should index a repaired file again without re-embedding when it is restored to the indexed content", async () => {
    await run();
    const original = smallCorpus().find((f) => f.fixture.id === "rent-aurora")!;
    await writeCorpus(knowledge.path, [rawFile(original.path, original.content.replace("effective: 2025-01-01", "effective: someday"))]);
    const broken = await run();
    expect(broken.failed).toHaveLength(1);

    await writeCorpus(knowledge.path, [original]);
    const repaired = await run();
    expect(repaired.failed).toEqual([]);
    expect(repaired.kept).toEqual([]);
    expect(repaired.unchanged).toBe(4);
    expect(embedder.count).toBe(0);
  });

  it("should not index a malformed new file, and index the good files next to it", async () => {
    await writeCorpus(knowledge.path, [rawFile("housing/new-broken.md", "---\nid: new-broken\neffective: 2025-02-31x\n---\n# New\n\nText.")]);
    const r = await run();
    expect(r.failed).toEqual([{ path: "housing/new-broken.md", level: "error", reason: expect.stringContaining("effective") }]);
    expect(r.kept).toEqual([]);
    expect(ids(r.added)).toEqual(["clinic-cedar", "permit-delta", "rent-aurora", "school-birch"]);
  });

  it("should keep reporting a still-broken file as failed on the next ingest in the same process", async () => {
    await run();
    await writeCorpus(knowledge.path, [rawFile("schooling/school-birch.md", "---\nid: school-birch\ntitle: [never closed\n---\n# Broken school policy\n\nText.")]);
    const first = await run();
    expect(first.failed).toEqual([{ path: "schooling/school-birch.md", level: "error", reason: expect.stringMatching(/not valid YAML/) }]);
    expect(first.kept).toEqual(["school-birch"]);

    const second = await run();
    expect(second.failed).toEqual([{ path: "schooling/school-birch.md", level: "error", reason: expect.stringMatching(/not valid YAML/) }]);
    expect(second.kept).toEqual(["school-birch"]);
    expect(second.removed).toEqual([]);
    expect(second.added).toEqual([]);
  });
});

describe("ingest: atomic index switch", () => {
  async function versions(): Promise<string[]> {
    return (await readdir(index.path, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith("v-")).map((e) => e.name);
  }

  async function expectComplete(dir: string): Promise<void> {
    for (const f of ["manifest.json", "chunks.json", "bridge.json", "vectors/hnsw.bin", "vectors/docstore.json"]) await access(path.join(dir, f));
  }

  it("should point CURRENT at a complete version and keep at most two versions", async () => {
    const store = new IndexStore(index.path);
    const built: string[] = [];
    for (let i = 0; i < 4; i++) {
      await writeCorpus(knowledge.path, [policy({ id: `extra-${i}`, topic: "services", lang: "en" })]);
      const r = await run();
      built.push(path.basename(r.indexDir));
      const current = await store.currentDir();
      expect(current).toBe(r.indexDir);
      await expectComplete(current!);
      const manifest = await store.readManifest(current!);
      expect(manifest.docs.map((d) => d.meta.id)).toContain(`extra-${i}`);
      expect((await versions()).length).toBeLessThanOrEqual(2);
    }
    // The live version and the one before it (the fallback) survive; older ones are pruned.
    expect((await versions()).sort()).toEqual(built.slice(-2).sort());
    expect((await readdir(index.path)).filter((n) => n.includes(".tmp"))).toEqual([]);
    expect((await readFile(path.join(index.path, "CURRENT"), "utf8")).trim()).toBe(built.at(-1));
  });

  it("should ignore a half-written version left by a crashed ingest and prune it on the next ingest", async () => {
    await run();
    const crashed = path.join(index.path, "v-00000000T000000000Z-999-dead");
    await mkdir(path.join(crashed, "vectors"), { recursive: true });
    await writeFile(path.join(crashed, "chunks.json"), "[{");

    const kb = await open();
    expect(kb.dir).not.toBe(crashed);
    expect((await kb.search("极光", { k: 1 }))[0]?.doc.id).toBe("rent-aurora");

    await run();
    expect(await versions()).not.toContain(path.basename(crashed));
  });

  it("should let readers open the index at any moment while an ingest replaces it", async () => {
    await run();
    await writeCorpus(knowledge.path, [
      policy({ id: "extra-a", topic: "services", lang: "en" }),
      policy({ id: "extra-b", topic: "services", lang: "zh" }),
    ]);
    await removeFile(knowledge.path, "medical/clinic-cedar.md");

    const read = async (): Promise<number> => {
      const kb = await open();
      const stats = await kb.stats();
      // A reader sees the old version (4 documents) or the new one (5), never a mix.
      expect([4, 5]).toContain(stats.documents);
      expect(stats.chunks).toBe(stats.documents * 3);
      expect((await kb.search("birch", { k: 1 }))[0]?.doc.id).toBe("school-birch");
      return stats.documents;
    };

    let done = false;
    const writer = run().finally(() => (done = true));
    let readsDuringIngest = 0;
    while (!done) {
      await read();
      readsDuringIngest++;
    }
    await writer;
    expect(readsDuringIngest).toBeGreaterThan(0);
    expect(await read()).toBe(5);
  });
});
