import { Document } from "@langchain/core/documents";
import { normalizeForIndex } from "../../text/normalize.ts";
import type { Chunk, LoadIssue, PolicyDoc } from "../document.ts";
import type { Embedder } from "../embedders/embedder.ts";
import { Bridge } from "../bridge.ts";
import { INDEX_FORMAT, IndexStore, type DocRecord, type Manifest, type StoredChunk } from "../index-store.ts";
import { KnowledgeBase } from "../knowledge-base.ts";
import { Tokenizer } from "../tokenize.ts";
import { HnswVectorStore } from "../vector-store.ts";
import { loadKnowledgeDir, PIPELINE_VERSION } from "./load.ts";
import { indexTextOf, splitDocument, type SplitOptions } from "./split.ts";

export interface IngestProgress {
  phase: "load" | "embed" | "write";
  done: number;
  total: number;
}

export interface IngestOptions extends SplitOptions {
  knowledgeDir: string;
  indexRoot: string;
  embedder: Embedder;
  tokenizer?: Tokenizer;
  /** Texts per embedding call. Default 64. */
  batchSize?: number;
  onProgress?: (p: IngestProgress) => void;
}

export interface DocChange {
  id: string;
  path: string;
  chunks: number;
}

export interface IngestReport {
  added: DocChange[];
  changed: DocChange[];
  removed: DocChange[];
  unchanged: number;
  /** Files that could not be indexed, with the reason. */
  failed: LoadIssue[];
  /** Problems that did not stop a file from being indexed. */
  warnings: LoadIssue[];
  /** Ids of documents whose new file failed and whose previously indexed version was kept. */
  kept: string[];
  /** Texts sent to the embedding model. */
  embedded: number;
  chunks: { added: number; removed: number; total: number };
  documents: number;
  /** Why every document was rebuilt, if it was. */
  rebuildReason?: string;
  /** The refusal thresholds of the new version: derived now, kept from the previous version, or left to `kb calibrate`. */
  calibration?: "derived" | "kept" | "skipped";
  indexDir: string;
  embedder: string;
  ms: number;
}

/**
 * Why an index must be rebuilt by this version of the code (its layout or its ingest pipeline changed since it
 * was written), or undefined when it is current.
 */
export function outdatedReason(m: Pick<Manifest, "format" | "pipeline">): string | undefined {
  if (m.format !== INDEX_FORMAT) return `index format ${m.format} → ${INDEX_FORMAT}`;
  if (m.pipeline !== PIPELINE_VERSION) return `ingest pipeline ${m.pipeline} → ${PIPELINE_VERSION}`;
  return undefined;
}

/**
 * Builds or updates the index incrementally: a document whose content hash is unchanged keeps its chunks and
 * vectors (it is never re-embedded), changed documents are replaced, removed ones dropped. A file that fails
 * to parse is reported and, if an earlier version of it is indexed, that version is kept. The new index is
 * written to a fresh version directory and switched in atomically.
 */
