import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import { initChatModel } from "langchain";

/** How to reach a chat model (the shape of `Config["chat"]`, plus retries). */
export interface ChatModelOptions {
  apiKey: string;
  /** e.g. `http://127.0.0.1:11434/v1`; default: OpenAI. */
  baseURL?: string;
  /** A model name on an OpenAI-compatible server, or `provider:model` for another installed LangChain provider. */
  model: string;
  /** Hard limit for one classification or answer, retries included. */
  timeoutMs: number;
  /** Retries of a failed call (429, 5xx, network) within `timeoutMs`. Default 1; 0 in tests. */
  maxRetries?: number;
}

// OpenAI's reasoning models reject a temperature other than the default ("gpt-5-chat" is not one of them).
const REASONING_MODEL = /^(?:openai:)?(o\d|gpt-5(?!-chat))/i;
// LangChain providers `initChatModel` knows. "mistral:7b" or "qwen2.5:7b" on Ollama is a model name, not a
// provider: with a base URL set, every name is one for that OpenAI-compatible server.
const PROVIDER = /^(openai|anthropic|azure_openai|cohere|google-vertexai|google-vertexai-web|google-genai|ollama|mistralai|mistral|groq|bedrock|aws|deepseek|xai|cerebras|fireworks|together|perplexity):/;

/** The options every chat model gets: deterministic where the model allows it, few retries, a client-side timeout. */
function common(o: ChatModelOptions) {
  return {
    apiKey: o.apiKey,
    maxRetries: o.maxRetries ?? 1,
    timeout: o.timeoutMs,
    ...(REASONING_MODEL.test(o.model) ? {} : { temperature: 0 }),
    ...(o.baseURL ? { configuration: { baseURL: o.baseURL } } : {}),
  };
}

/** A `ChatOpenAI` for an OpenAI-compatible server (`o.model` is a bare model name). */
export function openAIChatModel(o: ChatModelOptions): ChatOpenAI {
  return new ChatOpenAI({ model: o.model, ...common(o) });
}

/**
 * The configured chat model: a model name (`OPENAI_CHAT_MODEL`) on the OpenAI-compatible server at
 * `OPENAI_BASE_URL` (or OpenAI), or, without a base URL, `provider:model` through LangChain's `initChatModel` for
 * another installed provider package.
 */
export async function createChatModel(o: ChatModelOptions): Promise<BaseChatModel> {
  if (o.model.startsWith("openai:")) return openAIChatModel({ ...o, model: o.model.slice("openai:".length) });
  if (o.baseURL || !PROVIDER.test(o.model)) return openAIChatModel(o);
  return (await initChatModel(o.model, common(o))) as unknown as BaseChatModel;
}
