import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Keys derived from the bot token, so a deployment needs no extra secrets: whoever knows the token controls
 * the bot anyway. Each purpose gets its own key (HMAC-SHA256 of a constant label, keyed with the token).
 */
export function deriveKey(token: string, purpose: "webhook-secret" | "callback-data"): Buffer {
  return createHmac("sha256", token).update(`talent-concierge/telegram/${purpose}/v1`).digest();
}

/**
 * The `X-Telegram-Bot-Api-Secret-Token` value: the configured one, else derived from the token
 * (43 characters of base64url, within Telegram's 1–256 characters of `A-Za-z0-9_-`).
 */
export function webhookSecret(token: string, configured?: string): string {
  return configured ?? deriveKey(token, "webhook-secret").toString("base64url");
}

/** Compares two secrets in constant time (lengths are hidden by hashing both first). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
