import type { Config } from "../../config.ts";
import type { Embedder } from "./embedder.ts";
import { LocalHashEmbeddings } from "./local.ts";
import { createOpenAIEmbedder } from "./openai.ts";

/** The embedder the configuration asks for: local by default, OpenAI-compatible when a key is configured. */
export function createEmbedder(config: Config["embeddings"]): Embedder {
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
