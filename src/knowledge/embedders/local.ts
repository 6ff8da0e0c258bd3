import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { CONCEPT_PREFIX, Tokenizer } from "../tokenize.ts";
import type { Embedder } from "./embedder.ts";

export interface LocalEmbeddingsOptions extends EmbeddingsParams {
  /** Vector size. Default 384: collisions stay rare for a policy vocabulary and vectors stay small. */
  dimensions?: number;
  tokenizer?: Tokenizer;
}

// FNV-1a, 32 bit: fast, stable across platforms and Node versions.
function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The offline default: a deterministic feature-hashing embedding that needs no model download.
 *
 * Features are the index tokens (lexicon concepts weigh most, so "rent subsidy" and "租房补贴" point the same
 * way), plus character trigrams of English words, which tolerate typos and word forms ("kindergarden",
 * "enrollment") that exact-token BM25 misses. Signed hashing into `dimensions` buckets, sublinear term
 * frequency, L2-normalised. It is a lexical model with cross-lingual concepts, not a semantic one: configure
 * OpenAI-compatible embeddings for real paraphrase understanding.
 */
export class LocalHashEmbeddings extends Embeddings implements Embedder {
  readonly dimensions: number;
  readonly modelId: string;
  private readonly tokenizer: Tokenizer;

  constructor(options: LocalEmbeddingsOptions = {}) {
    super(options);
    this.dimensions = options.dimensions ?? 384;
    this.tokenizer = options.tokenizer ?? Tokenizer.default();
    this.modelId = `local-hash-v1/${this.dimensions}`;
  }

  /** Embeds one text synchronously; the async methods wrap this. */
  embed(text: string): number[] {
    const weights = new Map<string, number>();
    const add = (f: string, w: number) => weights.set(f, (weights.get(f) ?? 0) + w);
    for (const t of this.tokenizer.tokenize(text)) {
      if (t.startsWith(CONCEPT_PREFIX)) add(t, 2.0);
      else if (/^[a-z]/.test(t)) {
        add(t, 1.0);
        const padded = `<${t}>`;
        for (let i = 0; i + 3 <= padded.length; i++) add(`#${padded.slice(i, i + 3)}`, 0.25);
      } else add(t, 1.0);
    }
    const v = new Float64Array(this.dimensions);
    for (const [f, w] of weights) {
      const h = fnv1a(f);
      const sign = fnv1a(f, 0x9747b28c) & 1 ? 1 : -1;
      v[h % this.dimensions]! += sign * (1 + Math.log(w));
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}
