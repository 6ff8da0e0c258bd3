import type { Lang } from "../text/normalize.ts";

/**
 * The neutral contract between channel adapters and the engine. Adapters translate a platform event into an
 * `IncomingMessage` and render a `Reply`; the engine never sees a platform type.
 */
export interface IncomingMessage {
  /** `channel:id`, e.g. `telegram:123456`, `slack:U024BE7LH`, `console:alice`. */
  user: string;
  text: string;
  /** A button the user pressed (the `id` and `payload` of an `Action` the engine sent earlier). */
  action?: { id: string; payload?: string };
  /** The platform's language hint (e.g. Telegram `language_code`), used when the text alone is ambiguous. */
  locale?: string;
  /** Platform message id, for logs and de-duplication. */
  messageId?: string;
}

/** A policy passage an answer relies on. */
export interface Citation {
  /** Chunk id (`docId#n`). */
  id: string;
  docId: string;
  title: string;
  section: string;
  effective?: string;
  source?: string;
  lang: Lang;
}

/** A button. Channels render it (inline keyboard, Block Kit button, numbered console choice). */
export interface Action {
  id: string;
  label: string;
  payload?: string;
}

export interface Reply {
  text: string;
  citations: Citation[];
  actions: Action[];
  /** Language and script of `text`. */
  lang: Lang;
}
