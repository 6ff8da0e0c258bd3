/**
 * Retrieval baselines the hybrid retriever is compared with, over the very same chunks and with the same
 * validity filter (expired, superseded and not-yet-effective policies are excluded from every system):
 *
 * - MiniSearch with its default settings: its own tokenizer (split on spaces and punctuation, so Chinese
 *   stays unsegmented), BM25+, no stemming, no lexicon, no vectors.
 * - Plain BM25: the project's `Bm25Index` over the project's segmentation (Chinese bigrams and words, stemmed
 *   English) but with an empty concept list — no lexicon concepts, no concept index, no vectors, no region or
 *   language adjustments.
 */
import MiniSearch from "minisearch";
import { Bm25Index } from "../src/knowledge/bm25.ts";
import { docRanking, type EvalQuestion, type RankedAnswer } from "../src/knowledge/eval.ts";
import type { StoredChunk } from "../src/knowledge/index-store.ts";
import { indexTextOf } from "../src/knowledge/ingest/split.ts";
import { Tokenizer } from "../src/knowledge/tokenize.ts";

/** A retrieval system under evaluation: ranked document ids and a confidence score per question. */
export interface Ranker {
  name: string;
  rank(q: EvalQuestion): Promise<RankedAnswer>;
  /** A second confidence score, when the system has a natural one, for another separation figure. */
  altScore?: { label: string; score(q: EvalQuestion): Promise<number> };
}

interface MiniDoc {
  id: string;
  title: string;
  text: string;
  docId: string;
}

/**
 * MiniSearch, default settings: `title` is the chunk's heading path (`title › section`) and `text` its body,
 * which is exactly the text the hybrid index sees. The raw question is searched with default options; chunks
 * of inactive documents are dropped, document ids deduplicated in order. Score: the top remaining result's.
 */
export function miniSearchBaseline(chunks: readonly StoredChunk[], isActive: (docId: string) => boolean): Ranker {
  const ms = new MiniSearch<MiniDoc>({ fields: ["title", "text"], storeFields: ["docId"] });
  ms.addAll(chunks.map((c) => ({ id: c.chunk.id, title: c.chunk.metadata.section, text: c.chunk.text, docId: c.chunk.metadata.docId })));
  return {
    name: "minisearch",
    async rank(q) {
      const results = ms.search(q.question).filter((r) => isActive(r["docId"] as string));
      return { docIds: docRanking(results.map((r) => r["docId"] as string)), score: results[0]?.score ?? 0 };
    },
  };
}

/**
 * Plain BM25 (k1 1.2, b 0.75) over `Tokenizer([])` tokens of each chunk's index text, queried with the same
 * tokenizer; the best `k` active chunks give the document ranking. Score: the top chunk's BM25 score; the
 * alternative score is its coverage (share of the query's IDF weight it contains), the lexical half of the
 * hybrid's answerability.
 */
export function plainBm25Baseline(chunks: readonly StoredChunk[], isActive: (docId: string) => boolean, k = 20): Ranker {
  const tokenizer = new Tokenizer([]);
  const docIds = chunks.map((c) => c.chunk.metadata.docId);
  const index = new Bm25Index(chunks.map((c) => tokenizer.tokenize(indexTextOf(c.chunk))));
  const activeByIndex = docIds.map((id) => isActive(id));
  const search = (q: EvalQuestion) => index.search(tokenizer.tokenize(q.question), k, (i) => activeByIndex[i]!);
  return {
    name: "bm25-plain",
    async rank(q) {
      const matches = search(q);
      return { docIds: docRanking(matches.map((m) => docIds[m.index]!)), score: matches[0]?.score ?? 0 };
    },
    altScore: { label: "top-chunk coverage", score: async (q) => search(q)[0]?.coverage ?? 0 },
  };
}