export async function ingest(options: IngestOptions): Promise<IngestReport> {
  const t0 = performance.now();
  const { embedder } = options;
  const tokenizer = options.tokenizer ?? Tokenizer.default();
  const store = new IndexStore(options.indexRoot);
  const progress = options.onProgress ?? (() => {});

  // --- previous version ---------------------------------------------------------------------------------
  let prevManifest: Manifest | undefined;
  let prevChunks = new Map<string, StoredChunk>();
  let vectors = new HnswVectorStore(embedder);
  let rebuildReason: string | undefined;
  const prevDir = await store.currentDir();
  if (prevDir) {
    const m = await store.readManifest(prevDir);
    if (m.embedder !== embedder.modelId && m.format === INDEX_FORMAT) rebuildReason = `embedding model ${m.embedder} → ${embedder.modelId}`;
    else rebuildReason = outdatedReason(m);
    if (!rebuildReason) {
      prevManifest = m;
      prevChunks = new Map((await store.readChunks(prevDir)).map((c) => [c.chunk.id, c]));
      vectors = await HnswVectorStore.load(store.vectorsDir(prevDir), embedder);
    }
  }
  const prevById = new Map((prevManifest?.docs ?? []).map((d) => [d.meta.id, d]));
  const prevByPath = new Map((prevManifest?.docs ?? []).map((d) => [d.meta.path, d]));

  // --- load and diff ------------------------------------------------------------------------------------
  progress({ phase: "load", done: 0, total: 1 });
  const { docs, issues, failedPaths } = await loadKnowledgeDir(options.knowledgeDir);
  progress({ phase: "load", done: 1, total: 1 });
  const report: IngestReport = {
    added: [], changed: [], removed: [], unchanged: 0, kept: [], embedded: 0,
    failed: issues.filter((i) => i.level === "error"),
    warnings: issues.filter((i) => i.level === "warning"),
    chunks: { added: 0, removed: 0, total: 0 }, documents: 0,
    indexDir: "", embedder: embedder.modelId, ms: 0,
    ...(rebuildReason ? { rebuildReason } : {}),
  };

  const records: DocRecord[] = [];
  const chunksOut = new Map<string, StoredChunk>();
  const toEmbed: { doc: PolicyDoc; chunks: Chunk[]; change: DocChange; kind: "added" | "changed" }[] = [];
  const liveIds = new Set(docs.map((d) => d.meta.id));

  for (const doc of docs) {
    const prev = prevById.get(doc.meta.id);
    if (prev && prev.hash === doc.hash && prev.chunkIds.every((id) => prevChunks.has(id) && vectors.has(id))) {
      report.unchanged++;
      records.push({ ...prev, meta: doc.meta });
      for (const id of prev.chunkIds) chunksOut.set(id, prevChunks.get(id)!);
      continue;
    }
    const chunks = await splitDocument(doc, options);
    const change = { id: doc.meta.id, path: doc.meta.path, chunks: chunks.length };
    toEmbed.push({ doc, chunks, change, kind: prev ? "changed" : "added" });
  }

  // Keep the indexed version of a document whose file is now broken: bad input loses nothing.
  for (const p of failedPaths) {
    const prev = prevByPath.get(p);
    if (prev && !liveIds.has(prev.meta.id)) {
      liveIds.add(prev.meta.id);
      records.push(prev);
      for (const id of prev.chunkIds) {
        const c = prevChunks.get(id);
        if (c) chunksOut.set(id, c);
      }
      report.kept.push(prev.meta.id);
    }
  }

  for (const prev of prevById.values()) {
    const replaced = toEmbed.some((e) => e.doc.meta.id === prev.meta.id);
    if (!liveIds.has(prev.meta.id) || replaced) {
      await vectors.delete({ ids: prev.chunkIds });
      report.chunks.removed += prev.chunkIds.length;
      if (!liveIds.has(prev.meta.id)) report.removed.push({ id: prev.meta.id, path: prev.meta.path, chunks: prev.chunkIds.length });
    }
  }

  // --- embed --------------------------------------------------------------------------------------------
  const pending = toEmbed.flatMap((e) => e.chunks.map((chunk) => ({ chunk, e })));
  const batchSize = options.batchSize ?? 64;
  progress({ phase: "embed", done: 0, total: pending.length });
  for (let i = 0; i < pending.length; i += batchSize) {
    const batch = pending.slice(i, i + batchSize);
    const texts = batch.map((b) => indexTextOf(b.chunk));
    const vecs = await embedder.embedDocuments(texts);
    if (vecs.length !== texts.length) throw new Error(`The embedding model returned ${vecs.length} vectors for ${texts.length} texts.`);
    report.embedded += texts.length;
    await vectors.addVectors(
      vecs,
      batch.map((b) => new Document({ id: b.chunk.id, pageContent: b.chunk.text, metadata: { ...b.chunk.metadata } })),
    );
    for (const b of batch) chunksOut.set(b.chunk.id, { chunk: b.chunk, tokens: tokenizer.tokenize(indexTextOf(b.chunk)).join(" ") });
    progress({ phase: "embed", done: Math.min(i + batchSize, pending.length), total: pending.length });
  }
  for (const e of toEmbed) {
    records.push({ meta: e.doc.meta, hash: e.doc.hash, chunkIds: e.chunks.map((c) => c.id) });
    report[e.kind].push(e.change);
    report.chunks.added += e.chunks.length;
  }

  // --- write and switch ---------------------------------------------------------------------------------
  progress({ phase: "write", done: 0, total: 1 });
  records.sort((a, b) => a.meta.path.localeCompare(b.meta.path));
  const ordered = records.flatMap((r) => r.chunkIds.map((id) => chunksOut.get(id)!).filter(Boolean));
  const dir = await store.newVersionDir();
  await vectors.save(store.vectorsDir(dir));
  const first = ordered[0] && vectors.getVector(ordered[0].chunk.id);
  const manifest: Manifest = {
    format: INDEX_FORMAT,
    embedder: embedder.modelId,
    dimensions: first?.length ?? 0,
    pipeline: PIPELINE_VERSION,
    builtAt: new Date().toISOString(),
    docs: records,
  };
  // The words of the corpus the bridge may translate into change with any added, edited or removed passage; with
  // none, the previous version's bridge still holds (and the dictionary need not be read).
  const same = prevManifest && prevDir && !toEmbed.length && !report.chunks.removed;
  const bridge =
    (same ? await store.readBridge(prevDir) : undefined) ??
    Bridge.build(Bridge.dictionary(), new Set(ordered.flatMap((c) => (c.tokens ? c.tokens.split(" ") : []))), {
      gazetteer: Bridge.gazetteer(),
      corpusPlaces: [...placeNamesIn(ordered.map((c) => c.chunk.text)), ...records.flatMap((r) => (r.meta.region ? [r.meta.region] : []))],
    }).toJSON();
  await store.writeVersion(dir, manifest, ordered, bridge);
  // The corpus's own refusal thresholds, stored with the version they were derived from (unchanged passages
  // keep the previous version's; `kb calibrate` recomputes them). Calibrating asks a few hundred questions, so
  // with a paid embedding service it waits for `kb calibrate`.
  const kept = same ? await store.readCalibration(prevDir) : undefined;
  const calibration = kept ?? (ordered.length && !embedder.remote ? await (await KnowledgeBase.openVersion(options.indexRoot, dir, embedder, { tokenizer })).calibrate() : undefined);
  if (calibration) await store.writeCalibration(dir, calibration);
  if (ordered.length) report.calibration = kept ? "kept" : calibration ? "derived" : "skipped";
  await store.publish(dir);
  progress({ phase: "write", done: 1, total: 1 });

  report.documents = records.length;
  report.chunks.total = ordered.length;
  report.indexDir = dir;
  report.ms = performance.now() - t0;
  return report;
}

// A two-character name before an administrative suffix: 云州市, 白沙区, 临江县. Not 本市, 全市, 各区, 城区.
const PLACE = /([\u4e00-\u9fff]{2})(?:市|区|县)/g;
const NOT_A_NAME = /[本全各该此市区县省城辖外两在与和及或的到于为新老]/;

/**
 * Chinese place names a corpus uses often enough (three times or more) to be its own places, for the bridge's
 * pinyin look-up of names no dictionary has (a fictional or small city's districts).
 */
export function placeNamesIn(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const m of normalizeForIndex(t).matchAll(PLACE)) if (!NOT_A_NAME.test(m[1]!)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= 3).map(([name]) => name);
}
