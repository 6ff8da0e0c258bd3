import type { Lang } from "../text/normalize.ts";
import { Bm25Index, type Bm25Options } from "./bm25.ts";
import { bareChineseName, Bridge } from "./bridge.ts";
import { calibrate, directionOf, type Calibration } from "./calibrate.ts";
import type { Chunk, DocMeta, Hit, Topic } from "./document.ts";
import type { Embedder } from "./embedders/embedder.ts";
import { DEFAULT_ANSWER_THRESHOLD, HybridRetriever, today, type HybridWeights, type IndexedChunk, type RetrieveOptions } from "./hybrid-retriever.ts";
import { IndexMissingError, IndexModelMismatchError, IndexStore, type Manifest } from "./index-store.ts";
import { ingest, type IngestOptions, type IngestReport } from "./ingest/build-index.ts";
import type { QueryAnalysis } from "./query.ts";
import { PlaceScopes } from "./place-scope.ts";
import { RegionMatcher, regionEntry } from "./regions.ts";
import { Speller, type Correction } from "./spelling.ts";
import { CONCEPT_PREFIX, Tokenizer } from "./tokenize.ts";
import { HnswVectorStore } from "./vector-store.ts";

export interface KbStats {
  documents: number;
  chunks: number;
  byTopic: Record<string, { documents: number; chunks: number }>;
  byLang: Record<string, { documents: number; chunks: number }>;
  /** Documents not answered from today, with the reason (expired, superseded, not yet effective). */
  inactive: { id: string; reason: string }[];
  embedder: string;
  dimensions: number;
  builtAt: string;
  indexDir: string;
  bytes: number;
  /** The corpus's own refusal thresholds (absent for an index built before calibration). */
  calibration?: Calibration;
}

export interface OpenOptions {
  tokenizer?: Tokenizer;
  weights?: Partial<HybridWeights>;
  bm25?: Bm25Options;
}

