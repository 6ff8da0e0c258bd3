import type { Bm25Index } from "./bm25.ts";
import type { Chunk, DocMeta, Hit, Topic } from "./document.ts";
import type { Embedder } from "./embedders/embedder.ts";
import { detectLang, type Lang } from "./normalize.ts";
import type { RegionMatcher } from "./regions.ts";
import { CONCEPT_PREFIX, type Tokenizer } from "./tokenize.ts";
import type { HnswVectorStore } from "./vector-store.ts";

export interface RetrieveOptions {
  /** Number of chunks to return. Default 5. */
  k?: number;
  /** Only chunks of these topics. */
  topic?: Topic | Topic[];
  /** Date (YYYY-MM-DD) on which policies must be in force. Default: today. */
  date?: string;
  /** Also return expired, not-yet-effective and superseded policies (marked as such). Default false. */
  includeInactive?: boolean;
  /** The talent's own district (from their profile): its policies rank first when the question names none. */
  region?: string;
  /** Language the answer will be in; a policy in that language wins a tie with its translation. Default: the query's. */
  lang?: Lang;
}

export interface HybridWeights {
  /** Weight of max-normalised BM25 over all tokens in the fused score. */
  bm25: number;
  /** Weight of max-normalised BM25 over lexicon concepts only: the language-neutral view. */
  concept: number;
  /** Weight of the (max-normalised) cosine similarity. */
  vector: number;
  /** Candidates taken from each retriever before fusion. Default 60. */
  candidates: number;
}

export const DEFAULT_WEIGHTS: HybridWeights = { bm25: 0.5, concept: 0.25, vector: 0.25, candidates: 60 };

/** Why a policy would not be answered from on a date, or undefined if it is in force. */
export function inactiveReason(doc: DocMeta, date: string, supersededBy: ReadonlyMap<string, DocMeta>): string | undefined {
  if (doc.effective && doc.effective > date) return `not effective until ${doc.effective}`;
  if (doc.expires && doc.expires < date) return `expired on ${doc.expires}`;
  const newer = supersededBy.get(doc.id);
  if (newer && (!newer.effective || newer.effective <= date)) return `superseded by ${newer.id}`;
  return undefined;
}

export interface IndexedChunk {
  chunk: Chunk;
  tokens: string[];
  doc: DocMeta;
}

export interface HybridRetrieverDeps {
  chunks: IndexedChunk[];
  bm25: Bm25Index;
  /** BM25 over the concept tokens of each chunk only. */
  conceptBm25: Bm25Index;
  vectors: HnswVectorStore;
  embedder: Embedder;
  tokenizer: Tokenizer;
  regions: RegionMatcher;
  weights?: Partial<HybridWeights>;
}

/** Confidence that the best hit answers the question: what `kb eval` calibrates the "not covered" threshold on. */
export function answerability(hit: Hit | undefined): number {
  if (!hit) return 0;
  return 0.7 * hit.scores.coverage + 0.3 * Math.max(0, hit.scores.vector);
}

/**
 * Hybrid retrieval: BM25 over segmented tokens and lexicon concepts, fused with vector similarity from
 * hnswlib, filtered by topic and validity date, and adjusted for the region a question names.
 */
export class HybridRetriever {
  private readonly d: HybridRetrieverDeps;
  private readonly w: HybridWeights;
  private readonly indexById = new Map<string, number>();
  private readonly supersededBy = new Map<string, DocMeta>();

  constructor(deps: HybridRetrieverDeps) {
    this.d = deps;
    this.w = { ...DEFAULT_WEIGHTS, ...deps.weights };
    deps.chunks.forEach((c, i) => this.indexById.set(c.chunk.id, i));
    const docs = new Map(deps.chunks.map((c) => [c.doc.id, c.doc]));
    for (const doc of docs.values()) if (doc.supersedes) this.supersededBy.set(doc.supersedes, doc);
  }

  /** Why `doc` is not answered from on `date` (expired, superseded, not yet effective), or undefined. */
  inactiveReason(doc: DocMeta, date = today()): string | undefined {
    return inactiveReason(doc, date, this.supersededBy);
  }

