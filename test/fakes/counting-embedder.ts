import { LocalHashEmbeddings, type LocalEmbeddingsOptions } from "../../src/knowledge/embedders/local.ts";

/** The real local embedder, recording every text it is asked to embed as a document. */
export class CountingEmbeddings extends LocalHashEmbeddings {
  /** Every text passed to `embedDocuments`, in order, since construction or the last `reset`. */
  readonly embedded: string[] = [];

  constructor(options: LocalEmbeddingsOptions = {}) {
    super(options);
  }

  /** Number of texts embedded as documents. */
  get count(): number {
    return this.embedded.length;
  }

  reset(): void {
    this.embedded.length = 0;
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    this.embedded.push(...texts);
    return super.embedDocuments(texts);
  }
}
