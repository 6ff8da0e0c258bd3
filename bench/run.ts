/**
 * Benchmark entry point: `npm run bench -- [section…] [options]`. Runs every section by default, in order.
 *
 *   npm run bench                          all sections, plain tables on stdout (progress on stderr)
 *   npm run bench -- knowledge quality     only these sections
 *   npm run bench -- --json                the same results as one JSON document instead of tables
 *   npm run bench -- --list                the sections and what they measure
 *
 * Options: --questions FILE (default eval/questions.jsonl), --date YYYY-MM-DD (validity date, default today),
 * --scales 1,10,100 (corpus sizes for the knowledge section).
 *
 * A new section is a module exporting a `Section` (see bench/util.ts), added to SECTIONS below.
 */
import { channelsSection } from "./channels.ts";
import { conversationSection } from "./conversation.ts";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readQuestions, type EvalQuestion } from "../src/knowledge/eval.ts";
import { today } from "../src/knowledge/hybrid-retriever.ts";
import { knowledgeSection } from "./knowledge.ts";
import { qualitySection } from "./quality.ts";
import { ticketsSection } from "./tickets.ts";
import { BenchError, cleanupOnSignals, cleanupTempDirs, ROOT, type BenchContext, type Section, type SectionResult } from "./util.ts";

const SECTIONS: Section[] = [knowledgeSection, qualitySection, conversationSection, ticketsSection, channelsSection];

const USAGE = `usage: npm run bench -- [section…] [--json] [--questions FILE] [--date YYYY-MM-DD] [--scales 1,10,100] [--list]
sections: ${SECTIONS.map((s) => s.name).join(", ")} (default: all)`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        questions: { type: "string" },
        date: { type: "string" },
        scales: { type: "string", default: "1,10,100" },
        list: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    return fail((err as Error).message);
  }
})();

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.list) {
  for (const s of SECTIONS) console.log(`${s.name.padEnd(12)} ${s.description}`);
  process.exit(0);
}

const unknown = positionals.filter((p) => !SECTIONS.some((s) => s.name === p));
if (unknown.length) fail(`unknown section${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
const selected = positionals.length ? SECTIONS.filter((s) => positionals.includes(s.name)) : SECTIONS;

const date = values.date ?? today();
if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) fail(`--date must be YYYY-MM-DD, got "${date}"`);
const scales = values.scales.split(",").map((s) => Number(s.trim()));
if (!scales.length || scales.some((n) => !Number.isInteger(n) || n < 1)) fail(`--scales must be positive whole numbers, got "${values.scales}"`);

const questionsFile = path.resolve(values.questions ?? path.join(ROOT, "eval", "questions.jsonl"));
let questions: Promise<EvalQuestion[]> | undefined;
const ctx: BenchContext = {
  root: ROOT,
  knowledgeDir: path.join(ROOT, "knowledge"),
  questionsFile,
  questions: () =>
    (questions ??= readQuestions(questionsFile).catch((err: NodeJS.ErrnoException) => {
      throw err.code === "ENOENT" ? new BenchError(`no question set at ${questionsFile} (write it, or pass --questions FILE)`) : err;
    })),
  date,
  scales,
  log: (m) => process.stderr.write(`${m}\n`),
};

cleanupOnSignals();
const cpus = os.cpus();
const env = {
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: cpus.length,
  cpu: cpus[0]?.model.trim() ?? "unknown",
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  date,
  startedAt: new Date().toISOString(),
};
const t0 = performance.now();
const results: Record<string, SectionResult | { error: string }> = {};
if (!values.json) {
  console.log(`Talent Concierge benchmark · node ${env.node} · ${env.platform} · ${env.cpus}× ${env.cpu} · ${env.memoryGiB} GiB · validity date ${date}`);
}
try {
  for (const section of selected) {
    const s0 = performance.now();
    try {
      const r = await section.run(ctx);
      results[section.name] = r;
      if (!values.json) console.log(`\n${r.text}\n(${section.name}: ${((performance.now() - s0) / 1000).toFixed(1)} s)`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results[section.name] = { error: message };
      process.exitCode = 1;
      const detail = err instanceof Error && !(err instanceof BenchError) ? (err.stack ?? message) : message;
      console.error(`\nsection ${section.name} failed: ${detail}`);
    }
  }
} finally {
  await cleanupTempDirs();
}
const totalSeconds = (performance.now() - t0) / 1000;
if (values.json) {
  const sections = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, "data" in r ? r.data : r]));
  console.log(JSON.stringify({ env, totalSeconds, sections }, null, 2));
} else {
  console.log(`\ntotal ${totalSeconds.toFixed(1)} s`);
}
