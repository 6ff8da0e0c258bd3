import { maskPii } from "./mask.ts";

/** Removes anything that looks like a credential from an error message before it is stored or logged. */
export function scrubError(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === "string" ? err : "unknown error";
  const text = raw
    .replace(/\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, "[token]") // Telegram bot token
    .replace(/\bbot\d{5,}:[^/\s]+/gi, "bot[token]")
    .replace(/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]+/g, "[token]") // Slack tokens
    .replace(/\bsk-[A-Za-z0-9_-]{10,}/g, "[token]") // API keys
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [token]")
    .replace(/([?&](?:token|key|secret|access_token|api_key)=)[^&\s]+/gi, "$1[token]")
    .replace(/\/\/[^@/\s]*@/g, "//***@");
  const masked = maskPii(text);
  return masked.length > 500 ? `${masked.slice(0, 497)}...` : masked;
}
