import path from "node:path";
import { z } from "zod";
import { compileAlternatives, DomainFileError, domainDir, lineOfKeys, readDomainYaml } from "../../knowledge/lexicon/load.ts";
import { CONCEPT_PREFIX } from "../../knowledge/tokenize.ts";

/** The kinds of phrase the rule classifier looks for (see `config/domain/intents.yaml`). */
export const INTENT_PATTERNS = [
  "cancel_phrase",
  "cancel_anywhere",
  "greeting",
  "greeting_lead",
  "capability",
  "rating_only",
  "rating_strong",
  "stars",
  "satisfaction",
  "ticket_words",
  "status_ask",
  "question",
  "question_form",
  "info_verb",
  "request_lead",
  "action_verb",
  "need_thing",
  "problem",
  "problem_info",
  "talk_to_human",
  "cancel_ticket",
  "profile_ask",
  "profile_change",
  "self_statement",
  "chitchat",
  "booking",
  "rating_mark",
  "policy_words",
  "verdict",
  "desk_subject",
] as const;
export type IntentPattern = (typeof INTENT_PATTERNS)[number];

/** The intent classifier's phrases: one expression per kind, and the lexicon concepts by what they say. */
export interface IntentPhrases {
  patterns: Record<IntentPattern, RegExp>;
  /** Concepts (index tokens, `~amount`) that do not make a message about a desk service on their own. */
  generic: ReadonlySet<string>;
  /** Concepts a question may ask of a service without naming it (`~processing_time`). */
  serviceAspects: ReadonlySet<string>;
}

const alternatives = z.array(z.string().min(1, "an empty pattern")).min(1, "at least one pattern");
const concepts = z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, "a concept id of the lexicon"));
const fileSchema = z
  .object({
    concepts: z.object({ generic: concepts, service_aspects: concepts }).strict(),
    patterns: z.object(Object.fromEntries(INTENT_PATTERNS.map((k) => [k, alternatives])) as Record<IntentPattern, typeof alternatives>).strict(),
  })
  .strict();

/** Reads and validates an intent phrases file; the first problem throws a `DomainFileError` naming its file and line. */
export function loadIntentPhrases(file: string): IntentPhrases {
  const { text, data } = readDomainYaml(file, "the intent phrases");
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainFileError(file, lineOfKeys(text, issue.path.map(String)), `${issue.path.join(".") || "file"}: ${issue.message}`);
  }
  const patterns = Object.fromEntries(INTENT_PATTERNS.map((k) => [k, compileAlternatives(file, text, `patterns.${k}`, parsed.data.patterns[k], "")])) as Record<IntentPattern, RegExp>;
  const ids = (xs: readonly string[]) => new Set(xs.map((c) => CONCEPT_PREFIX + c));
  return { patterns, generic: ids(parsed.data.concepts.generic), serviceAspects: ids(parsed.data.concepts.service_aspects) };
}

let shipped: { dir: string | undefined; phrases: IntentPhrases } | undefined;

/** The deployment's intent phrases (`DOMAIN_DIR/intents.yaml`), read once and shared (read again when `DOMAIN_DIR` changes). */
export function intentPhrases(): IntentPhrases {
  // Called for every sentence scored: only the variable is compared, the path is resolved on a change.
  const dir = process.env.DOMAIN_DIR;
  if (!shipped || shipped.dir !== dir) shipped = { dir, phrases: loadIntentPhrases(path.join(domainDir(), "intents.yaml")) };
  return shipped.phrases;
}
