import type { Embeddings } from "@langchain/core/embeddings";

/**
 * An embedding model behind the LangChain `Embeddings` interface (`embedDocuments` / `embedQuery`), plus the
 * identity recorded in the index so that an index is never queried with vectors from another model.
 */
export interface Embedder extends Embeddings {
  /** Stable identity of model and settings, e.g. `local-hash-v1/384` or `openai/text-embedding-3-small`. */
  readonly modelId: string;
  /** True when every text embedded is a request to a paid service: ingest then leaves calibration to `kb calibrate`. */
  readonly remote?: boolean;
}