  /** The best chunks for `query`, best first, each with its score parts. */
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<Hit[]> {
    const k = options.k ?? 5;
    const date = options.date ?? today();
    const topics = options.topic ? new Set(Array.isArray(options.topic) ? options.topic : [options.topic]) : undefined;
    const activeCache = new Map<string, boolean>();
    const accept = (i: number): boolean => {
      const { doc } = this.d.chunks[i]!;
      if (topics && !topics.has(doc.topic)) return false;
      if (options.includeInactive) return true;
      let ok = activeCache.get(doc.id);
      if (ok === undefined) activeCache.set(doc.id, (ok = !this.inactiveReason(doc, date)));
      return ok;
    };

    const qTokens = this.d.tokenizer.tokenize(query);
    const qVec = await this.d.embedder.embedQuery(query);
    const n = this.w.candidates;

    const qConcepts = qTokens.filter(isConcept);
    type Cand = { bm25: number; coverage: number; concept: number; conceptCoverage: number; vector: number };
    const cand = new Map<number, Cand>();
    const add = (i: number, vector = NaN): Cand => {
      const m = this.d.bm25.scoreOne(qTokens, i);
      const c = this.d.conceptBm25.scoreOne(qConcepts, i);
      const e = { bm25: m.score, coverage: m.coverage, concept: c.score, conceptCoverage: c.coverage, vector };
      cand.set(i, e);
      return e;
    };
    for (const m of this.d.bm25.search(qTokens, n, accept)) add(m.index);
    if (qConcepts.length) for (const m of this.d.conceptBm25.search(qConcepts, n, accept)) if (!cand.has(m.index)) add(m.index);
    const vecHits = await this.d.vectors.similaritySearchVectorWithScore(qVec, n, (doc) => {
      const i = this.indexById.get(doc.id!);
      return i !== undefined && accept(i);
    });
    for (const [doc, sim] of vecHits) {
      const i = this.indexById.get(doc.id!)!;
      const c = cand.get(i);
      if (c) c.vector = sim;
      else add(i, sim);
    }
    for (const [i, c] of cand) {
      if (Number.isNaN(c.vector)) {
        const v = this.d.vectors.getVector(this.d.chunks[i]!.chunk.id);
        c.vector = v ? cosine(qVec, v) : 0;
      }
    }

    let maxBm25 = 0;
    let maxConcept = 0;
    let maxVec = 0;
    for (const c of cand.values()) {
      maxBm25 = Math.max(maxBm25, c.bm25);
      maxConcept = Math.max(maxConcept, c.concept);
      maxVec = Math.max(maxVec, c.vector);
    }
    const w = this.w;
    const named = this.d.regions.districtsIn(query);
    const wanted = named.length ? new Set(named) : undefined;
    const own = !wanted ? this.d.regions.districtKey(options.region) : undefined;
    const lang = options.lang ?? detectLang(query);

    const hits: Hit[] = [];
    for (const [i, c] of cand) {
      const { chunk, doc } = this.d.chunks[i]!;
      let fused =
        w.bm25 * (maxBm25 ? c.bm25 / maxBm25 : 0) +
        w.concept * (maxConcept ? c.concept / maxConcept : 0) +
        w.vector * (maxVec > 0 ? Math.max(0, c.vector) / maxVec : 0);
      const district = this.d.regions.districtKey(doc.region);
      if (district) {
        // A district policy applies to that district only: it wins when the question (or the talent's profile)
        // names the district, and gives way to city-wide policy otherwise.
        if (wanted) fused *= wanted.has(district) ? 1.5 : 0.5;
        else if (own) fused *= own === district ? 1.2 : 0.6;
        else fused *= 0.85;
      }
      if (sameLanguage(doc.lang, lang)) fused *= 1.03;
      hits.push({ chunk, doc, scores: { bm25: c.bm25, concept: c.concept, vector: c.vector, coverage: c.coverage, conceptCoverage: c.conceptCoverage, fused } });
    }
    hits.sort((a, b) => b.scores.fused - a.scores.fused || a.chunk.id.localeCompare(b.chunk.id));
    return hits.slice(0, k);
  }
}

const isConcept = (t: string) => t.startsWith(CONCEPT_PREFIX);

function sameLanguage(a: Lang, b: Lang): boolean {
  return a === b || (a !== "en" && b !== "en");
}

function cosine(a: number[], b: number[]): number {
  let s = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? s / Math.sqrt(na * nb) : 0;
}

/** Today's date as YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
