import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BridgeData } from "./bridge.ts";
import { calibrationSchema, type Calibration } from "./calibrate.ts";
import type { Chunk, DocMeta } from "./document.ts";

/**
 * Bump when the on-disk layout changes. 2: bridge.json (the corpus's Chinese–English word bridge). 3: the bridge
 * keeps the dictionary's English words (the spelling corrector's list of real words). 4: the bridge keeps the corpus's
 * place names in Latin letters ("Nanjing" → 南京). 5: …and the major places the corpus never names (another city).
 */
export const INDEX_FORMAT = 5;

/** One document as recorded in the index. */
export interface DocRecord {
  meta: DocMeta;
  hash: string;
  chunkIds: string[];
}

export interface Manifest {
  format: number;
  /** Identity of the embedding model that built the vectors (see `Embedder.modelId`). */
  embedder: string;
  dimensions: number;
  pipeline: string;
  builtAt: string;
  docs: DocRecord[];
}

/** Chunk as stored: display text, metadata and the index tokens (space-joined). */
export interface StoredChunk {
  chunk: Chunk;
  tokens: string;
}

/** Thrown when an index was built by another embedding model than the one configured. */
export class IndexModelMismatchError extends Error {
  readonly code = "index_model_mismatch";
  constructor(
    readonly indexDir: string,
    readonly builtWith: string,
    readonly configured: string,
  ) {
    super(
      `The index at ${indexDir} was built with the embedding model "${builtWith}" but "${configured}" is configured. ` +
        `Its vectors would not match: run \`npm run kb -- ingest --index ${indexDir}\` to rebuild it.`,
    );
    this.name = "IndexModelMismatchError";
  }
}

/** Thrown when no index exists yet at a location. */
export class IndexMissingError extends Error {
  readonly code = "index_missing";
  constructor(readonly indexDir: string) {
    super(`No index at ${indexDir}: run \`npm run kb -- ingest --index ${indexDir}\` first.`);
    this.name = "IndexMissingError";
  }
}

const CURRENT = "CURRENT";
const MANIFEST = "manifest.json";
const CHUNKS = "chunks.json";
const BRIDGE = "bridge.json";
const CALIBRATION = "calibration.json";
const VECTORS = "vectors";

/**
 * Versioned, atomically switched index directory:
 *
 *     <root>/CURRENT           name of the live version (replaced with an atomic rename)
 *     <root>/v-<time>-<pid>/   manifest.json, chunks.json, bridge.json, vectors/ (hnsw graph + docstore)
 *
 * A reader resolves CURRENT once and loads that version, so a concurrent ingest never shows it a half-written
 * index; older versions are pruned after the switch, keeping one as a fallback.
 */
export class IndexStore {
  constructor(readonly root: string) {}

  /** Directory of the live version, or undefined when there is none. */
  async currentDir(): Promise<string | undefined> {
    try {
      const name = (await readFile(path.join(this.root, CURRENT), "utf8")).trim();
      return name ? path.join(this.root, name) : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  async readManifest(dir: string): Promise<Manifest> {
    return JSON.parse(await readFile(path.join(dir, MANIFEST), "utf8")) as Manifest;
  }

  async readChunks(dir: string): Promise<StoredChunk[]> {
    return JSON.parse(await readFile(path.join(dir, CHUNKS), "utf8")) as StoredChunk[];
  }

  /** The word bridge stored with a version, or undefined for a version written before there was one. */
  async readBridge(dir: string): Promise<BridgeData | undefined> {
    try {
      return JSON.parse(await readFile(path.join(dir, BRIDGE), "utf8")) as BridgeData;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  /** The calibration stored with a version, or undefined for a version written before calibration. */
  async readCalibration(dir: string): Promise<Calibration | undefined> {
    try {
      return calibrationSchema.parse(JSON.parse(await readFile(path.join(dir, CALIBRATION), "utf8")));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new Error(`${path.join(dir, CALIBRATION)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async writeCalibration(dir: string, calibration: Calibration): Promise<void> {
    const tmp = path.join(dir, `${CALIBRATION}.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(calibration, null, 1));
    await rename(tmp, path.join(dir, CALIBRATION));
  }

  vectorsDir(dir: string): string {
    return path.join(dir, VECTORS);
  }

  /** A fresh directory for a new version. */
  async newVersionDir(): Promise<string> {
    const name = `v-${new Date().toISOString().replace(/[-:.]/g, "")}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
    const dir = path.join(this.root, name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async writeVersion(dir: string, manifest: Manifest, chunks: StoredChunk[], bridge?: BridgeData): Promise<void> {
    await writeFile(path.join(dir, CHUNKS), JSON.stringify(chunks));
    if (bridge) await writeFile(path.join(dir, BRIDGE), JSON.stringify(bridge));
    await writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 1));
  }

  /** Makes `dir` the live version (atomic rename of CURRENT) and prunes all but the previous one. */
  async publish(dir: string): Promise<void> {
    const previous = await this.currentDir();
    const tmp = path.join(this.root, `${CURRENT}.${process.pid}.tmp`);
    await writeFile(tmp, path.basename(dir));
    await rename(tmp, path.join(this.root, CURRENT));
    const keep = new Set([path.basename(dir), previous && path.basename(previous)]);
    for (const e of await readdir(this.root, { withFileTypes: true })) {
      if (e.isDirectory() && e.name.startsWith("v-") && !keep.has(e.name)) {
        await rm(path.join(this.root, e.name), { recursive: true, force: true });
      }
    }
  }

  /** Bytes used by a version directory. */
  async sizeOf(dir: string): Promise<number> {
    let total = 0;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      total += e.isDirectory() ? await this.sizeOf(p) : (await stat(p)).size;
    }
    return total;
  }
}
