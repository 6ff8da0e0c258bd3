import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { IndexStore } from "../../src/knowledge/index-store.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { testConfig } from "../fixtures/app.ts";
import { MARKERS, smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";

let tmp: Awaited<ReturnType<typeof tempDir>>;
let knowledge: string;
let index: string;

beforeAll(async () => {
  tmp = await tempDir("outdated-index");
  knowledge = path.join(tmp.path, "knowledge");
  index = path.join(tmp.path, "index");
  await writeCorpus(knowledge, smallCorpus());
  await ingest({ knowledgeDir: knowledge, indexRoot: index, embedder: new LocalHashEmbeddings() });
});

afterAll(async () => {
  await tmp?.cleanup();
});

/** Starts the app on the test index and returns what it said about the index being outdated. */
async function start(): Promise<{ outdated: string[]; cited: string[] }> {
  const outdated: string[] = [];
  const app = await createApp(testConfig(tmp.path, { KNOWLEDGE_DIR: knowledge, INDEX_DIR: index }), { onOutdated: (r) => outdated.push(r) });
  try {
    const reply = await app.engine.handle({ user: "test:outdated", text: `${MARKERS["permit-delta"]} residence permits` });
    return { outdated, cited: reply.citations.map((c) => c.docId) };
  } finally {
    await app.close();
  }
}

describe("an index written by an older version", () => {
  it("should still be served, with the reason to re-ingest, until kb ingest rebuilds it", async () => {
    const store = new IndexStore(index);
    const manifestFile = path.join((await store.currentDir())!, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { pipeline: string };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, pipeline: "0.old" }));

    const before = await start();
    expect(before.outdated).toEqual([expect.stringMatching(/^ingest pipeline 0\.old → /)]);
    expect(before.cited).toContain("permit-delta");

    const report = await ingest({ knowledgeDir: knowledge, indexRoot: index, embedder: new LocalHashEmbeddings() });
    expect(report.rebuildReason).toMatch(/^ingest pipeline 0\.old → /);
    expect((await start()).outdated).toEqual([]);
  });
});
