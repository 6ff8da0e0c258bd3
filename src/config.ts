import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => v || undefined)
  .optional();

const envSchema = z.object({
  KNOWLEDGE_DIR: z.string().trim().min(1).default("knowledge"),
  DATA_DIR: z.string().trim().min(1).default("data"),
  INDEX_DIR: optionalString,
  /** `auto` uses OpenAI-compatible embeddings when OPENAI_API_KEY is set, local ones otherwise. */
  EMBEDDINGS: z.enum(["auto", "local", "openai"]).default("auto"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as http://127.0.0.1:11434/v1" }).optional()),
  OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  /** Where conversation state, profiles, the question log and tickets live. Default: a SQLite file in DATA_DIR. */
  STORE_URL: optionalString,
  /** Answerability below which the bot says the policies do not cover a question (measure it with `kb eval`). */
  ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.07),
  OPENAI_CHAT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  /** `auto` uses the chat model for intents and answers when OPENAI_API_KEY is set. */
  CHAT_MODEL: z.enum(["auto", "off", "openai"]).default("auto"),
  MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  /** Commissioners, routing and SLAs (YAML). Default: config/roster.yaml, else the shipped example. */
  ROSTER_FILE: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface Config {
  knowledgeDir: string;
  dataDir: string;
  indexDir: string;
  embeddings:
    | { provider: "local" }
    | { provider: "openai"; apiKey: string; baseURL?: string; model: string; dimensions?: number };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  storeUrl: string;
  answerThreshold: number;
  /** Roster file; `resolveRosterFile` applies the default. */
  rosterFile?: string;
  /** The chat model for intent classification and answer wording; undefined = offline rules and extracts. */
  chat?: { apiKey: string; baseURL?: string; model: string; timeoutMs: number };
}

/** Thrown when the environment is invalid; the message names each variable and what is wrong with it. */
export class ConfigError extends Error {
  readonly code = "config_invalid";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once into a typed configuration. Pure: pass `process.env` (or a test object). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  let embeddings: Config["embeddings"] = { provider: "local" };
  const wantOpenAI = e.EMBEDDINGS === "openai" || (e.EMBEDDINGS === "auto" && !!e.OPENAI_API_KEY);
  if (wantOpenAI) {
    if (!e.OPENAI_API_KEY) throw new ConfigError(["OPENAI_API_KEY: required when EMBEDDINGS=openai"]);
    embeddings = {
      provider: "openai",
      apiKey: e.OPENAI_API_KEY,
      model: e.OPENAI_EMBEDDING_MODEL,
      ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}),
      ...(e.OPENAI_EMBEDDING_DIMENSIONS ? { dimensions: e.OPENAI_EMBEDDING_DIMENSIONS } : {}),
    };
  }
  const wantChat = e.CHAT_MODEL === "openai" || (e.CHAT_MODEL === "auto" && !!e.OPENAI_API_KEY);
  if (wantChat && !e.OPENAI_API_KEY) throw new ConfigError(["OPENAI_API_KEY: required when CHAT_MODEL=openai"]);
  return {
    storeUrl: e.STORE_URL ?? `sqlite://${e.DATA_DIR}/concierge.sqlite`,
    ...(e.ROSTER_FILE ? { rosterFile: e.ROSTER_FILE } : {}),
    answerThreshold: e.ANSWER_THRESHOLD,
    ...(wantChat
      ? { chat: { apiKey: e.OPENAI_API_KEY!, model: e.OPENAI_CHAT_MODEL, timeoutMs: e.MODEL_TIMEOUT_MS, ...(e.OPENAI_BASE_URL ? { baseURL: e.OPENAI_BASE_URL } : {}) } }
      : {}),
    knowledgeDir: e.KNOWLEDGE_DIR,
    dataDir: e.DATA_DIR,
    indexDir: e.INDEX_DIR ?? `${e.DATA_DIR}/index`,
    embeddings,
    logLevel: e.LOG_LEVEL,
  };
}

/** The roster file to load: ROSTER_FILE, else config/roster.yaml when it exists, else the shipped example. */
export function resolveRosterFile(config: Pick<Config, "rosterFile">, exists: (p: string) => boolean): string {
  if (config.rosterFile) return config.rosterFile;
  return exists("config/roster.yaml") ? "config/roster.yaml" : "config/roster.example.yaml";
}
