import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/messages.ts";
import { LocalHashEmbeddings } from "../../src/knowledge/embedders/local.ts";
import { ingest } from "../../src/knowledge/ingest/build-index.ts";
import { KNOWLEDGE } from "../fixtures/app.ts";
import { runCli } from "../fixtures/cli.ts";
import { smallCorpus, tempDir, writeCorpus } from "../fixtures/policies.ts";

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let ws: Awaited<ReturnType<typeof tempDir>>;
let tinyIndex: string;
const cleanups: (() => Promise<void>)[] = [];

/** Runs `src/cli/chat.ts` through tsx in the project root, with all state under the test's directory. */
function chat(args: string[]): Promise<RunResult> {
  return runCli("chat", args, {
    KNOWLEDGE_DIR: KNOWLEDGE,
    DATA_DIR: ws.path,
    INDEX_DIR: path.join(ws.path, "index"),
    STORE_URL: `sqlite://${path.join(ws.path, "state.sqlite")}`,
  });
}

function json(r: RunResult): Reply & { intent?: string } {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Reply & { intent?: string };
}

// Each run costs a few seconds of start-up (tsx, LangChain), so the runs are made in two concurrent rounds and
// shared by the tests: round 1 talks as u1 and asks a tiny index; round 2 presses u1's first button, and tries the
// same as a user who never talked.
let round1: Promise<{ start: RunResult; tiny: RunResult }>;
let round2: Promise<{ press: RunResult; stranger: RunResult }>;

beforeAll(async () => {
  ws = await tempDir("chat-cli");
  const tiny = await tempDir("chat-cli-tiny");
  cleanups.push(tiny.cleanup);
  const corpus = path.join(tiny.path, "knowledge");
  tinyIndex = path.join(tiny.path, "index");
  await writeCorpus(corpus, smallCorpus());
  await ingest({ knowledgeDir: corpus, indexRoot: tinyIndex, embedder: new LocalHashEmbeddings() });

  // Only the first run uses the default index, so only it builds it: no two runs race to build one.
  round1 = (async () => {
    const [start, tinyRun] = await Promise.all([
      chat(["--user", "u1", "--json", "/start"]),
      chat(["--user", "u9", "--index", tinyIndex, "--json", "人才租房补贴怎么申请？"]),
    ]);
    return { start, tiny: tinyRun };
  })();
  round2 = (async () => {
    await round1;
    const [press, stranger] = await Promise.all([chat(["--user", "u1", "--json", "--press", "1"]), chat(["--user", "u2", "--json", "--press", "1"])]);
    return { press, stranger };
  })();
  await round2;
}, 40_000);

afterAll(async () => {
  await Promise.allSettled([ws?.cleanup(), ...cleanups.map((c) => c())]);
});

describe("chat CLI", () => {
  it("should print the reply as JSON with text, citations, actions and lang", async () => {
    const { start } = await round1;
    expect(start.stderr).toMatch(/built the index first: \d+ documents/);
    const reply = json(start);
    expect(reply).toMatchObject({ lang: "en", citations: [] });
    expect(typeof reply.text).toBe("string");
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.actions.map((a) => [a.id, a.payload])).toEqual([
      ["topic", "housing"],
      ["topic", "schooling"],
      ["topic", "medical"],
      ["topic", "settlement"],
    ]);
  });

  it("should press button 1 of the same user's previous reply in a second run", async () => {
    const { press } = await round2;
    const reply = json(press);
    // Button 1 of the welcome is "Housing": its example questions come back as buttons.
    expect(reply.citations).toEqual([]);
    expect(reply.actions.length).toBeGreaterThan(0);
    for (const a of reply.actions) expect(a.id).toBe("ask");
    expect(reply.text).toMatch(/Housing/);
  });

  it("should not let a different --user press another user's buttons", async () => {
    const { stranger } = await round2;
    expect(stranger.code).not.toBe(0);
    expect(stranger.stderr).toMatch(/no button 1/);
    expect(stranger.stdout).toBe("");
  });

  it("should answer from the corpus of the index given with --index", async () => {
    const { tiny } = await round1;
    const reply = json(tiny);
    expect(reply.lang).toBe("zh");
    expect(reply.citations.length).toBeGreaterThan(0);
    // The tiny corpus's only housing policy, which the demo corpus does not have.
    for (const c of reply.citations) expect(c).toMatchObject({ docId: "rent-aurora", title: "人才租房补贴办法", effective: "2025-01-01" });
  });
});
