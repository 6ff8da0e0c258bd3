import { access, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatIngestReport } from "../../src/cli/kb-command.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { KnowledgeBase } from "../../src/knowledge/knowledge-base.ts";
import { runCli } from "../fixtures/cli.ts";
import { MARKERS, policy, rawFile, removeFile, smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";


interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`src/cli/kb.ts` through tsx) in the project root with local embeddings. */
function kb(args: string[]): Promise<RunResult> {
  return runCli("kb", args);
}

/** A knowledge dir with the small corpus plus an expired policy, and an empty index location. */
async function workspace(name: string) {
  const dir = await tempDir(`cli-${name}`);
  const knowledge = path.join(dir.path, "knowledge");
  const index = path.join(dir.path, "index");
  await writeCorpus(knowledge, [
    ...smallCorpus(),
    policy({ id: "rent-2019", marker: "旧办法", title: "人才租房补贴暂行办法（2019）", effective: "2019-01-01", expires: "2022-12-31" }),
  ]);
  return { knowledge, index, cleanup: dir.cleanup };
}

/** The count lines of an ingest report, e.g. { added: 5, changed: 0, … }. */
function counts(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stdout.matchAll(/^(added|changed|removed|unchanged|failed): (\d+)$/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

// Every run of the CLI costs about two seconds of start-up (tsx, LangChain): the tests run concurrently, and the
// two tests about `search` share one run.
let searchRun: Promise<{ ws: Awaited<ReturnType<typeof workspace>>; result: RunResult }> | undefined;
function searchOnMissingIndex() {
  searchRun ??= (async () => {
    const ws = await workspace("search");
    const result = await kb(["search", `${MARKERS["permit-delta"]} residnce permits`, "--json", "-k", "3", "--dir", ws.knowledge, "--index", ws.index]);
    return { ws, result };
  })();
  return searchRun;
}

afterAll(async () => {
  if (searchRun) await (await searchRun).ws.cleanup();
});

describe.concurrent("kb CLI", () => {
  it("should print added/changed/removed/failed counts and exit 0 with --strict on a clean corpus", async () => {
    const ws = await workspace("ingest");
    try {
      const r = await kb(["ingest", "--strict", "--dir", ws.knowledge, "--index", ws.index]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(counts(r.stdout)).toEqual({ added: 5, changed: 0, removed: 0, unchanged: 0, failed: 0 });
      expect(r.stdout).toContain("  housing/rent-aurora.md (rent-aurora, 3 chunks)");
      expect(r.stdout).toMatch(/15 in 5 documents; 15 embedded with local-hash-v1\/384/);
      await access(path.join(ws.index, "CURRENT"));
    } finally {
      await ws.cleanup();
    }
  });

  it("should exit non-zero with --strict when a file is malformed, name it, and still index the good files", async () => {
    const ws = await workspace("strict");
    try {
      await writeCorpus(ws.knowledge, [rawFile("housing/broken.md", "---\nid: broken\neffective: 2025-13-45x\n---\n# Broken\n\nText.")]);
      const r = await kb(["ingest", "--strict", "--dir", ws.knowledge, "--index", ws.index]);
      expect(r.code).not.toBe(0);
      expect(counts(r.stdout)).toMatchObject({ added: 5, failed: 1 });
      expect(r.stdout).toMatch(/^ {2}housing\/broken\.md: effective: .*not a date/m);

      const kbase = await KnowledgeBase.open(ws.index, new LocalHashEmbeddings());
      expect([...kbase.docs.keys()].sort()).toEqual(["clinic-cedar", "permit-delta", "rent-2019", "rent-aurora", "school-birch"]);
    } finally {
      await ws.cleanup();
    }
  });

  it("should build a missing index before searching", async () => {
    const { ws, result } = await searchOnMissingIndex();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("(built the index first: 5 documents, 15 chunks)");
    await access(path.join(ws.index, "CURRENT"));
    const kbase = await KnowledgeBase.open(ws.index, new LocalHashEmbeddings());
    expect(kbase.docs.size).toBe(5);
  });

  it("should print hits as JSON with their document, section, text and score parts", async () => {
    const { result } = await searchOnMissingIndex();
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      question: string;
      corrections: { from: string; to: string }[];
      hits: { docId: string; chunkId: string; title: string; section: string; lang: string; topic: string; text: string; scores: Record<string, number>; inactive: string | null }[];
    };
    // The question as typed, and the misspelt word it was searched for as.
    expect(out.question).toBe("delta residnce permits");
    expect(out.corrections).toEqual([{ from: "residnce", to: "residence" }]);
    expect(out.hits).toHaveLength(3);
    expect(out.hits[0]).toMatchObject({ docId: "permit-delta", title: "Residence Permits for Foreign Talents", lang: "en", topic: "settlement", inactive: null });
    expect(out.hits[0]!.chunkId).toMatch(/^permit-delta#\d+$/);
    expect(out.hits[0]!.section.startsWith("Residence Permits for Foreign Talents › ")).toBe(true);
    expect(out.hits[0]!.text).toContain("delta");
    for (const h of out.hits) expect(h.scores).toMatchObject({ bm25: expect.any(Number), vector: expect.any(Number), fused: expect.any(Number) });
  });

  it("should end quietly when its reader goes away (kb search … | head)", async () => {
    const { ws } = await searchOnMissingIndex();
    const r = await runCli("kb", ["search", "residence permits", "--json", "--dir", ws.knowledge, "--index", ws.index], {}, 25_000, true);
    expect(r.stderr).not.toContain("EPIPE");
    expect(r.code).toBe(0);
    // It waits for the shared first search too: two CLI start-ups on a loaded machine.
  }, 60_000);

  it("should list topics, languages and the expired policy in stats", async () => {
    const ws = await workspace("stats");
    try {
      await ingest({ knowledgeDir: ws.knowledge, indexRoot: ws.index, embedder: new LocalHashEmbeddings() });
      const r = await kb(["stats", "--dir", ws.knowledge, "--index", ws.index]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^5 documents, 15 chunks · model local-hash-v1\/384 \(384 dims\)/m);
      expect(r.stdout).toMatch(/^ {2}housing\s+2 docs\s+6 chunks$/m);
      expect(r.stdout).toMatch(/^ {2}medical\s+1 docs\s+3 chunks$/m);
      expect(r.stdout).toMatch(/^ {2}schooling\s+1 docs\s+3 chunks$/m);
      expect(r.stdout).toMatch(/^ {2}settlement\s+1 docs\s+3 chunks$/m);
      expect(r.stdout).toMatch(/^ {2}en\s+2 docs\s+6 chunks$/m);
      expect(r.stdout).toMatch(/^ {2}zh\s+3 docs\s+9 chunks$/m);
      expect(r.stdout).toMatch(/^not answered from today: 1$/m);
      expect(r.stdout).toMatch(/^ {2}rent-2019: expired on 2022-12-31$/m);
      // Four policies of three headings each: too few to calibrate, and the stats say so.
      expect(r.stdout).toMatch(/^refusal thresholds \(calibrated \d{4}-\d{2}-\d{2}; /m);
      expect(r.stdout).toMatch(/^ {2}Chinese → Chinese passage\s+0\.130 {2}default: \d+ heading questions, fewer than 12$/m);
    } finally {
      await ws.cleanup();
    }
  });

  // The report printed by `kb ingest`, after an edit, a deletion and an addition (built in-process: same code path
  // as the CLI's output, without another two-second start-up).
  it("should list changed, removed and added documents with their chunk counts in the ingest report", async () => {
    const ws = await workspace("report");
    try {
      const embedder = new LocalHashEmbeddings();
      await ingest({ knowledgeDir: ws.knowledge, indexRoot: ws.index, embedder });
      await writeCorpus(ws.knowledge, [
        policy({ id: "school-birch", marker: "walnut", topic: "schooling", lang: "en", title: "School Enrolment for Children of Talents" }),
        policy({ id: "station-fir", topic: "services", lang: "en", title: "Talent Stations" }),
        rawFile("housing/broken.md", "---\nid: broken\ntopic: parking\n---\n# Broken\n\nText."),
      ]);
      await removeFile(ws.knowledge, "medical/clinic-cedar.md");
      const text = formatIngestReport(await ingest({ knowledgeDir: ws.knowledge, indexRoot: ws.index, embedder }));

      expect(counts(text)).toEqual({ added: 1, changed: 1, removed: 1, unchanged: 3, failed: 1 });
      expect(text).toMatch(/^added: 1\n {2}services\/station-fir\.md \(station-fir, 3 chunks\)$/m);
      expect(text).toMatch(/^changed: 1\n {2}schooling\/school-birch\.md \(school-birch, 3 chunks\)$/m);
      expect(text).toMatch(/^removed: 1\n {2}medical\/clinic-cedar\.md \(clinic-cedar, 3 chunks\)$/m);
      expect(text).toMatch(/^failed: 1\n {2}housing\/broken\.md: topic: unknown topic/m);
      expect(text).toMatch(/chunks: \+6 −6, 15 in 5 documents; 6 embedded with local-hash-v1\/384/);
    } finally {
      await ws.cleanup();
    }
  });
});

// After the concurrent group: one more CLI process at once is too many for two cores under the whole suite.
describe("kb eval on several corpora", () => {
  it("should print one row per corpus when given a folder of cities, each evaluated on its own policies", async () => {
    const dir = await tempDir("cli-cities");
    try {
      const city = async (name: string, files: Parameters<typeof writeCorpus>[1], questions: object[]) => {
        await writeCorpus(path.join(dir.path, "cities", name, "knowledge"), files);
        await writeFile(path.join(dir.path, "cities", name, "questions.jsonl"), questions.map((q) => JSON.stringify(q)).join("\n"));
      };
      const [rent, school, clinic, permit] = smallCorpus();
      await city("alpha", [rent!, school!], [
        { id: "a1", question: `${MARKERS["rent-aurora"]}补贴`, lang: "zh", expect: ["rent-aurora"] },
        { id: "a2", question: `${MARKERS["school-birch"]} scheme`, lang: "en", expect: ["school-birch"] },
      ]);
      await city("beta", [clinic!, permit!], [{ id: "b1", question: `${MARKERS["permit-delta"]} scheme`, lang: "en", expect: ["permit-delta"] }]);
      const r = await kb(["eval", path.join(dir.path, "cities"), "--index", path.join(dir.path, "index")]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^set\s+n\s+R@1\s+R@5/m);
      expect(r.stdout).toMatch(/^alpha\s+2 1\.000 1\.000 /m);
      expect(r.stdout).toMatch(/^beta\s+1 1\.000 1\.000 /m);
      expect(r.stdout).toMatch(/^\* short of the target/m);
    } finally {
      await dir.cleanup();
    }
  });
});
