import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type Keyv from "keyv";

/**
 * `callback_data` of inline buttons (1–64 bytes): `<action id>:<payload ref>:<tag>`.
 *
 * - The payload ref is `=<payload>` when it fits, `#<hash>` for a payload kept in Keyv (e.g. the `ask`
 *   button's payload is a whole example question), or empty when the action has no payload.
 * - The tag is a truncated HMAC-SHA256 of `<id>:<ref>` with a key derived from the bot token, so a client that
 *   crafts its own callback data (another ticket id, another star count) is refused.
 *
 * A button whose tag does not match, or whose stored payload expired, decodes to `undefined`: the caller
 * answers "this button has expired" and does nothing else.
 */

/** What a button carries: an engine or staff action id and its payload. */
export interface ButtonAction {
  id: string;
  payload?: string;
}

export interface CallbackCodecOptions {
  /** HMAC key (see `deriveKey(token, "callback-data")`). */
  key: Buffer;
  /** Long payloads by hash. */
  store: Keyv<string>;
  /** How long a long payload stays pressable (default 30 days). */
  ttlMs?: number;
}

const MAX_BYTES = 64;
const TAG_CHARS = 10; // 60 bits of HMAC
const HASH_CHARS = 16; // 96 bits of SHA-256
const DAY = 86_400_000;

export class CallbackCodec {
  private readonly ttlMs: number;

  constructor(private readonly o: CallbackCodecOptions) {
    this.ttlMs = o.ttlMs ?? 30 * DAY;
  }

  private tag(body: string): string {
    return createHmac("sha256", this.o.key).update(body).digest("base64url").slice(0, TAG_CHARS);
  }

  private static hash(id: string, payload: string): string {
    return createHash("sha256").update(`${id}\u0000${payload}`).digest("base64url").slice(0, HASH_CHARS);
  }

  /** The callback data for a button; long payloads are stored first. */
  async encode(action: ButtonAction): Promise<string> {
    if (!action.id || action.id.includes(":")) throw new Error(`A button action id must be non-empty and contain no ":" (got "${action.id}").`);
    const inline = this.sign(action.id, action.payload === undefined ? "" : `=${action.payload}`);
    if (Buffer.byteLength(inline) <= MAX_BYTES) return inline;
    const payload = action.payload ?? "";
    const hash = CallbackCodec.hash(action.id, payload);
    const stored = this.sign(action.id, `#${hash}`);
    if (Buffer.byteLength(stored) > MAX_BYTES) throw new Error(`The button action id "${action.id}" is too long for Telegram's 64-byte callback data.`);
    await this.o.store.set(hash, payload, this.ttlMs);
    return stored;
  }

  private sign(id: string, ref: string): string {
    const body = `${id}:${ref}`;
    return `${body}:${this.tag(body)}`;
  }

  /** The action behind callback data, or undefined when it is forged, malformed or expired. */
  async decode(data: string | undefined): Promise<ButtonAction | undefined> {
    if (!data) return undefined;
    const first = data.indexOf(":");
    const last = data.lastIndexOf(":");
    if (first <= 0 || last <= first) return undefined;
    const body = data.slice(0, last);
    const given = Buffer.from(data.slice(last + 1));
    const expected = Buffer.from(this.tag(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const id = data.slice(0, first);
    const ref = data.slice(first + 1, last);
    if (ref === "") return { id };
    if (ref.startsWith("=")) return { id, payload: ref.slice(1) };
    if (ref.startsWith("#")) {
      const hash = ref.slice(1);
      const payload = await this.o.store.get(hash);
      if (payload === undefined || CallbackCodec.hash(id, payload) !== hash) return undefined;
      return { id, payload };
    }
    return undefined;
  }
}
