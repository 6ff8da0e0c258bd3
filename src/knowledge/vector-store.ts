import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { SaveableVectorStore } from "@langchain/core/vectorstores";
// hnswlib-node is CommonJS: a named ESM import works under vitest but fails under plain Node and tsx.
import hnswlib from "hnswlib-node";

const { HierarchicalNSW } = hnswlib;
type HnswIndex = InstanceType<typeof HierarchicalNSW>;

/** A predicate over stored documents, applied inside the graph search. */
export type HnswFilter = (doc: DocumentInterface) => boolean;

interface Stored {
  id: string;
  pageContent: string;
  metadata: Record<string, unknown>;
}

interface Sidecar {
  space: "cosine";
  dimensions: number;
  entries: [number, Stored][];
}

const INDEX_FILE = "hnsw.bin";
const DOCSTORE_FILE = "docstore.json";

/**
 * A LangChain `VectorStore` over hnswlib-node with what the community `HNSWLib` store lacks: upsert and
 * delete by id, so an incremental ingest only touches changed documents. Deleted vectors are marked in the
 * graph and compacted away on `save` once they outnumber half the live ones (no re-embedding: the stored
 * vectors are reused).
 * Scores are cosine similarities (higher is closer). The whole index lives in memory; `save` rewrites it.
 * Single-writer: concurrent writers to one directory must be serialised by the caller.
 */
export class HnswVectorStore extends SaveableVectorStore {
  declare FilterType: HnswFilter;

