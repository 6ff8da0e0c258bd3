import type { Lang } from "../text/normalize.ts";
import type { Tier } from "./tiers.ts";

/** Topics a policy can belong to; the first-level folders of `knowledge/` use the same names. */
export const TOPICS = ["housing", "schooling", "medical", "settlement", "services", "other"] as const;
export type Topic = (typeof TOPICS)[number];

/** A tier id of the deployment's certification: the tiers are data (`config/domain/tiers.yaml`, see `tiers.ts`). */
export type { Tier };

/** What the index knows about one policy document (front matter, or what was inferred from the file). */
export interface DocMeta {
  id: string;
  title: string;
  topic: Topic;
  lang: Lang;
  /** ISO date (YYYY-MM-DD) from which the policy applies. */
  effective?: string;
  /** ISO date after which the policy no longer applies. */
  expires?: string;
  /** Id of an older policy this one replaces. */
  supersedes?: string;
  /** Id of the document this one translates: both are one policy. */
  translationOf?: string;
  source?: string;
  /** District or city the policy applies to. */
  region?: string;
  tiers?: Tier[];
  /** Path of the file, relative to the knowledge directory, with `/` separators. */
  path: string;
}

/** A parsed policy file, ready to be split. `body` is display text (original script, scraping noise removed). */
export interface PolicyDoc {
  meta: DocMeta;
  body: string;
  /** Content hash of the file (and the chunker version) used for incremental ingest. */
  hash: string;
}

/** Metadata every chunk carries. */
export interface ChunkMeta {
  docId: string;
  /** Policy id shared by a document and its translations. */
  policyId: string;
  title: string;
  /** Heading path, `title › section › subsection`. */
  section: string;
  lang: Lang;
  topic: Topic;
  /** Index of the chunk within its document. */
  ordinal: number;
}

/** A piece of a document: the unit that is indexed, retrieved and cited. */
export interface Chunk {
  id: string;
  text: string;
  metadata: ChunkMeta;
}

/** Score parts of a hit, kept for debugging and for the answerability threshold. */
export interface ScoreParts {
  /** Raw BM25 score over the query tokens the chunk's language can contain. */
  bm25: number;
  /** That score normalised by the best those tokens allow and by how much of the question they are (0–1). */
  lexical: number;
  /** Cosine similarity of query and chunk vectors. */
  vector: number;
  /** Share (0–1) of the query's IDF weight that the chunk contains (scaled like `lexical` across languages). */
  coverage: number;
  /** Share of the question's IDF weight in words no policy contains at all (same for every hit of a query). */
  unknown: number;
  /** Final ranking score after fusion and region/language adjustments. */
  fused: number;
}

/** A retrieved chunk with its document and its score parts. */
export interface Hit {
  chunk: Chunk;
  doc: DocMeta;
  scores: ScoreParts;
}

/** A problem found in one file of the knowledge directory. */
export interface LoadIssue {
  path: string;
  reason: string;
  /** `error`: the file was not indexed (a previous version, if any, is kept); `warning`: indexed anyway. */
  level: "error" | "warning";
}
