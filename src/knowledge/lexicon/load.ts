import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { z } from "zod";

/** A concept of the domain lexicon: surface forms in simplified Chinese and in English (see `config/domain/lexicon.yaml`). */
export interface Concept {
  id: string;
  zh: string[];
  en: string[];
}

/** A domain data file that cannot be used, with the file and line of the problem in its message. */
export class DomainFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${reason}`);
    this.name = "DomainFileError";
  }
}

/** Where a deployment's domain files live: `DOMAIN_DIR`, else the shipped `config/domain`. */
export function domainDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOMAIN_DIR ? path.resolve(env.DOMAIN_DIR) : fileURLToPath(new URL("../../../config/domain/", import.meta.url));
}

const forms = z.array(z.string().trim().min(1, "an empty form")).default([]);
const conceptSchema = z
  .object({ zh: forms, en: forms })
  .strict()
  .refine((c) => c.zh.length + c.en.length > 0, "a concept needs at least one form in zh or en");
const ID = /^[a-z][a-z0-9_]*$/;

/** The line (1-based) where a top-level key starts, for messages about that concept. */
function lineOf(text: string, key: string): number | undefined {
  const i = text.split("\n").findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`));
  return i < 0 ? undefined : i + 1;
}

/**
 * Reads a domain YAML file: its text (for line numbers) and its data. A file that cannot be read or parsed throws
 * a `DomainFileError` naming it (`what` says what it holds: "the lexicon") and, for a YAML error, the line.
 */
export function readDomainYaml(file: string, what: string): { text: string; data: unknown } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new DomainFileError(file, undefined, `cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return { text, data: yaml.load(text, { filename: file }) };
  } catch (err) {
    const e = err as yaml.YAMLException;
    throw new DomainFileError(file, e.mark ? e.mark.line + 1 : undefined, e.reason ?? e.message);
  }
}

/** `readDomainYaml` and a schema: the data as the schema reads it, or a `DomainFileError` on the line of the first problem. */
export function parseDomainYaml<T>(file: string, what: string, schema: z.ZodType<T>): { text: string; data: T } {
  const { text, data } = readDomainYaml(file, what);
  const parsed = schema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainFileError(file, lineOfKeys(text, issue.path.map(String)), `${issue.path.join(".") || "file"}: ${issue.message}`);
  }
  return { text, data: parsed.data };
}

/**
 * Something read from the deployment's domain folder (`domainDir`), read once and shared, and read again when
 * `DOMAIN_DIR` changes. Cheap to call on a hot path: only the variable is compared.
 */
export function perDomainDir<T>(load: (dir: string) => T): () => T {
  let cached: { env: string | undefined; value: T } | undefined;
  return () => {
    const env = process.env.DOMAIN_DIR;
    if (!cached || cached.env !== env) cached = { env, value: load(domainDir()) };
    return cached.value;
  };
}

/**
 * One regular expression of a list of alternatives from a domain file; a pattern that is not a valid expression
 * throws a `DomainFileError` on its line (`where` names its key: "facets.amount.asks").
 */
export function compileAlternatives(file: string, text: string, where: string, patterns: readonly string[], flags = "i"): RegExp {
  for (const p of patterns) {
    try {
      new RegExp(p, flags);
    } catch (err) {
      const lines = text.split("\n");
      const i = [p.replace(/'/g, "''"), p].map((needle) => lines.findIndex((l) => l.includes(needle))).find((x) => x >= 0);
      throw new DomainFileError(file, i === undefined ? undefined : i + 1, `${where}: ${(err as Error).message}`);
    }
  }
  return new RegExp(patterns.map((p) => `(?:${p})`).join("|"), flags);
}

/** The line (1-based) of the first line of `text` that starts a key of a path (its last key found), for messages. */
export function lineOfKeys(text: string, keys: readonly (string | number)[]): number | undefined {
  const lines = text.split("\n");
  for (const k of [...keys].reverse()) {
    const i = lines.findIndex((l) => l.trimStart().startsWith(`${String(k)}:`));
    if (i >= 0) return i + 1;
  }
  return undefined;
}

/** Reads and validates a lexicon file; the first problem throws a `DomainFileError` naming its file and line. */
export function loadLexicon(file: string): Concept[] {
  const { text, data } = readDomainYaml(file, "the lexicon");
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new DomainFileError(file, undefined, "expected a mapping of concept ids to {zh, en} forms");
  const out: Concept[] = [];
  for (const [id, value] of Object.entries(data)) {
    if (!ID.test(id)) throw new DomainFileError(file, lineOf(text, id), `concept id "${id}" must be lower-case letters, digits and _`);
    const r = conceptSchema.safeParse(value ?? {});
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new DomainFileError(file, lineOf(text, id), `concept ${id}${issue.path.length ? `.${issue.path.join(".")}` : ""}: ${issue.message}`);
    }
    out.push({ id, zh: r.data.zh, en: r.data.en });
  }
  return out;
}

let shipped: { file: string; concepts: Concept[] } | undefined;

/** The deployment's lexicon (`DOMAIN_DIR/lexicon.yaml`), read once and shared. */
export function domainLexicon(): Concept[] {
  const file = path.join(domainDir(), "lexicon.yaml");
  if (shipped?.file !== file) shipped = { file, concepts: loadLexicon(file) };
  return shipped.concepts;
}

/** A short fingerprint of a lexicon: passages are tokenised with it, so a change must re-index them. */
export function lexiconFingerprint(concepts: readonly Concept[], ...more: string[]): string {
  return createHash("sha256").update(JSON.stringify(concepts)).update(more.join("\0")).digest("hex").slice(0, 8);
}
