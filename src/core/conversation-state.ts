import type Keyv from "keyv";
import type { Lang } from "../text/normalize.ts";

/** One exchange kept for context (follow-up questions, and the conversation a ticket carries). */
export interface Turn {
  role: "talent" | "bot";
  text: string;
  at: string;
}

/** What the desk remembers about a conversation between messages. Survives restarts (it lives in Keyv). */
export interface ConversationState {
  lang?: Lang;
  /** The last policy question (resolved, i.e. with the context a follow-up borrowed). */
  lastQuestion?: string;
  lastTopic?: string;
  lastDocIds?: string[];
  /** Recent turns, oldest first, at most `MAX_TURNS`. */
  turns: Turn[];
  /** What the bot is waiting for, if anything (a ticket draft's missing field, a rating…). */
  awaiting?: "rating" | "draft";
  /** Free-form data of the flow that is waiting (e.g. a ticket draft). */
  flow?: Record<string, unknown>;
  /** Buttons of the last reply, so a script or a console can press one by number. */
  lastActions?: { id: string; label: string; payload?: string }[];
}

export const MAX_TURNS = 12;

/** Per-user conversation state on a Keyv store. */
export class ConversationStore {
  constructor(private readonly kv: Keyv<ConversationState>) {}

  async get(user: string): Promise<ConversationState> {
    return (await this.kv.get(user)) ?? { turns: [] };
  }

  async set(user: string, state: ConversationState): Promise<void> {
    state.turns = state.turns.slice(-MAX_TURNS);
    await this.kv.set(user, state);
  }
}
