import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EvalQuestion } from "../src/knowledge/eval.ts";

/** Project root (the folder holding `bench/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// --- deterministic randomness ----------------------------------------------------------------------------

/** FNV-1a over the string form of `parts`: a stable 32-bit seed from names and numbers. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const s = parts.join("\u0000");
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Small seeded PRNG (mulberry32): the same seed always gives the same sequence, on every platform. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

// --- statistics --------------------------------------------------------------------------------------------

/** Nearest-rank percentile (p in 0–100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length, Math.max(1, rank)) - 1]!;
}

export function mean(samples: readonly number[]): number {
  return samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : NaN;
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

// --- formatting --------------------------------------------------------------------------------------------

export type Cell = string | number;

/**
 * A plain, aligned text table. Columns whose cells are all numbers (or number-like strings such as `×1.52`,
 * `n/a`) are right-aligned, the others left-aligned.
 */
export function table(headers: string[], rows: Cell[][]): string {
  const text = rows.map((r) => r.map((c) => (typeof c === "number" ? fmt(c) : c)));
  const numeric = headers.map((_, i) => rows.length > 0 && text.every((r) => NUMBER_LIKE.test(r[i] ?? "")));
  const width = headers.map((h, i) => Math.max(displayWidth(h), ...text.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? padStart(c, width[i]!) : padEnd(c, width[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), line(width.map((w) => "-".repeat(w))), ...text.map(line)].join("\n");
}

const NUMBER_LIKE = /^(?:[-+×]?\d[\d.,/]*%?|n\/a|∞|×∞|-|–|)$/;

/** A number with sensible precision for a table. */
export function fmt(x: number, digits?: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "n/a" : "∞";
  if (digits !== undefined) return x.toFixed(digits);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return x.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

// East Asian wide characters take two columns in a terminal.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;
function displayWidth(s: string): number {
  return s.length + (s.match(WIDE)?.length ?? 0);
}
function padEnd(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - displayWidth(s)));
}
function padStart(s: string, w: number): string {
  return " ".repeat(Math.max(0, w - displayWidth(s))) + s;
}

/** A section heading line. */
export function heading(title: string): string {
  return `${title}\n${"=".repeat(displayWidth(title))}`;
}

// --- temp dirs and child processes --------------------------------------------------------------------------

const tempDirs = new Set<string>();

/** A fresh directory under the OS temp dir, removed by `cleanupTempDirs` (also on Ctrl-C). */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `tc-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  tempDirs.delete(dir);
  await rm(dir, { recursive: true, force: true });
}

export async function cleanupTempDirs(): Promise<void> {
  await Promise.all([...tempDirs].map((d) => removeTempDir(d)));
}

let signalsHooked = false;
/** Removes the temp dirs when the bench is interrupted. */
export function cleanupOnSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      void cleanupTempDirs().finally(() => process.exit(130));
    });
  }
}

/**
 * Runs a TypeScript worker in its own Node process (`node --import tsx <script> args…`) and resolves with the
 * one message it sends back over IPC. A fresh process per measurement keeps peak RSS and JIT state clean.
 */
export function runWorker<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: { ok: true; value: T } | { ok: false; error: string } | undefined;
    child.on("message", (m) => {
      result = m as typeof result;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (result?.ok) resolve(result.value);
      else if (result) reject(new Error(`worker ${path.basename(script)} ${args.join(" ")} failed: ${result.error}`));
      else reject(new Error(`worker ${path.basename(script)} ${args.join(" ")} exited with ${signal ?? code} and no result`));
    });
  });
}

/** In a worker: computes the result and sends it to the parent, then exits. */
export async function workerMain<T>(fn: () => Promise<T>): Promise<void> {
  try {
    const value = await fn();
    if (process.send) process.send({ ok: true, value });
    else console.log(JSON.stringify(value, null, 2));
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    if (process.send) process.send({ ok: false, error });
    else console.error(error);
    process.exitCode = 1;
  }
  process.disconnect?.();
}

/** An expected failure (missing input, bad option): reported by its message alone, without a stack. */
export class BenchError extends Error {
  override name = "BenchError";
}

// --- shared context of a bench run -----------------------------------------------------------------------------

export interface BenchContext {
  root: string;
  /** The shipped knowledge directory. */
  knowledgeDir: string;
  questionsFile: string;
  /** Loaded lazily: sections that need no questions do not fail when the file is missing. */
  questions(): Promise<EvalQuestion[]>;
  /** Date (YYYY-MM-DD) on which policies must be in force. */
  date: string;
  /** Corpus sizes for scale measurements, as multiples of the shipped corpus (1 = the shipped files). */
  scales: number[];
  /** Progress messages (stderr, so stdout stays clean for tables or JSON). */
  log(message: string): void;
}

/** What a section hands back: JSON-ready data and the same numbers as plain text. */
export interface SectionResult {
  title: string;
  data: unknown;
  text: string;
}

export interface Section {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}
