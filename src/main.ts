import { existsSync } from "node:fs";
import { createApp, indexEventsLogged } from "./app.ts";
import { runRepl } from "./channels/console/repl.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { startService } from "./service.ts";

/**
 * Composition root: `.env` → validated configuration → the service. With Telegram or Slack tokens it runs those
 * channels (plus /healthz, /metrics, the outbox and the SLA clock); with none, a terminal chat.
 */
async function main(): Promise<void> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig(process.env);
  const logger = createLogger(config);
  if (config.telegram || config.slack) return runChannels(config, logger);
  return runConsole(config, logger);
}

async function runChannels(config: Config, logger: Logger): Promise<void> {
  const service = await startService(config, { logger });
  const stop = (signal: string) => {
    // A second signal while draining stops at once.
    process.once(signal, () => process.exit(1));
    service.stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

async function runConsole(config: Config, logger: Logger): Promise<void> {
  const app = await createApp(config, {
    logger,
    ...indexEventsLogged(logger),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await app.tickets.dispatcher.stop();
    await app.tickets.dispatcher.flush().catch(() => undefined);
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  app.tickets.dispatcher.start(2_000);
  app.tickets.sla.start(60_000);
  logger.info({ documents: app.knowledge().docs.size, store: config.storeUrl.replace(/\/\/[^@/]*@/, "//***@") }, "no channel tokens: starting the console chat");
  await runRepl({ core: app.forChannels, user: `console:${process.env.USER ?? "local"}` });
  await stop("eof");
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exit(1);
});
