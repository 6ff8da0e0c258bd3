import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { AnswerEvalReport } from "../core/answer-eval.ts";
import type { Calibration } from "../knowledge/calibrate.ts";
import type { EvalReport } from "../knowledge/eval.ts";

/** One question set and the corpus it asks about. */
export interface EvalSet {
  /** Short name for tables: the folder or file name. */
  name: string;
  knowledgeDir: string;
  questions: string;
}

const QUESTIONS = "questions.jsonl";
const KNOWLEDGE = "knowledge";

const isDir = async (p: string) => (await stat(p).catch(() => undefined))?.isDirectory() ?? false;
const isFile = async (p: string) => (await stat(p).catch(() => undefined))?.isFile() ?? false;

/**
 * The question sets named on the command line: a JSONL file asks about `defaultKnowledge`; a folder with
 * `questions.jsonl` and `knowledge/` is a city of its own; a folder with `questions.jsonl` only asks about
 * `defaultKnowledge`; any other folder holds such folders (`eval/cities`).
 */
export async function resolveEvalSets(args: readonly string[], defaultKnowledge: string): Promise<EvalSet[]> {
  const out: EvalSet[] = [];
  for (const arg of args) {
    if (await isFile(arg)) {
      out.push({ name: path.basename(arg, ".jsonl"), knowledgeDir: defaultKnowledge, questions: arg });
      continue;
    }
    if (!(await isDir(arg))) throw new Error(`${arg}: no such question file or folder`);
    const one = await setIn(arg, defaultKnowledge);
    if (one) {
      out.push(one);
      continue;
    }
    const found: EvalSet[] = [];
    for (const e of (await readdir(arg, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const set = e.isDirectory() ? await setIn(path.join(arg, e.name), defaultKnowledge) : undefined;
      if (set) found.push(set);
    }
    if (!found.length) throw new Error(`${arg}: no ${QUESTIONS} in it or in its folders`);
    out.push(...found);
  }
  return out;
}

async function setIn(dir: string, defaultKnowledge: string): Promise<EvalSet | undefined> {
  const questions = path.join(dir, QUESTIONS);
  if (!(await isFile(questions))) return undefined;
  const own = path.join(dir, KNOWLEDGE);
  return { name: path.basename(dir), knowledgeDir: (await isDir(own)) ? own : defaultKnowledge, questions };
}

/** What one set scored: retrieval, answers, and the thresholds the answers were refused at. */
export interface SetResult {
  set: EvalSet;
  retrieval: EvalReport;
  answers?: AnswerEvalReport;
  calibration?: Calibration;
}

/** The targets every corpus is held to (issue #15); a row below one is marked. */
export const TARGETS = { recallAt5: 0.95, crossRecallAt5: 0.85, facts: 0.85, answerableRefused: 0.05, unanswerableRefused: 0.6 };

/** One row per set: the figures a city is judged on, a `*` on each one short of its target. */
export function formatSetTable(results: readonly SetResult[]): string {
  const cell = (x: number | undefined, ok: (x: number) => boolean) => (x === undefined ? "    –" : `${x.toFixed(3)}${ok(x) ? " " : "*"}`);
  const head = `${"set".padEnd(16)} ${"n".padStart(4)}  R@1    R@5     cross R@5  facts   ans.refused  unans.refused  thresholds zh/en/zh→en/en→zh`;
  const rows = results.map(({ set, retrieval: r, answers: a, calibration: c }) =>
    [
      set.name.padEnd(16),
      String(r.overall.n).padStart(4),
      ` ${r.overall.recallAt1.toFixed(3)}`,
      ` ${cell(r.overall.recallAt5, (x) => x >= TARGETS.recallAt5)}`,
      `  ${r.crossLingual.n ? cell(r.crossLingual.recallAt5, (x) => x >= TARGETS.crossRecallAt5) : "    –"}    `,
      ` ${cell(a?.overall.factRecall, (x) => x >= TARGETS.facts)}`,
      `  ${cell(a?.overall.refused, (x) => x <= TARGETS.answerableRefused)}     `,
      `  ${cell(a?.unanswerable ? a.unanswerableRefused : undefined, (x) => x >= TARGETS.unanswerableRefused)}       `,
      `  ${c ? [c.thresholds.zh, c.thresholds.en, c.thresholds["zh-en"], c.thresholds["en-zh"]].map((x) => x.toFixed(2)).join("/") : "default"}`,
    ].join(""),
  );
  return [
    head,
    ...rows,
    `* short of the target (R@5 ≥ ${TARGETS.recallAt5}, cross-lingual R@5 ≥ ${TARGETS.crossRecallAt5}, facts ≥ ${TARGETS.facts}, answerable refused ≤ ${TARGETS.answerableRefused}, unanswerable refused ≥ ${TARGETS.unanswerableRefused})`,
  ].join("\n");
}
