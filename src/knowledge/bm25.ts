export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1?: number;
  /** Length normalisation. Default 0.75. */
  b?: number;
}

export interface Bm25Match {
  /** Position of the document in the array the index was built from. */
  index: number;
  score: number;
  /** Share (0–1) of the query's IDF weight found in the document. */
  coverage: number;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

/**
 * Okapi BM25 over pre-tokenised documents, with an inverted index so a query only touches the postings of its
 * own terms. Immutable once built; an ingest builds a new one (cheap: tokens are stored with the index).
 */
export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly postings = new Map<string, Posting>();
  private readonly docLen: Float64Array;
  private readonly avgdl: number;
  readonly size: number;
  // Reused accumulators: a search touches only the postings of its terms and resets what it touched.
  private scratch: Float64Array | undefined;
  private scratch2: Float64Array | undefined;

  constructor(docs: readonly (readonly string[])[], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.size = docs.length;
    this.docLen = new Float64Array(docs.length);
    let total = 0;
    docs.forEach((tokens, i) => {
      this.docLen[i] = tokens.length;
      total += tokens.length;
      const tf = new Map<string, number>();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = this.postings.get(t);
        if (!p) this.postings.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(i);
        p.tfs.push(n);
      }
    });
    this.avgdl = docs.length ? total / docs.length || 1 : 1;
  }

  /** Every term of the index. */
  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** Number of documents containing `term`. */
  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Inverse document frequency; a term no document contains gets the highest possible weight. */
  idf(term: string): number {
    const df = this.df(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Calls `fn` with every document containing `term`. */
  forEachDoc(term: string, fn: (index: number) => void): void {
    const p = this.postings.get(term);
    if (p) for (const d of p.docs) fn(d);
  }

  /** IDF weight of a query: the sum over its tokens (with repeats). */
  weight(tokens: readonly string[]): number {
    let w = 0;
    for (const t of tokens) w += this.idf(t);
    return w;
  }

  /** The highest score any document could reach for these tokens (every term present, saturated). */
  maxScore(tokens: readonly string[]): number {
    return this.weight(tokens) * (this.k1 + 1);
  }

  private queryTerms(tokens: readonly string[]): Map<string, number> {
    const q = new Map<string, number>();
    for (const t of tokens) q.set(t, (q.get(t) ?? 0) + 1);
    return q;
  }

  private termScore(tf: number, doc: number, idf: number): number {
    const norm = this.k1 * (1 - this.b + (this.b * this.docLen[doc]!) / this.avgdl);
    return (idf * tf * (this.k1 + 1)) / (tf + norm);
  }

  /**
   * The `k` best documents for the query tokens. `accept` filters documents before ranking.
   */
  search(tokens: readonly string[], k: number, accept?: (index: number) => boolean): Bm25Match[] {
    const q = this.queryTerms(tokens);
    const scores = (this.scratch ??= new Float64Array(this.size));
    const matched = (this.scratch2 ??= new Float64Array(this.size));
    const touched: number[] = [];
    let totalWeight = 0;
    for (const [term, qtf] of q) {
      const idf = this.idf(term);
      totalWeight += idf * qtf;
      const p = this.postings.get(term);
      if (!p) continue;
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j]!;
        if (accept && !accept(d)) continue;
        if (matched[d] === 0) touched.push(d);
        scores[d]! += qtf * this.termScore(p.tfs[j]!, d, idf);
        matched[d]! += idf * qtf;
      }
    }
    const out: Bm25Match[] = touched.map((index) => ({ index, score: scores[index]!, coverage: totalWeight ? matched[index]! / totalWeight : 0 }));
    for (const d of touched) scores[d] = matched[d] = 0;
    out.sort((a, b) => b.score - a.score || a.index - b.index);
    return out.slice(0, k);
  }

  /** Score and coverage of one document, for candidates found by another retriever. */
  scoreOne(tokens: readonly string[], doc: number): Bm25Match {
    const q = this.queryTerms(tokens);
    let score = 0;
    let matched = 0;
    let totalWeight = 0;
    for (const [term, qtf] of q) {
      const idf = this.idf(term);
      totalWeight += idf * qtf;
      const p = this.postings.get(term);
      if (!p) continue;
      const j = binarySearch(p.docs, doc);
      if (j < 0) continue;
      score += qtf * this.termScore(p.tfs[j]!, doc, idf);
      matched += idf * qtf;
    }
    return { index: doc, score, coverage: totalWeight ? matched / totalWeight : 0 };
  }
}

function binarySearch(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = arr[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
