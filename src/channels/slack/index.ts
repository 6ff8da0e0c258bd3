import type { RequestListener } from "node:http";
import { App, HTTPReceiver, webApi } from "@slack/bolt";
import type { Config } from "../../config.ts";
import { scrubError } from "../../text/scrub.ts";
import type { Channel, ChannelDeps } from "../channel.ts";
import { boltLogger } from "./bolt-logger.ts";
import { TicketCards, type CardRef } from "./cards.ts";
import type { SlackContext } from "./context.ts";
import { EventDeduper } from "../dedupe.ts";
import { installErrorBoundary } from "./error-boundary.ts";
import { registerListeners } from "./listeners/index.ts";
import { SlackNotifier } from "./notifier.ts";

/** The path Slack posts events, interactions and slash commands to (HTTP mode). */
export const SLACK_EVENTS_PATH = "/slack/events";

export interface SlackChannelOptions {
  /**
   * Retries of a failed Web API call (default 2, within seconds). Failed notifications are retried by the outbox
   * anyway, and the WebClient's own default ("ten retries in about thirty minutes") would outlast its send timeout.
   * Tests use 0.
   */
  retries?: number;
  /** Timeout of one Web API call in ms (default 10 000). */
  timeoutMs?: number;
  /**
   * HTTP mode: a request no listener acknowledged within this many ms is answered 404 (Bolt's default 3001,
   * just past Slack's 3-second limit).
   */
  unhandledRequestTimeoutMillis?: number;
  /** The bot's user and bot id, when known: `auth.test` is then never called. */
  botUserId?: string;
  botId?: string;
  /** How long handled event ids are remembered against Slack's retries (default a day). */
  dedupeTtlMs?: number;
}

/** Thrown by `start()` when Slack does not accept the bot token. */
export class SlackAuthError extends Error {
  readonly code = "slack_auth_failed";
  constructor(cause: unknown) {
    super(`Slack did not accept SLACK_BOT_TOKEN (auth.test failed: ${scrubError(cause)}). Check the bot token of the installed app (xoxb-…) and SLACK_API_URL.`, { cause });
    this.name = "SlackAuthError";
  }
}

/**
 * The Slack channel: talents ask questions and file requests in a DM or by mentioning the app, commissioners
 * work tickets from Block Kit cards.
 *
 * With `config.appToken` it uses Socket Mode (`routes` is empty; `start()` connects). Otherwise Slack posts
 * events, interactions and slash commands to `routes["/slack/events"]`, a request listener with signature
 * verification, to mount on the shared HTTP server. Construction makes no network call: `start()` checks the
 * token with `auth.test` (unless `options.botUserId`/`botId` are given).
 *
 * Register `channel.notifier` for the `slack` route (`app.notifiers.set("slack", …)`). Ticket cards are updated
 * in place whenever a ticket changes in this process (`ChannelDependencies.onTicketChange`).
 */
export async function createSlackChannel(config: NonNullable<Config["slack"]>, deps: ChannelDeps, options: SlackChannelOptions = {}): Promise<Channel> {
  const logger = deps.logger.child({ channel: "slack" });
  const bolt = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 4000 },
    timeout: options.timeoutMs ?? 10_000,
    logger: bolt,
  };
  const client = new webApi.WebClient(config.botToken, clientOptions);

  let identity: Promise<{ botId: string; botUserId: string }> | undefined =
    options.botUserId && options.botId ? Promise.resolve({ botId: options.botId, botUserId: options.botUserId }) : undefined;
  let botUserId = options.botUserId;
  const whoAmI = () =>
    (identity ??= client.auth.test().then(
      (r) => {
        if (!r.user_id || !r.bot_id) throw new Error("auth.test answered without user_id or bot_id");
        botUserId = r.user_id;
        return { botId: r.bot_id, botUserId: r.user_id };
      },
      (err: unknown) => {
        identity = undefined;
        throw new SlackAuthError(err);
      },
    ));

  const socketMode = !!config.appToken;
  if (!socketMode && !config.signingSecret) throw new Error("SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode).");
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret!,
        endpoints: SLACK_EVENTS_PATH,
        logger: bolt,
        processBeforeResponse: false,
        ...(options.unhandledRequestTimeoutMillis !== undefined ? { unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMillis } : {}),
      });
  const app = new App({
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.appToken! }),
    authorize: async () => ({ botToken: config.botToken, ...(await whoAmI()) }),
    logger: bolt,
    clientOptions,
    convoStore: false,
    extendedErrorHandler: true,
  });

  const load = (id: string) => deps.core.currentTicket(id);
  const cards = new TicketCards({ client, kv: deps.kv<CardRef[]>("slack-cards"), desk: deps.core, load, logger, inflight: deps.inflight });
  const ctx: SlackContext = {
    deps,
    client,
    cards,
    events: new EventDeduper(deps.kv<number>("slack-events"), options.dedupeTtlMs),
    logger,
    botUserId: () => botUserId,
  };
  registerListeners(app, ctx);
  installErrorBoundary(app, ctx);

  const notifier = new SlackNotifier({ client, cards, load, ...(config.commissionerChannel ? { commissionerChannel: config.commissionerChannel } : {}) });
  let unsubscribe: (() => void) | undefined = deps.core.onTicketChange((t) => void cards.refresh(t.id));

  let stopped = false;
  const routes: Record<string, RequestListener> = {};
  if (receiver) {
    routes[SLACK_EVENTS_PATH] = (req, res) => {
      if (stopped) {
        res.writeHead(503, { "retry-after": "5" }).end();
        return;
      }
      try {
        receiver.requestListener(req, res);
      } catch {
        // Bolt throws for anything but a POST to its endpoint.
        res.writeHead(req.method === "POST" ? 404 : 405, req.method === "POST" ? {} : { allow: "POST" }).end();
      }
    };
  }

  return {
    name: "slack",
    notifier,
    routes,
    async start() {
      stopped = false;
      const me = await whoAmI();
      if (socketMode) await app.start();
      logger.info({ botUserId: me.botUserId, mode: socketMode ? "socket" : "http" }, "slack channel started");
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      unsubscribe = undefined;
      if (socketMode) await app.stop().catch((err: unknown) => logger.warn({ err: scrubError(err) }, "could not close the Slack socket"));
      await cards.idle();
    },
  };
}
