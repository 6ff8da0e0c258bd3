import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";

/** Fields never written to logs: tokens, secrets, phone and ID numbers, message text of talents. */
export const REDACT_PATHS = [
  "token", "*.token", "apiKey", "*.apiKey", "authorization", "*.authorization", "*.headers.authorization",
  "botToken", "*.botToken", "signingSecret", "*.signingSecret", "appToken", "*.appToken",
  "phone", "*.phone", "idNumber", "*.idNumber", "contact", "*.contact",
];

/** Masks phone numbers and Chinese ID numbers inside free text before it is logged. */
export function maskPii(text: string): string {
  return text
    .replace(/\b\d{17}[\dXx]\b/g, "[id-number]")
    .replace(/(?<!\d)(?:\+\d{1,3}[ -]?)?1[3-9]\d{9}(?!\d)/g, "[phone]")
    .replace(/(?<!\d)\+\d{1,3}[ -]?\d[\d -]{6,}\d(?!\d)/g, "[phone]");
}

/** The process logger (pino, JSON to stderr), with secrets and personal numbers redacted. */
export function createLogger(config: Pick<Config, "logLevel">, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, destination);
}

export type { Logger };
