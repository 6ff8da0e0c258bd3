import { OpenAIEmbeddings } from "@langchain/openai";
import type { Embedder } from "./embedder.ts";

export interface OpenAIEmbedderOptions {
  apiKey: string;
  /** Embedding model name. Default `text-embedding-3-small`. */
  model?: string;
  /** An OpenAI-compatible server (vLLM, Ollama, TEI, a proxy…). Default: OpenAI itself. */
  baseURL?: string;
  /** Requested vector size, for models that support shortening (text-embedding-3-*). */
  dimensions?: number;
  /** Retries on 429/5xx with exponential backoff. Default 3. */
  maxRetries?: number;
  /** Texts per request. Default 256. */
  batchSize?: number;
  timeoutMs?: number;
}

/** Wraps `OpenAIEmbeddings` and records the model in the index identity. */
class OpenAIEmbedder extends OpenAIEmbeddings implements Embedder {
  readonly modelId: string;
  readonly remote = true;
  constructor(o: OpenAIEmbedderOptions) {
    const model = o.model ?? "text-embedding-3-small";
    super({
      apiKey: o.apiKey,
      model,
      ...(o.dimensions ? { dimensions: o.dimensions } : {}),
      maxRetries: o.maxRetries ?? 3,
      batchSize: o.batchSize ?? 256,
      ...(o.timeoutMs ? { timeout: o.timeoutMs } : {}),
      // Without "float" the client asks for base64, which many compatible servers ignore: their float arrays
      // would then be decoded as garbage.
      encodingFormat: "float",
      configuration: o.baseURL ? { baseURL: o.baseURL } : {},
    });
    this.modelId = `openai/${model}${o.dimensions ? `/${o.dimensions}` : ""}`;
  }
}

/** OpenAI (or OpenAI-compatible) embeddings for when a key is configured. */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  return new OpenAIEmbedder(options);
}
