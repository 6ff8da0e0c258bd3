import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";

/** Fields never written to logs: tokens, secrets, phone and ID numbers, message text of talents. */
export const REDACT_PATHS = [
  "token", "*.token", "apiKey", "*.apiKey", "authorization", "*.authorization", "*.headers.authorization",
  "botToken", "*.botToken", "signingSecret", "*.signingSecret", "appToken", "*.appToken",
  "phone", "*.phone", "idNumber", "*.idNumber", "contact", "*.contact",
];

/** The process logger (pino, JSON to stderr), with secrets and personal numbers redacted. */
export function createLogger(config: Pick<Config, "logLevel">, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}

export type { Logger };
