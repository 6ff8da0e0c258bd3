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
const PROVIDER = /^[a-z-]+:/;

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
 * The configured chat model: a bare model name (`OPENAI_CHAT_MODEL`) on an OpenAI-compatible server at
 * `OPENAI_BASE_URL`, or `provider:model` through LangChain's `initChatModel` for another installed provider
 * package.
 */
export async function createChatModel(o: ChatModelOptions): Promise<BaseChatModel> {
  if (!PROVIDER.test(o.model)) return openAIChatModel(o);
  return (await initChatModel(o.model, common(o))) as unknown as BaseChatModel;
}