  private index: HnswIndex | undefined;
  private dimensions: number | undefined;
  private readonly labelById = new Map<string, number>();
  private readonly docByLabel = new Map<number, Stored>();
  private nextLabel = 0;
  private deletedCount = 0;

  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return "hnswlib-node";
  }

  /** Number of live (not deleted) vectors. */
  get size(): number {
    return this.labelById.size;
  }

  has(id: string): boolean {
    return this.labelById.has(id);
  }

  ids(): string[] {
    return [...this.labelById.keys()];
  }

  /** The stored document for `id`. */
  getDocument(id: string): DocumentInterface | undefined {
    const label = this.labelById.get(id);
    const s = label === undefined ? undefined : this.docByLabel.get(label);
    return s && new Document({ id: s.id, pageContent: s.pageContent, metadata: s.metadata });
  }

  /** The stored (unit-length) vector for `id`, for exact scoring of candidates found by other means. */
  getVector(id: string): number[] | undefined {
    const label = this.labelById.get(id);
    return label === undefined || !this.index ? undefined : this.index.getPoint(label);
  }

  private ensureIndex(dimensions: number, extra: number): HnswIndex {
    if (!this.index) {
      this.dimensions = dimensions;
      this.index = new HierarchicalNSW("cosine", dimensions);
      this.index.initIndex({ maxElements: Math.max(1024, extra * 2), m: 16, efConstruction: 200, randomSeed: 42 });
    } else if (dimensions !== this.dimensions) {
      throw new Error(`Vector has ${dimensions} dimensions but the index holds ${this.dimensions}: rebuild the index.`);
    }
    const needed = this.nextLabel + extra;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, this.index.getMaxElements() * 2));
    return this.index;
  }

  /** Adds or replaces vectors; a document whose `id` exists replaces the old one. */
  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    if (vectors.length !== documents.length) throw new Error("addVectors: one vector per document");
    if (vectors.length === 0) return [];
    const index = this.ensureIndex(vectors[0]!.length, vectors.length);
    const ids: string[] = [];
    vectors.forEach((v, i) => {
      const doc = documents[i]!;
      const id = doc.id ?? String(doc.metadata?.id ?? "");
      if (!id) throw new Error("addVectors: every document needs an id");
      this.deleteOne(id);
      const label = this.nextLabel++;
      index.addPoint(v, label);
      this.labelById.set(id, label);
      this.docByLabel.set(label, { id, pageContent: doc.pageContent, metadata: doc.metadata ?? {} });
      ids.push(id);
    });
    return ids;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    return this.addVectors(await this.embeddings.embedDocuments(documents.map((d) => d.pageContent)), documents);
  }

  private deleteOne(id: string): void {
    const label = this.labelById.get(id);
    if (label === undefined) return;
    this.index!.markDelete(label);
    this.labelById.delete(id);
    this.docByLabel.delete(label);
    this.deletedCount++;
  }

  /** Rebuilds the graph from the live vectors when deletions have piled up. */
  private compact(): void {
    if (!this.index || this.deletedCount <= this.size / 2) return;
    const live = [...this.docByLabel.entries()].map(([label, s]) => ({ s, v: this.index!.getPoint(label) }));
    this.index = undefined;
    this.labelById.clear();
    this.docByLabel.clear();
    this.nextLabel = 0;
    this.deletedCount = 0;
    if (live.length === 0) return;
    const index = this.ensureIndex(this.dimensions!, live.length);
    for (const { s, v } of live) {
      const label = this.nextLabel++;
      index.addPoint(v, label);
      this.labelById.set(s.id, label);
      this.docByLabel.set(label, s);
    }
  }

  override async delete(params: { ids: string[] }): Promise<void> {
    for (const id of params.ids) this.deleteOne(id);
  }

  async similaritySearchVectorWithScore(query: number[], k: number, filter?: HnswFilter): Promise<[DocumentInterface, number][]> {
    if (!this.index || this.size === 0) return [];
    const n = Math.min(k, this.size);
    this.index.setEf(Math.max(64, n * 2));
    const labelFilter = filter
      ? (label: number) => {
          const s = this.docByLabel.get(label);
          return !!s && filter(new Document({ id: s.id, pageContent: s.pageContent, metadata: s.metadata }));
        }
      : undefined;
    const { neighbors, distances } = this.index.searchKnn(query, n, labelFilter);
    const out: [DocumentInterface, number][] = [];
    neighbors.forEach((label, i) => {
      const s = this.docByLabel.get(label);
      if (s) out.push([new Document({ id: s.id, pageContent: s.pageContent, metadata: s.metadata }), 1 - distances[i]!]);
    });
    return out;
  }

  /**
   * The `k` nearest stored ids with their cosine similarity, without building documents: the retriever's
   * fast path. `accept` filters by id inside the graph search.
   */
  searchIds(query: number[], k: number, accept?: (id: string) => boolean): [string, number][] {
    if (!this.index || this.size === 0) return [];
    const n = Math.min(k, this.size);
    this.index.setEf(Math.max(64, n * 2));
    const filter = accept ? (label: number) => { const s = this.docByLabel.get(label); return !!s && accept(s.id); } : undefined;
    const { neighbors, distances } = this.index.searchKnn(query, n, filter);
    const out: [string, number][] = [];
    neighbors.forEach((label, i) => {
      const s = this.docByLabel.get(label);
      if (s) out.push([s.id, 1 - distances[i]!]);
    });
    return out;
  }

  async save(directory: string): Promise<void> {
    this.compact();
    await mkdir(directory, { recursive: true });
    const sidecar: Sidecar = { space: "cosine", dimensions: this.dimensions ?? 0, entries: [...this.docByLabel.entries()] };
    if (this.index) await this.index.writeIndex(path.join(directory, INDEX_FILE));
    await writeFile(path.join(directory, DOCSTORE_FILE), JSON.stringify(sidecar));
  }

  static override async load(directory: string, embeddings: EmbeddingsInterface): Promise<HnswVectorStore> {
    const store = new HnswVectorStore(embeddings);
    const sidecar = JSON.parse(await readFile(path.join(directory, DOCSTORE_FILE), "utf8")) as Sidecar;
    if (sidecar.dimensions > 0) {
      store.dimensions = sidecar.dimensions;
      store.index = new HierarchicalNSW("cosine", sidecar.dimensions);
      await store.index.readIndex(path.join(directory, INDEX_FILE));
    }
    let maxLabel = -1;
    for (const [label, s] of sidecar.entries) {
      store.labelById.set(s.id, label);
      store.docByLabel.set(label, s);
      maxLabel = Math.max(maxLabel, label);
    }
    // Deleted labels stay in the graph until compaction: never hand them out again.
    const all = store.index?.getIdsList() ?? [];
    for (const l of all) maxLabel = Math.max(maxLabel, l);
    store.nextLabel = maxLabel + 1;
    store.deletedCount = Math.max(0, all.length - sidecar.entries.length);
    return store;
  }
}
