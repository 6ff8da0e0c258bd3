import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import cliProgress from "cli-progress";
import { loadConfig, type Config } from "../config.ts";
import { evaluateAnswers, formatAnswerReport } from "../core/answer-eval.ts";
import { ExtractiveAnswerer } from "../core/answer/answerer.ts";
import { RuleIntentClassifier } from "../core/intents/rules.ts";
import { groupGaps, QuestionLog, type QuestionRecord } from "../core/question-log.ts";
import { createKeyv } from "../storage/keyv.ts";
import { formatSetTable, resolveEvalSets, type EvalSet, type SetResult } from "./eval-sets.ts";
import { TOPICS, type Hit, type Topic } from "../knowledge/document.ts";
import { createEmbedder } from "../knowledge/embedders/create.ts";
import { docRanking, evaluate, formatEvalReport, readQuestions } from "../knowledge/eval.ts";
import { DIRECTIONS, type Calibration } from "../knowledge/calibrate.ts";
import { answerability, DEFAULT_ANSWER_THRESHOLD } from "../knowledge/hybrid-retriever.ts";
import { IndexStore } from "../knowledge/index-store.ts";
import { ingest, type IngestProgress, type IngestReport } from "../knowledge/ingest/build-index.ts";
import { openOrBuild } from "../knowledge/knowledge-base.ts";

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a positive whole number");
  return n;
};
const isoDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError("must be a date YYYY-MM-DD");
  return v;
};

interface Globals {
  index?: string;
  dir?: string;
}

function settings(cmd: Command): { config: Config; indexRoot: string; knowledgeDir: string } {
  const g = cmd.optsWithGlobals<Globals>();
  const config = loadConfig(process.env);
  return { config, indexRoot: g.index ?? config.indexDir, knowledgeDir: g.dir ?? config.knowledgeDir };
}

