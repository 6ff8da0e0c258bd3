import path from "node:path";
import { z } from "zod";
import { compileAlternatives, parseDomainYaml, perDomainDir } from "../../knowledge/lexicon/load.ts";
import { CONCEPT_PREFIX } from "../../knowledge/tokenize.ts";

/** The kinds of phrase the rule classifier looks for (see `config/domain/intents.yaml`). */
export const INTENT_PATTERNS = [
  "cancel_phrase",
  "cancel_anywhere",
  "greeting",
  "greeting_lead",
  "thanks",
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
  const { text, data } = parseDomainYaml(file, "the intent phrases", fileSchema);
  const patterns = Object.fromEntries(INTENT_PATTERNS.map((k) => [k, compileAlternatives(file, text, `patterns.${k}`, data.patterns[k], "")])) as Record<IntentPattern, RegExp>;
  const ids = (xs: readonly string[]) => new Set(xs.map((c) => CONCEPT_PREFIX + c));
  return { patterns, generic: ids(data.concepts.generic), serviceAspects: ids(data.concepts.service_aspects) };
}

/** The deployment's intent phrases (`DOMAIN_DIR/intents.yaml`), read once and shared. */
export const intentPhrases = perDomainDir((dir) => loadIntentPhrases(path.join(dir, "intents.yaml")));
