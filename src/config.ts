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
  ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /** The city's time zone: relative dates a talent gives ("tomorrow") and ticket times shown to talents. */
  TIME_ZONE: z
    .string()
    .trim()
    .default("Asia/Shanghai")
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Asia/Shanghai or Europe/Berlin"),
  OPENAI_CHAT_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  /** `auto` uses the chat model for intents and answers when OPENAI_API_KEY is set. */
  CHAT_MODEL: z.enum(["auto", "off", "openai"]).default("auto"),
  MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(15000),
  /** Commissioners, routing and SLAs (YAML). Default: config/roster.yaml, else the shipped example. */
  ROSTER_FILE: optionalString,
  /** The deployment's domain files (lexicon.yaml); read by the tokenizer from the environment. Default: config/domain. */
  DOMAIN_DIR: optionalString,
  /** Telegram: the token from @BotFather; TELEGRAM_API_ROOT for a self-hosted Bot API server. */
  TELEGRAM_BOT_TOKEN: optionalString.pipe(z.string().regex(/^\d+:[\w-]{20,}$/, "must look like 123456789:AA… (the token @BotFather gave you)").optional()),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default("https://api.telegram.org"),
  /** Checked on every webhook request (X-Telegram-Bot-Api-Secret-Token). Default: derived from the bot token. */
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "may contain only A-Z, a-z, 0-9, _ and - (1–256 characters)").optional()),
  /** A Telegram group where new tickets are posted for commissioners (chat id, e.g. -1001234567890). */
  TELEGRAM_COMMISSIONER_CHAT: optionalString.pipe(z.string().regex(/^-?\d+$/, "must be a numeric chat id such as -1001234567890").optional()),
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional()),
  SLACK_SIGNING_SECRET: optionalString,
  /** Socket Mode when set (no public URL needed). */
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional()),
  SLACK_API_URL: z.url({ protocol: /^https?$/ }).default("https://slack.com/api/"),
  /** Channel id where new tickets are posted for commissioners (e.g. C0123456789); without it, commissioners get DMs. */
  SLACK_COMMISSIONER_CHANNEL: optionalString,
  /** Public https URL of this service: Telegram uses a webhook at PUBLIC_URL/telegram instead of long polling. */
  PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/, message: "must be the public http(s) URL of this service, e.g. https://bot.example.org" }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Messages per minute one user may send before the bot asks them to slow down (0 = no limit). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  /** Reload the index when `kb ingest` publishes a new version (also: /reload from an admin). */
  INDEX_WATCH: z.enum(["true", "false"]).default("true"),
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
  /** A fixed refusal threshold (`ANSWER_THRESHOLD`); unset, each corpus's calibrated thresholds apply. */
  answerThreshold?: number;
  /** IANA time zone of the city (default Asia/Shanghai). */
  timeZone: string;
  /** Roster file; `resolveRosterFile` applies the default. */
  rosterFile?: string;
  telegram?: { token: string; apiRoot: string; webhookSecret?: string; commissionerChat?: string };
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl: string; commissionerChannel?: string };
  http: { port: number; publicUrl?: string };
  rateLimitPerMinute: number;
  watchIndex: boolean;
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
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError(["SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN unless SLACK_APP_TOKEN (Socket Mode) is set"]);
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    throw new ConfigError(["SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set"]);
  }
  return {
    ...(e.TELEGRAM_BOT_TOKEN
      ? {
          telegram: {
            token: e.TELEGRAM_BOT_TOKEN,
            apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
            ...(e.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: e.TELEGRAM_WEBHOOK_SECRET } : {}),
            ...(e.TELEGRAM_COMMISSIONER_CHAT ? { commissionerChat: e.TELEGRAM_COMMISSIONER_CHAT } : {}),
          },
        }
      : {}),
    ...(e.SLACK_BOT_TOKEN
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
            ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
            ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
            ...(e.SLACK_COMMISSIONER_CHANNEL ? { commissionerChannel: e.SLACK_COMMISSIONER_CHANNEL } : {}),
          },
        }
      : {}),
    http: { port: e.PORT, ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, "") } : {}) },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    watchIndex: e.INDEX_WATCH === "true",
    storeUrl: e.STORE_URL ?? `sqlite://${e.DATA_DIR}/concierge.sqlite`,
    ...(e.ROSTER_FILE ? { rosterFile: e.ROSTER_FILE } : {}),
    ...(e.ANSWER_THRESHOLD !== undefined ? { answerThreshold: e.ANSWER_THRESHOLD } : {}),
    timeZone: e.TIME_ZONE,
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
