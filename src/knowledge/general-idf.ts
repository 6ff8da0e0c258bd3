import { readFileSync } from "node:fs";

/**
 * How much an unseen Chinese word says about what a question is about, from how common it is in general Chinese
 * (jieba's IDF over a large general corpus, see `lexicon/zh-general-idf.txt`): 最低, 带, 怕 (IDF 5–6) are how
 * anyone puts a question, 宠物, 胃镜, 停车位 (IDF ≥ 9) name a matter. A policy corpus alone cannot tell them apart:
 * its few thousand passages use 低 and 宠 as rarely.
 */
export interface GeneralIdfWeights {
  /** At or below this general IDF a word keeps only `commonShare` of its weight. */
  common: number;
  /** From this general IDF up (and for words the table does not list) a word keeps its whole weight. */
  specific: number;
  /** The share of its weight a common word keeps. */
  commonShare: number;
}

/** 5 / 9 / 0.2; 4 / 8 / 0.1 and 5 / 10 / 0.3 measure the same on the five corpora. */
export const GENERAL_IDF_WEIGHTS: GeneralIdfWeights = { common: 5, specific: 9, commonShare: 0.2 };

let table: Map<string, number> | undefined;

/** The general IDF of a Chinese word, or undefined when it is rarer than the table keeps (a specific word). */
export function generalIdf(word: string): number | undefined {
  if (!table) {
    table = new Map();
    for (const line of readFileSync(new URL("./lexicon/zh-general-idf.txt", import.meta.url), "utf8").split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const at = line.indexOf(" ");
      table.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
  }
  return table.get(word);
}

/** The share of its weight an unseen Chinese word keeps: less the more common it is in general text. */
export function specificity(word: string, w: GeneralIdfWeights = GENERAL_IDF_WEIGHTS): number {
  const g = generalIdf(word);
  if (g === undefined) return 1;
  return Math.min(1, Math.max(w.commonShare, (g - w.common) / (w.specific - w.common)));
}
