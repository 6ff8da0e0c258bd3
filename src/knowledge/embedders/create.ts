import type { Embedder } from "./embedder.ts";
import { LocalHashEmbeddings } from "./local.ts";
import { createOpenAIEmbedder } from "./openai.ts";

/**
 * Which embedder to use. The knowledge layer's own type: `config.ts` builds one from the environment, and
 * knowledge imports no configuration module.
 */
export type EmbedderSettings = { provider: "local" } | { provider: "openai"; apiKey: string; baseURL?: string; model: string; dimensions?: number };

/** The embedder the configuration asks for: local by default, OpenAI-compatible when a key is configured. */
export function createEmbedder(config: EmbedderSettings): Embedder {
  if (config.provider === "openai") {
    return createOpenAIEmbedder({
      apiKey: config.apiKey,
      model: config.model,
      ...(config.baseURL ? { baseURL: config.baseURL } : {}),
      ...(config.dimensions ? { dimensions: config.dimensions } : {}),
    });
  }
  return new LocalHashEmbeddings();
}
