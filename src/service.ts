import { unwatchFile, watchFile } from "node:fs";
import type http from "node:http";
import path from "node:path";
import { createApp, indexEventsLogged, type App, type AppOptions } from "./app.ts";
import { channelDeps, reloadKnowledge, type Channel, type ChannelDeps } from "./channels/channel.ts";
import { createSlackChannel, type SlackChannelOptions } from "./channels/slack/index.ts";
import { createTelegramChannel, type TelegramChannelOptions } from "./channels/telegram/index.ts";
import type { Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { createMetrics, measuredNotifier, registerTicketGauge, type Metrics } from "./metrics.ts";
import { closeServer, createHttpServer, listen } from "./server.ts";

export interface ServiceOptions {
  logger: Logger;
  app?: AppOptions;
  telegram?: Omit<TelegramChannelOptions, "publicUrl">;
  slack?: SlackChannelOptions;
  /** Interface to listen on (default: all). */
  host?: string;
  /** Outbox delivery and SLA check intervals (defaults 2 s and 60 s). */
  dispatchIntervalMs?: number;
  slaIntervalMs?: number;
  /** How often the index's CURRENT file is checked when INDEX_WATCH is on (default 2 s). */
  watchIntervalMs?: number;
  /** How long shutdown waits for messages being answered (default 10 s). */
  drainTimeoutMs?: number;
}

export interface Service {
  app: App;
  channels: Channel[];
  metrics: Metrics;
  deps: ChannelDeps;
  server: http.Server;
  /** The port the HTTP server listens on. */
  port: number;
  /** Graceful stop: no new updates, in-flight answers finish, queued notifications are flushed, stores closed. */
  stop(reason?: string): Promise<void>;
}

/**
 * Starts the bot as a service: the application, the configured channels (Telegram, Slack), the HTTP server
 * (`/healthz`, `/metrics`, webhooks), the outbox dispatcher, the SLA clock and the index watch.
 */
export async function startService(config: Config, options: ServiceOptions): Promise<Service> {
  const { logger } = options;
  const metrics = createMetrics();
  const app = await createApp(config, {
    logger,
    ...indexEventsLogged(logger),
    ...options.app,
  });
  registerTicketGauge(metrics, app.tickets.store.repo);
  const deps = channelDeps(app, { metrics, logger, rateLimitPerMinute: config.rateLimitPerMinute });

  const channels: Channel[] = [];
  let stopping = false;
  // Looked up per request: the server answers /healthz while the channels start, webhooks once they exist.
  const routes: Record<string, http.RequestListener> = {};
  const server = createHttpServer({
    metrics,
    routes,
    health: () => ({
      status: stopping ? "stopping" : "ok",
      documents: app.knowledge().docs.size,
      channels: channels.map((c) => c.name),
      inFlight: deps.inflight.size,
      uptimeSeconds: Math.round(process.uptime()),
    }),
  });
  try {
    if (config.telegram) channels.push(await createTelegramChannel(config.telegram, deps, { ...options.telegram, ...(config.http.publicUrl ? { publicUrl: config.http.publicUrl } : {}) }));
    if (config.slack) channels.push(await createSlackChannel(config.slack, deps, options.slack ?? {}));
  } catch (err) {
    await app.close();
    throw err;
  }
  for (const c of channels) {
    app.notifiers.set(c.name, measuredNotifier(c.name, c.notifier, metrics));
    Object.assign(routes, c.routes);
  }
  const port = await listen(server, config.http.port, options.host);
  for (const c of channels) await c.start();

  app.tickets.dispatcher.start(options.dispatchIntervalMs ?? 2_000);
  app.tickets.sla.start(options.slaIntervalMs ?? 60_000);
  const current = path.join(app.indexRoot, "CURRENT");
  let reloading: Promise<unknown> = Promise.resolve();
  if (config.watchIndex) {
    watchFile(current, { interval: options.watchIntervalMs ?? 2_000, persistent: false }, (now, before) => {
      if (now.mtimeMs === before.mtimeMs || stopping) return;
      reloading = reloading.then(() => reloadKnowledge(deps, "index watch").catch(() => undefined));
    });
  }
  logger.info({ port, channels: channels.map((c) => c.name), documents: app.knowledge().docs.size }, "service started");

  let stopped: Promise<void> | undefined;
  return {
    app,
    channels,
    metrics,
    deps,
    server,
    port,
    stop(reason = "stop") {
      stopped ??= (async () => {
        stopping = true;
        logger.info({ reason }, "shutting down: no new updates");
        unwatchFile(current);
        await Promise.allSettled(channels.map((c) => c.stop()));
        const drained = await deps.inflight.drain(options.drainTimeoutMs ?? 10_000);
        if (!drained) logger.warn({ inFlight: deps.inflight.size }, "shutdown: some answers did not finish in time");
        await reloading;
        await Promise.allSettled([app.tickets.dispatcher.stop(), app.tickets.sla.stop()]);
        const flushed = await app.tickets.dispatcher.flush().catch((err: unknown) => (logger.warn({ err }, "shutdown: could not flush the outbox"), undefined));
        if (flushed) logger.info({ flushed }, "outbox flushed");
        await closeServer(server);
        await app.close();
        logger.info("stopped");
      })();
      return stopped;
    },
  };
}