/** A loaded, queryable index: documents, chunks and the hybrid retriever over them. Immutable. */
export class KnowledgeBase {
  readonly retriever: HybridRetriever;
  readonly docs: ReadonlyMap<string, DocMeta>;

  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    private readonly chunks: IndexedChunk[],
    retriever: HybridRetriever,
    private readonly speller?: Speller,
    /** Refusal thresholds derived from this corpus at ingest (`kb calibrate`); undefined for an older index. */
    readonly calibration?: Calibration,
  ) {
    this.retriever = retriever;
    this.docs = new Map(manifest.docs.map((d) => [d.meta.id, d.meta]));
  }

  /**
   * Loads the live index under `indexRoot`. Throws `IndexMissingError` when there is none and
   * `IndexModelMismatchError` when it was built by another embedding model than `embedder`.
   */
  static async open(indexRoot: string, embedder: Embedder, options: OpenOptions = {}): Promise<KnowledgeBase> {
    const dir = await new IndexStore(indexRoot).currentDir();
    if (!dir) throw new IndexMissingError(indexRoot);
    return KnowledgeBase.openVersion(indexRoot, dir, embedder, options);
  }

  /** Loads one version directory of the index under `indexRoot`, live or not (ingest calibrates a version before publishing it). */
  static async openVersion(indexRoot: string, dir: string, embedder: Embedder, options: OpenOptions = {}): Promise<KnowledgeBase> {
    const store = new IndexStore(indexRoot);
    const manifest = await store.readManifest(dir);
    if (manifest.embedder !== embedder.modelId) throw new IndexModelMismatchError(indexRoot, manifest.embedder, embedder.modelId);
    const [stored, vectors, bridgeData, calibration] = await Promise.all([
      store.readChunks(dir),
      HnswVectorStore.load(store.vectorsDir(dir), embedder),
      store.readBridge(dir),
      store.readCalibration(dir),
    ]);
    const docs = new Map(manifest.docs.map((d) => [d.meta.id, d.meta]));
    const chunks: IndexedChunk[] = stored.map((s) => ({ chunk: s.chunk, tokens: s.tokens ? s.tokens.split(" ") : [], doc: docs.get(s.chunk.metadata.docId)! }));
    const tokenizer = options.tokenizer ?? Tokenizer.default();
    // An index written before bridges were stored gets one now (slower to open until it is re-ingested).
    const bridge = bridgeData ? Bridge.fromJSON(bridgeData) : Bridge.build(Bridge.dictionary(), new Set(chunks.flatMap((c) => c.tokens)));
    const bm25 = new Bm25Index(chunks.map((c) => c.tokens), options.bm25);
    // Misspelt English words are corrected to the corpus's words; telling a typo from a real word the policies do
    // not use takes the dictionary's English words, which an index built before they were stored does not have.
    const speller = bridge.hasEnglishWords
      ? new Speller(
          Speller.vocabulary(chunks.map((c) => `${c.chunk.metadata.section}\n${c.chunk.text}`)),
          (word, stem) => bm25.df(stem) > 0 || !!bridge.knowsEnglish(stem) || tokenizer.tokenize(word).some((t) => t.startsWith(CONCEPT_PREFIX)),
        )
      : undefined;
    const regionNames = manifest.docs.flatMap((d) => (d.meta.region ? [d.meta.region] : []));
    const regions = new RegionMatcher(regionNames);
    const retriever = new HybridRetriever({
      chunks,
      bm25,
      vectors,
      embedder,
      tokenizer,
      bridge,
      regions,
      scopes: PlaceScopes.build(
        manifest.docs.map((d) => d.meta),
        [...bridge.corpusPlaceNames(), ...regionNames.flatMap((r) => regionEntry(r).zhNames.map(bareChineseName))],
        bridge,
      ),
      ...(options.weights ? { weights: options.weights } : {}),
    });
    return new KnowledgeBase(dir, manifest, chunks, retriever, speller, calibration);
  }

  /** The chunks of the index, in order. */
  allChunks(): Chunk[] {
    return this.chunks.map((c) => c.chunk);
  }

  /** Derives this corpus's refusal thresholds from its own headings (see `calibrate`); ingest stores them with the index. */
  calibrate(): Promise<Calibration> {
    return calibrate(this.allChunks(), Bridge.dictionary(), (q) => this.search(q, { k: 3 }));
  }

  /**
   * Answerability below which a question in `lang` whose best passage is in `passageLang` is refused: the
   * corpus's calibrated line for that direction (a question across languages scores lower), or the default.
   */
  threshold(lang: Lang, passageLang?: Lang): number {
    return this.calibration?.thresholds[directionOf(lang, passageLang)] ?? DEFAULT_ANSWER_THRESHOLD;
  }

  /** `text` with misspelt English words corrected to words the policies use ("certifcate" → "certificate"). */
  correct(text: string): { text: string; corrections: Correction[] } {
    return this.speller?.correct(text) ?? { text, corrections: [] };
  }

  /** The question, spelling corrected (`correct`), analysed once for retrieval and answering (see `QueryAnalysis`). */
  analyze(question: string): QueryAnalysis {
    return this.retriever.analyze(this.correct(question).text);
  }

  /** `retriever.retrieve` for the question as corrected by `correct` (an analysis is taken as it is). */
  search(query: string | QueryAnalysis, options?: RetrieveOptions): Promise<Hit[]> {
    return this.retriever.retrieve(typeof query === "string" ? this.correct(query).text : query, options);
  }

  async stats(date = today()): Promise<KbStats> {
    const byTopic: KbStats["byTopic"] = {};
    const byLang: KbStats["byLang"] = {};
    const bump = (m: Record<string, { documents: number; chunks: number }>, k: string, docs: number, chunks: number) => {
      const e = (m[k] ??= { documents: 0, chunks: 0 });
      e.documents += docs;
      e.chunks += chunks;
    };
    const inactive: KbStats["inactive"] = [];
    for (const d of this.manifest.docs) {
      bump(byTopic, d.meta.topic, 1, d.chunkIds.length);
      bump(byLang, d.meta.lang, 1, d.chunkIds.length);
      const reason = this.retriever.inactiveReason(d.meta, date);
      if (reason) inactive.push({ id: d.meta.id, reason });
    }
    return {
      documents: this.manifest.docs.length,
      chunks: this.chunks.length,
      byTopic,
      byLang,
      inactive,
      embedder: this.manifest.embedder,
      dimensions: this.manifest.dimensions,
      builtAt: this.manifest.builtAt,
      indexDir: this.dir,
      bytes: await new IndexStore(this.dir).sizeOf(this.dir),
      ...(this.calibration ? { calibration: this.calibration } : {}),
    };
  }

  /** Languages present for a policy (a document and its translations). */
  languagesOf(policyId: string): Lang[] {
    return [...new Set([...this.docs.values()].filter((d) => (d.translationOf ?? d.id) === policyId).map((d) => d.lang))];
  }

  topics(): Topic[] {
    return [...new Set([...this.docs.values()].map((d) => d.topic))];
  }
}

/**
 * Opens the index, building it from `knowledgeDir` first when there is none, so a fresh clone answers
 * without a separate ingest step. A model mismatch is not papered over: it still throws.
 */
export async function openOrBuild(
  options: Omit<IngestOptions, "embedder"> & { embedder: Embedder } & OpenOptions,
): Promise<{ kb: KnowledgeBase; built?: IngestReport }> {
  try {
    return { kb: await KnowledgeBase.open(options.indexRoot, options.embedder, options) };
  } catch (err) {
    if (!(err instanceof IndexMissingError)) throw err;
    const built = await ingest(options);
    return { kb: await KnowledgeBase.open(options.indexRoot, options.embedder, options), built };
  }
}
