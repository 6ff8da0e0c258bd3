import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { initChatModel } from "langchain";
import type { Config } from "../config.ts";

const REASONING = /^(?:openai:)?(o\d|gpt-5)/i;

/**
 * The configured chat model, through LangChain's `initChatModel`: `OPENAI_CHAT_MODEL` may be a bare model name
 * (an OpenAI-compatible server at `OPENAI_BASE_URL`) or `provider:model` for another installed LangChain
 * provider package.
 */
export async function createChatModel(chat: NonNullable<Config["chat"]>): Promise<BaseChatModel> {
  const hasProvider = /^[a-z-]+:/.test(chat.model);
  const model = await initChatModel(chat.model, {
    ...(hasProvider ? {} : { modelProvider: "openai" }),
    apiKey: chat.apiKey,
    maxRetries: 1,
    timeout: chat.timeoutMs,
    ...(REASONING.test(chat.model) ? {} : { temperature: 0 }),
    ...(chat.baseURL ? { configuration: { baseURL: chat.baseURL } } : {}),
  });
  return model as unknown as BaseChatModel;
}
