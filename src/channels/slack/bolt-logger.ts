import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../logger.ts";
import { scrubError } from "../../text/scrub.ts";

/**
 * Bolt's and the WebClient's logger, writing to our pino logger. Their debug output (request and response
 * bodies, which carry message text) is dropped; the rest is flattened to one scrubbed string (no tokens, phone or
 * ID numbers) under `slack`, and objects (payloads) are left out.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const line = (parts: unknown[]) => scrubError(parts.map((p) => (p instanceof Error ? p.message : typeof p === "string" || typeof p === "number" ? String(p) : "[object]")).join(" "));
  return {
    debug() {},
    info: (...m: unknown[]) => logger.info({ slack: line(m) }, "slack"),
    warn: (...m: unknown[]) => logger.warn({ slack: line(m) }, "slack"),
    error: (...m: unknown[]) => logger.error({ slack: line(m) }, "slack"),
    setLevel() {},
    getLevel: () => LogLevel.INFO,
    setName() {},
  };
}
