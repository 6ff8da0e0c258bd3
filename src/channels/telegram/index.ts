import type { RequestListener } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../../config.ts";
import { scrubError } from "../../text/scrub.ts";
import type { Channel, ChannelDeps } from "../channel.ts";
import { adminFeature } from "./admin.ts";
import { buttonDecoder, unhandledButtons } from "./buttons.ts";
import { CallbackCodec } from "./callback-data.ts";
import { CardBoard, type CardRef } from "./card-board.ts";
import { EventDeduper } from "../dedupe.ts";
import { dedupeUpdates } from "./dedupe.ts";
import { errorHandler } from "./errors.ts";
import { createTelegramNotifier } from "./notifier.ts";
import type { TelegramRuntime, TgContext } from "./runtime.ts";
import { retryNetworkErrors } from "./retry.ts";
import { deriveKey, webhookSecret } from "./secrets.ts";
import { staffFeature } from "./staff.ts";
import { talentFeature } from "./talent.ts";
import { COMMANDS } from "./texts.ts";
import { webhookHandler } from "./webhook.ts";

export interface TelegramChannelOptions {
  /**
   * Public base URL of this service. When set, the channel takes updates on a webhook at `${publicUrl}/telegram`
   * (registered by `start()`, with the secret token); otherwise it long-polls with @grammyjs/runner.
   */
  publicUrl?: string;
  /** The bot's identity, which skips `getMe` at start (tests; a bot that must start while Telegram is down). */
  botInfo?: UserFromGetMe;
  /**
   * Longest `retry_after` (seconds) a 429 is waited out for before the call fails. Default 30: a chat answer
   * later than that is worth less than an error the outbox or the user can retry. Keep it small in tests.
   */
  maxRetryDelaySeconds?: number;
  /** Retries of one API call after a 429 or a 5xx (default 3). */
  maxRetryAttempts?: number;
  /** Retries of one API call that got no answer at all (default 2, see `retryNetworkErrors`). */
  networkRetries?: number;
  /** Pause before the first of those retries, doubled for each next one (default 1 000 ms). */
  networkRetryDelayMs?: number;
  /** Long-polling `timeout` of getUpdates in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** How often the typing indicator is renewed while the engine works (default 4 000 ms). */
  typingEveryMs?: number;
  /** How long update ids are remembered against re-delivery (default one day). */
  dedupeTtlMs?: number;
}

/** Path of the webhook route on the shared HTTP server. */
export const WEBHOOK_PATH = "/telegram";
const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/**
 * The Telegram channel: talents ask questions and file requests in private chats (through the engine);
 * commissioners get ticket cards in private chats or in `config.commissionerChat` and work them with buttons.
 *
 * Updates of one chat are handled in order and different chats concurrently, on both transports: the
 * middleware stack starts with `sequentialize` by chat, and the webhook acknowledges each update at once and
 * handles it in the background (tracked in `deps.inflight`, so a graceful shutdown waits for it).
 */
export async function createTelegramChannel(
  config: NonNullable<Config["telegram"]>,
  deps: ChannelDeps,
  options: TelegramChannelOptions = {},
): Promise<Channel> {
  const bot = new Bot<TgContext>(config.token, {
    client: { apiRoot: config.apiRoot },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: options.maxRetryAttempts ?? 3, maxDelaySeconds: options.maxRetryDelaySeconds ?? 30, rethrowHttpErrors: true }));
  bot.api.config.use(retryNetworkErrors({ attempts: options.networkRetries ?? 2, delayMs: options.networkRetryDelayMs ?? 1000 }));
  // The runner retries failed polls silently (its own logging would print the request URL, token included).
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === "getUpdates" && !signal?.aborted) deps.logger.warn({ err: scrubError(err) }, "telegram: polling failed; retrying");
      throw err;
    }
  });

  const codec = new CallbackCodec({ key: deriveKey(config.token, "callback-data"), store: deps.kv<string>("telegram-buttons") });
  const cards = new CardBoard({ api: bot.api, desk: deps.core, codec, refs: deps.kv<CardRef[]>("telegram-cards"), logger: deps.logger });
  const rt: TelegramRuntime = {
    deps,
    codec,
    cards,
    prompts: deps.kv<number>("telegram-reply-prompts"),
    ...(config.commissionerChat ? { commissionerChat: Number(config.commissionerChat) } : {}),
    typingEveryMs: options.typingEveryMs ?? 4_000,
  };

  // Order matters: nothing may await before `sequentialize`, or updates of one chat could overtake each other.
  bot.use((_ctx, next) => deps.inflight.track(next()));
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(dedupeUpdates(new EventDeduper(deps.kv<number>("telegram-updates"), options.dedupeTtlMs), deps.metrics));
  bot.errorBoundary(errorHandler(rt)).use(buttonDecoder(rt), adminFeature(rt), staffFeature(rt), talentFeature(rt), unhandledButtons());
  bot.catch((err) => deps.logger.error({ update: err.ctx.update.update_id, err: scrubError(err.error) }, "telegram update failed outside the error boundary"));

  const notifier = createTelegramNotifier({ api: bot.api, desk: deps.core, cards, codec, ...(config.commissionerChat ? { commissionerChat: config.commissionerChat } : {}) });

  const secret = webhookSecret(config.token, config.webhookSecret);
  let accepting = false;
  let runner: RunnerHandle | undefined;
  let unsubscribe: (() => void) | undefined;

  const routes: Record<string, RequestListener> = options.publicUrl
    ? {
        [WEBHOOK_PATH]: webhookHandler({
          secret,
          accepting: () => accepting,
          onUpdate: (update) =>
            void deps.inflight.track(
              bot.handleUpdate(update).catch((err: unknown) => deps.logger.error({ update: update.update_id, err: scrubError(err) }, "telegram update failed")),
            ),
        }),
      }
    : {};

  async function registerCommands(): Promise<void> {
    try {
      await bot.api.setMyCommands([...COMMANDS.en]);
      await bot.api.setMyCommands([...COMMANDS.zh], { language_code: "zh" });
    } catch (err) {
      deps.logger.warn({ err: scrubError(err) }, "could not register the Telegram command menu");
    }
  }

  return {
    name: "telegram",
    notifier,
    routes,
    async start() {
      await bot.init();
      unsubscribe ??= deps.core.onTicketChange((ticket) => void deps.inflight.track(cards.refresh(ticket)));
      await registerCommands();
      if (options.publicUrl) {
        const url = `${options.publicUrl.replace(/\/+$/, "")}${WEBHOOK_PATH}`;
        accepting = true;
        await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
        deps.logger.info({ url, bot: bot.botInfo.username }, "telegram webhook registered");
        return;
      }
      await bot.api.deleteWebhook(); // getUpdates is refused while a webhook is set
      runner = run(bot, {
        runner: { fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
      });
      void runner.task()?.catch((err: unknown) => deps.logger.error({ err: scrubError(err) }, "telegram polling stopped"));
      deps.logger.info({ bot: bot.botInfo.username }, "telegram long polling started");
    },
    async stop() {
      accepting = false;
      unsubscribe?.();
      unsubscribe = undefined;
      const r = runner;
      runner = undefined;
      if (r?.isRunning()) await r.stop();
    },
  };
}
