import { createHash, randomBytes } from "node:crypto";
import type Keyv from "keyv";
import { Tokenizer } from "../knowledge/tokenize.ts";
import { maskPii } from "../text/mask.ts";
import type { Lang } from "../text/normalize.ts";
import type { Intent } from "./intents/intent.ts";

/** One question as staff see it: what was asked, whether it was answered, from what. */
export interface QuestionRecord {
  at: string;
  text: string;
  lang: Lang;
  intent: Intent;
  answered: boolean;
  /** Answerability of the best hit (see `answerability`). */
  topScore: number;
  citedDocs: string[];
  /** A one-way hash of the asker: counts distinct people without storing who they are. */
  asker: string;
}

/** Records questions for `kb gaps`. Keys sort by time, so listing needs no secondary index. */
export class QuestionLog {
  constructor(private readonly kv: Keyv<QuestionRecord>) {}

  static askerHash(user: string): string {
    return createHash("sha256").update(`talent-concierge:${user}`).digest("hex").slice(0, 12);
  }

  /** Stores a question with phone and ID numbers masked: staff read these lists, and talents paste their numbers. */
  async record(r: QuestionRecord): Promise<void> {
    await this.kv.set(`${r.at}-${randomBytes(4).toString("hex")}`, { ...r, text: maskPii(r.text) });
  }

  async *entries(): AsyncGenerator<QuestionRecord> {
    const it = this.kv.iterator?.(this.kv.namespace);
    if (!it) throw new Error("This store cannot list entries; use SQLite, Redis or PostgreSQL.");
    for await (const [, value] of it) if (value) yield value as QuestionRecord;
  }
}

export interface Gap {
  /** The most common wording in the group. */
  example: string;
  count: number;
  askers: number;
  variants: string[];
  lastAt: string;
  bestScore: number;
}

/**
 * Unanswered questions grouped by similar wording (token overlap, so "parking fee?" and "停车费多少" meet
 * through lexicon concepts as well), most frequent first.
 */
export function groupGaps(records: QuestionRecord[], tokenizer = Tokenizer.default(), similarity = 0.5): Gap[] {
  const groups: { tokens: Set<string>; items: QuestionRecord[] }[] = [];
  for (const r of records) {
    if (r.answered || r.intent !== "question") continue;
    const tokens = new Set(tokenizer.tokenize(r.text));
    let best: (typeof groups)[number] | undefined;
    let bestSim = 0;
    for (const g of groups) {
      let inter = 0;
      for (const t of tokens) if (g.tokens.has(t)) inter++;
      const sim = inter / (tokens.size + g.tokens.size - inter || 1);
      if (sim > bestSim) (bestSim = sim), (best = g);
    }
    if (best && bestSim >= similarity) {
      best.items.push(r);
      for (const t of tokens) best.tokens.add(t);
    } else groups.push({ tokens, items: [r] });
  }
  return groups
    .map((g) => {
      const counts = new Map<string, number>();
      for (const i of g.items) counts.set(i.text, (counts.get(i.text) ?? 0) + 1);
      const variants = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
      return {
        example: variants[0]!,
        count: g.items.length,
        askers: new Set(g.items.map((i) => i.asker)).size,
        variants,
        lastAt: g.items.map((i) => i.at).sort().at(-1)!,
        bestScore: Math.max(...g.items.map((i) => i.topScore)),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