/** A progress bar on a terminal, plain lines otherwise (CI logs, pipes). */
function progressReporter(): { onProgress: (p: IngestProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "{phase} [{bar}] {value}/{total} chunks", stream: process.stderr, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress: (p) => {
        if (p.phase !== "embed") return;
        if (!started) bar.start(p.total, 0, { phase: "embedding" }), (started = true);
        bar.update(p.done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = -1;
  return {
    onProgress: (p) => {
      if (p.phase !== "embed" || p.total === 0) return;
      const pct = Math.floor((p.done / p.total) * 10);
      if (pct !== last) process.stderr.write(`embedding ${p.done}/${p.total} chunks\n`), (last = pct);
    },
    stop: () => {},
  };
}

export function formatIngestReport(r: IngestReport): string {
  const lines: string[] = [];
  if (r.rebuildReason) lines.push(`Full rebuild: ${r.rebuildReason}.`);
  const list = (label: string, items: { id: string; path: string; chunks: number }[]) => {
    lines.push(`${label}: ${items.length}`);
    for (const d of items) lines.push(`  ${d.path} (${d.id}, ${d.chunks} chunks)`);
  };
  list("added", r.added);
  list("changed", r.changed);
  list("removed", r.removed);
  lines.push(`unchanged: ${r.unchanged}`);
  lines.push(`failed: ${r.failed.length}`);
  for (const f of r.failed) lines.push(`  ${f.path}: ${f.reason}`);
  for (const id of r.kept) lines.push(`  (kept the previously indexed version of ${id})`);
  if (r.warnings.length) {
    lines.push(`warnings: ${r.warnings.length}`);
    for (const w of r.warnings) lines.push(`  ${w.path}: ${w.reason}`);
  }
  lines.push(
    `chunks: +${r.chunks.added} −${r.chunks.removed}, ${r.chunks.total} in ${r.documents} documents; ${r.embedded} embedded with ${r.embedder} in ${(r.ms / 1000).toFixed(2)} s`,
    `index: ${r.indexDir}`,
  );
  if (r.calibration === "derived") lines.push("refusal thresholds: derived from this corpus (kb stats shows them)");
  if (r.calibration === "skipped") lines.push("refusal thresholds: not derived with a remote embedding model; run kb calibrate (a few hundred embedding requests) or set ANSWER_THRESHOLD");
  return lines.join("\n");
}

/** How the bot decides to refuse: the corpus's calibrated thresholds, or the override. */
function thresholdLines(c: Calibration | undefined, override: number | undefined): string[] {
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const label = { zh: "Chinese → Chinese passage", en: "English → English passage", "zh-en": "Chinese → English passage", "en-zh": "English → Chinese passage" } as const;
  const lines = c
    ? [
        `refusal thresholds (calibrated ${c.at.slice(0, 10)}; refuse ${pct(c.offTopicRefused.zh)} of Chinese and ${pct(c.offTopicRefused.en)} of English off-topic questions):`,
        ...DIRECTIONS.map((d) => `  ${label[d].padEnd(26)} ${c.thresholds[d].toFixed(3)}  ${c.method[d]}`),
      ]
    : [`refusal threshold: ${DEFAULT_ANSWER_THRESHOLD} (default; this index has no calibration: run kb calibrate or kb ingest)`];
  if (override !== undefined) lines.push(`  overridden by ANSWER_THRESHOLD=${override}`);
  return lines;
}

async function evaluateSet(set: EvalSet, indexRoot: string, config: Config, opts: { k: number; date?: string; answers?: boolean }): Promise<SetResult> {
  const { kb } = await openOrBuild({ indexRoot, knowledgeDir: set.knowledgeDir, embedder: createEmbedder(config.embeddings) });
  const questions = await readQuestions(set.questions);
  await kb.search("warm-up 预热"); // first-call costs (JIT, ICU segmenter data) are not query latency
  const retrieval = await evaluate(questions, kb.docs, async (q) => {
    const hits = await kb.search(q.question, { k: opts.k, ...(opts.date ? { date: opts.date } : {}) });
    return { docIds: docRanking(hits.map((h) => h.doc.id)), score: answerability(hits[0]) };
  });
  const answers = opts.answers
    ? await evaluateAnswers(questions, kb, { classifier: new RuleIntentClassifier(), answerer: new ExtractiveAnswerer(), ...(config.answerThreshold !== undefined ? { threshold: config.answerThreshold } : {}) })
    : undefined;
  return { set, retrieval, ...(answers ? { answers } : {}), ...(kb.calibration ? { calibration: kb.calibration } : {}) };
}

function formatHit(h: Hit, i: number, inactive?: string): string {
  const s = h.scores;
  const head = `${i + 1}. ${h.chunk.metadata.section}  [${h.doc.id}, ${h.doc.lang}, ${h.doc.topic}${h.doc.region ? `, ${h.doc.region}` : ""}]${inactive ? `  (${inactive})` : ""}`;
  const score = `   fused ${s.fused.toFixed(3)} | bm25 ${s.bm25.toFixed(2)} | lexical ${s.lexical.toFixed(3)} | vector ${s.vector.toFixed(3)} | coverage ${s.coverage.toFixed(2)}`;
  const text = h.chunk.text.replace(/\s+/g, " ");
  return `${head}\n${score}\n   ${text.length > 220 ? `${text.slice(0, 220)}…` : text}`;
}

export function buildKbCommand(): Command {
  const program = new Command("kb")
    .description("Manage and test the policy knowledge base")
    .option("--index <dir>", "index directory (default: $INDEX_DIR or data/index)")
    .option("--dir <dir>", "knowledge directory (default: $KNOWLEDGE_DIR or knowledge)")
    .showHelpAfterError();

  program
    .command("ingest")
    .description("build or update the index from the knowledge directory (only changed documents are re-embedded)")
    .option("--strict", "exit non-zero when any file is reported (failed or warning)")
    .option("--json", "print the report as JSON")
    .action(async (opts: { strict?: boolean; json?: boolean }, cmd: Command) => {
      const { config, indexRoot, knowledgeDir } = settings(cmd);
      const progress = progressReporter();
      const report = await ingest({ knowledgeDir, indexRoot, embedder: createEmbedder(config.embeddings), onProgress: progress.onProgress });
      progress.stop();
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatIngestReport(report));
      if (opts.strict && (report.failed.length || report.warnings.length)) process.exitCode = 1;
    });

  program
    .command("search")
    .description("show the chunks a question retrieves, with their score parts")
    .argument("<question>")
    .option("-k, --k <n>", "number of chunks", positiveInt, 5)
    .addOption(new Option("--topic <topic>", "only this topic").choices(TOPICS as unknown as string[]))
    .option("--date <date>", "policies in force on this date (default today)", isoDate)
    .option("--all", "include expired, superseded and not-yet-effective policies")
    .option("--region <region>", "the asker's district (as in a profile)")
    .option("--json", "print hits as JSON")
    .action(async (question: string, opts: { k: number; topic?: Topic; date?: string; all?: boolean; region?: string; json?: boolean }, cmd: Command) => {
      const { config, indexRoot, knowledgeDir } = settings(cmd);
      const { kb, built } = await openOrBuild({ indexRoot, knowledgeDir, embedder: createEmbedder(config.embeddings) });
      if (built) console.error(`(built the index first: ${built.documents} documents, ${built.chunks.total} chunks)`);
      const t0 = performance.now();
      const hits = await kb.search(question, {
        k: opts.k,
        ...(opts.topic ? { topic: opts.topic } : {}),
        ...(opts.date ? { date: opts.date } : {}),
        ...(opts.all ? { includeInactive: true } : {}),
        ...(opts.region ? { region: opts.region } : {}),
      });
      const ms = performance.now() - t0;
      const { corrections } = kb.correct(question);
      if (opts.json) {
        console.log(JSON.stringify({ question, corrections, ms, answerability: answerability(hits[0]), hits: hits.map((h) => ({ docId: h.doc.id, chunkId: h.chunk.id, title: h.doc.title, section: h.chunk.metadata.section, lang: h.doc.lang, topic: h.doc.topic, text: h.chunk.text, scores: h.scores, inactive: kb.retriever.inactiveReason(h.doc, opts.date) ?? null })) }, null, 2));
        return;
      }
      if (corrections.length) console.log(`(read as: ${corrections.map((c) => `${c.from} → ${c.to}`).join(", ")})\n`);
      if (!hits.length) console.log("No policy matches this question.");
      hits.forEach((h, i) => console.log(formatHit(h, i, kb.retriever.inactiveReason(h.doc, opts.date))));
      console.log(`\nanswerability ${answerability(hits[0]).toFixed(3)} · ${ms.toFixed(1)} ms`);
    });

  program
    .command("stats")
    .description("documents and chunks per topic and language, inactive policies, index size and model")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { config, indexRoot, knowledgeDir } = settings(cmd);
      const { kb } = await openOrBuild({ indexRoot, knowledgeDir, embedder: createEmbedder(config.embeddings) });
      const s = await kb.stats();
      if (opts.json) return void console.log(JSON.stringify(s, null, 2));
      const table = (m: Record<string, { documents: number; chunks: number }>) =>
        Object.entries(m).sort().map(([k, v]) => `  ${k.padEnd(12)} ${String(v.documents).padStart(4)} docs ${String(v.chunks).padStart(6)} chunks`).join("\n");
      console.log(
        [
          `${s.documents} documents, ${s.chunks} chunks · model ${s.embedder} (${s.dimensions} dims) · ${(s.bytes / 1024).toFixed(0)} KiB · built ${s.builtAt}`,
          `index: ${s.indexDir}`,
          "by topic:", table(s.byTopic),
          "by language:", table(s.byLang),
          `not answered from today: ${s.inactive.length}`,
          ...s.inactive.map((i) => `  ${i.id}: ${i.reason}`),
          ...thresholdLines(s.calibration, config.answerThreshold),
        ].join("\n"),
      );
    });

  program
    .command("calibrate")
    .description("derive the corpus's refusal thresholds from its own headings and store them with the live index")
    .option("--json", "print the calibration as JSON")
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { config, indexRoot, knowledgeDir } = settings(cmd);
      const { kb } = await openOrBuild({ indexRoot, knowledgeDir, embedder: createEmbedder(config.embeddings) });
      const calibration = await kb.calibrate();
      await new IndexStore(indexRoot).writeCalibration(kb.dir, calibration);
      console.log(opts.json ? JSON.stringify(calibration, null, 2) : thresholdLines(calibration, config.answerThreshold).join("\n"));
    });

  program
    .command("eval")
    .description("recall@1/@5 and MRR by language, topic and cross-lingual slice; unanswerable separation; with several sets, one row per corpus")
    .argument("<sets...>", "JSONL question files (about --dir), folders with questions.jsonl (and their own knowledge/), or folders of such folders")
    .option("-k, --k <n>", "chunks retrieved per question", positiveInt, 20)
    .option("--date <date>", "evaluate as of this date", isoDate)
    .option("--answers", "also run every question through the bot and check the answers for the expected facts")
    .option("--json", "print the report as JSON")
    .action(async (args: string[], opts: { k: number; date?: string; answers?: boolean; json?: boolean }, cmd: Command) => {
      const { config, indexRoot, knowledgeDir } = settings(cmd);
      const sets = await resolveEvalSets(args, knowledgeDir);
      const results: SetResult[] = [];
      for (const set of sets) {
        // The default corpus uses the configured index; another city gets an index of its own next to it.
        const root = path.resolve(set.knowledgeDir) === path.resolve(knowledgeDir) ? indexRoot : path.join(indexRoot, "..", "eval-index", set.name);
        results.push(await evaluateSet(set, root, config, opts));
      }
      if (opts.json) return void console.log(JSON.stringify(results.length === 1 ? { retrieval: results[0]!.retrieval, answers: results[0]!.answers } : results, null, 2));
      if (results.length === 1) {
        const [r] = results as [SetResult];
        const parts = [formatEvalReport(r.retrieval)];
        if (r.answers) parts.push("", formatAnswerReport(r.answers), thresholdLines(r.calibration, config.answerThreshold).join("\n"));
        return void console.log(parts.join("\n"));
      }
      console.log(formatSetTable(results));
      if (config.answerThreshold !== undefined) console.log(`(every corpus refused at ANSWER_THRESHOLD=${config.answerThreshold})`);
    });

  program
    .command("gaps")
    .description("questions the bot could not answer, grouped by similar wording, most frequent first")
    .option("--since <date>", "only questions asked on or after this date", isoDate)
    .option("--limit <n>", "groups to show", positiveInt, 30)
    .option("--json", "print as JSON")
    .action(async (opts: { since?: string; limit: number; json?: boolean }) => {
      const config = loadConfig(process.env);
      const kv = createKeyv<QuestionRecord>(config.storeUrl, "questions");
      try {
        const records: QuestionRecord[] = [];
        for await (const r of new QuestionLog(kv).entries()) if (!opts.since || r.at >= opts.since) records.push(r);
        const gaps = groupGaps(records).slice(0, opts.limit);
        if (opts.json) return void console.log(JSON.stringify({ questions: records.length, unanswered: records.filter((r) => !r.answered).length, gaps }, null, 2));
        const unanswered = records.filter((r) => !r.answered && r.intent === "question").length;
        console.log(`${records.length} questions recorded, ${unanswered} not answered${opts.since ? ` since ${opts.since}` : ""}.`);
        gaps.forEach((g, i) => {
          console.log(`${String(i + 1).padStart(3)}. ×${g.count} (${g.askers} ${g.askers === 1 ? "person" : "people"}, last ${g.lastAt.slice(0, 10)}, best score ${g.bestScore.toFixed(3)})  ${g.example}`);
          for (const v of g.variants.slice(1, 4)) console.log(`       also: ${v}`);
        });
      } finally {
        await kv.disconnect();
      }
    });

  return program;
}
