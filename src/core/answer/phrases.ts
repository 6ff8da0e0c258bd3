import path from "node:path";
import { z } from "zod";
import { compileAlternatives, parseDomainYaml, perDomainDir } from "../../knowledge/lexicon/load.ts";

/** A kind of fact a question asks for (amount, date, documents…), as `answers.yaml` defines it. */
export interface FacetPhrases {
  id: string;
  /** A question asking for it. */
  asks: RegExp;
  /** A sentence or passage holding it (absent when `items` says instead). */
  holds?: RegExp;
  /** Things a passage names when it holds it (global: they are counted). */
  items?: RegExp;
  /** A section heading saying the policy gives it there. */
  heading?: RegExp;
  /** Also held by a time relative to an event (for "when"). */
  relative?: RegExp;
  /** Also held by a table whose header line matches and whose cells are bare numbers. */
  tableHeader?: RegExp;
  /** A figure a talent acts on: a sentence stating one in digits is preferred. */
  figure: boolean;
}

/** The phrases of the offline answerer (see `config/domain/answers.yaml`). */
export interface AnswerPhrases {
  facets: readonly FacetPhrases[];
  byId: ReadonlyMap<string, FacetPhrases>;
  /** The facets that are figures. */
  figures: readonly string[];
  /** A sentence that only frames its policy (purpose, scope, entry into force). */
  framing: RegExp;
}

const alternatives = z.array(z.string().min(1, "an empty pattern")).min(1, "at least one pattern");
const facetSchema = z
  .object({
    figure: z.boolean().default(false),
    asks: alternatives,
    holds: alternatives.optional(),
    items: alternatives.optional(),
    heading: alternatives.optional(),
    relative: alternatives.optional(),
    table_header: alternatives.optional(),
  })
  .strict()
  .refine((f) => !!f.holds !== !!f.items, "a facet needs either holds or items");
const fileSchema = z.object({ facets: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, "a facet id is lower-case letters, digits and _"), facetSchema), framing: alternatives }).strict();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Reads and validates an answer phrases file; the first problem throws a `DomainFileError` naming its file and line. */
export function loadAnswerPhrases(file: string): AnswerPhrases {
  const { text, data } = parseDomainYaml(file, "the answer phrases", fileSchema);
  const compile = (where: string, patterns: readonly string[], flags = "i", wrap = (s: string) => s): RegExp => {
    const r = compileAlternatives(file, text, where, patterns, flags);
    return new RegExp(wrap(r.source), flags);
  };
  const facets: FacetPhrases[] = Object.entries(data.facets).map(([id, f]) => ({
    id,
    asks: compile(`facets.${id}.asks`, f.asks),
    ...(f.holds ? { holds: compile(`facets.${id}.holds`, f.holds) } : {}),
    ...(f.items ? { items: compile(`facets.${id}.items`, f.items, "gi") } : {}),
    ...(f.heading ? { heading: compile(`facets.${id}.heading`, f.heading) } : {}),
    ...(f.relative ? { relative: compile(`facets.${id}.relative`, f.relative) } : {}),
    ...(f.table_header ? { tableHeader: compile(`facets.${id}.table_header`, f.table_header.map(escapeRegExp), "im", (s) => `^\\|.*(?:${s}).*\\|\\s*$`) } : {}),
    figure: f.figure,
  }));
  return { facets, byId: new Map(facets.map((f) => [f.id, f])), figures: facets.filter((f) => f.figure).map((f) => f.id), framing: compile("framing", data.framing) };
}

/** The deployment's answer phrases (`DOMAIN_DIR/answers.yaml`), read once and shared; called for every sentence scored. */
export const answerPhrases = perDomainDir((dir) => loadAnswerPhrases(path.join(dir, "answers.yaml")));
