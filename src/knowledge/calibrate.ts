import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Lang } from "../text/normalize.ts";
import type { Translation } from "./bridge.ts";
import type { Chunk } from "./document.ts";
import { answerability, DEFAULT_ANSWER_THRESHOLD } from "./hybrid-retriever.ts";
import type { Hit } from "./document.ts";
import { englishStems } from "./tokenize.ts";

/** The language families a question is scored in: answerability runs lower across languages than within one. */
export type Family = "zh" | "en";
export const familyOf = (lang: Lang): Family => (lang === "en" ? "en" : "zh");

/**
 * Which line applies: the question's family and whether the passage found is in it. "zh" and "en" are questions
 * answered in their own language; "en-zh" an English question whose best passage is Chinese, "zh-en" the reverse.
 */
export type Direction = "zh" | "en" | "zh-en" | "en-zh";
export const DIRECTIONS: readonly Direction[] = ["zh", "en", "zh-en", "en-zh"];
export const directionOf = (question: Lang, passage: Lang | undefined): Direction => {
  const q = familyOf(question);
  const p = passage ? familyOf(passage) : q;
  return q === p ? q : q === "zh" ? "zh-en" : "en-zh";
};

const perDirection = <T extends z.ZodTypeAny>(t: T) => z.object({ zh: t, en: t, "zh-en": t, "en-zh": t });

export const calibrationSchema = z.object({
  /** Refuse below this answerability, per direction. */
  thresholds: perDirection(z.number().min(0).max(1)),
  /** How each threshold was obtained, for `kb stats`. */
  method: perDirection(z.string()),
  /** Pseudo-questions scored per direction. */
  questions: perDirection(z.number().int()),
  /** Off-topic questions the thresholds refuse, per question family (a check, not an input). */
  offTopicRefused: z.object({ zh: z.number(), en: z.number() }),
  at: z.string(),
});
export type Calibration = z.infer<typeof calibrationSchema>;

/** The tuned numbers of calibration, each with its reason. */
export interface CalibrationWeights {
  /** Share of the corpus's own heading questions a threshold may refuse: real questions are paraphrases and score lower, so the line sits low in their distribution. */
  refuseShare: number;
  /** Fewer pseudo-questions than this in a family and the default threshold is kept: a quantile of a handful is noise. */
  minQuestions: number;
  /** Pseudo-questions scored per family at most, spread over the corpus (calibration stays a second or two). */
  maxQuestions: number;
  /** Bounds of a calibrated threshold: below the floor everything is answered, above the ceiling too much is refused. */
  floor: number;
  ceiling: number;
}

export const DEFAULT_CALIBRATION_WEIGHTS: CalibrationWeights = { refuseShare: 0.1, minQuestions: 12, maxQuestions: 240, floor: 0.04, ceiling: 0.25 };

// Numbering in front of a heading says nothing a talent would ask: "第六条", "三、", "2.1", "Article 6".
const NUMBERING = /^(第[一二三四五六七八九十百零〇\d]+[条章节款部分]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+(\.\d+)*[.、．]?|(article|chapter|section|part)\s+\d+[.:]?)\s*/i;
const CJK = /[\u3400-\u9fff]/;
const SEGMENTER = new Intl.Segmenter("zh", { granularity: "word" });

/** A chunk's own heading (the last part of its section path), numbering removed; undefined for a title-only chunk. */
export function headingOf(chunk: Chunk): string | undefined {
  const parts = chunk.metadata.section.split(" › ");
  if (parts.length < 2) return undefined;
  const h = parts.at(-1)!.replace(NUMBERING, "").trim();
  return [...h].length >= 3 ? h : undefined;
}

/** Every `n`-th item, so a cap keeps questions from the whole corpus rather than its first documents. */
function spread<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]!);
}

/** Pseudo-questions of one family: the corpus's headings in that language, and those of the other translated. */
export interface PseudoQuestions {
  own: string[];
  translated: string[];
}

/**
 * Questions made from the corpus itself, per family: its headings as written ("申请材料", "Monthly amounts"), and
 * each heading word by word in the other language through the dictionary (申请材料 → "apply material"), which is
 * how a talent asks about a policy only published in the other language.
 */
export function pseudoQuestions(chunks: readonly Chunk[], dictionary: readonly Translation[]): Record<Family, PseudoQuestions> {
  const zhEn = new Map<string, string>();
  const enZh = new Map<string, string>();
  for (const { head, glosses } of dictionary) {
    const first = glosses[0];
    if (first && !zhEn.has(head)) zhEn.set(head, first.gloss.replace(/^to /, ""));
    for (const g of glosses) if (g.stems.length === 1 && !enZh.has(g.stems[0]!)) enZh.set(g.stems[0]!, head);
  }
  const toEnglish = (h: string) => [...SEGMENTER.segment(h)].filter((s) => s.isWordLike).map((s) => zhEn.get(s.segment)).filter(Boolean).join(" ");
  const toChinese = (h: string) => englishStems(h).map((s) => enZh.get(s)).filter(Boolean).join("");
  const own: Record<Family, Set<string>> = { zh: new Set(), en: new Set() };
  const translated: Record<Family, Set<string>> = { zh: new Set(), en: new Set() };
  for (const chunk of chunks) {
    const h = headingOf(chunk);
    if (!h) continue;
    const f: Family = CJK.test(h) ? "zh" : "en";
    own[f].add(h);
    const other = f === "zh" ? toEnglish(h) : toChinese(h);
    // A translation of one word is a keyword, not a question.
    if ((f === "zh" ? other.split(" ").length : [...other].length / 2) >= 2) translated[f === "zh" ? "en" : "zh"].add(other);
  }
  return { zh: { own: [...own.zh], translated: [...translated.zh] }, en: { own: [...own.en], translated: [...translated.en] } };
}

/** The generic off-topic questions shipped with the product (weather, recipes, sport…), per family. */
export function offTopicQuestions(): Record<Family, string[]> {
  const text = readFileSync(new URL("./calibration/off-topic.txt", import.meta.url), "utf8");
  const out: Record<Family, string[]> = { zh: [], en: [] };
  for (const line of text.split("\n")) {
    const q = line.trim();
    if (q && !q.startsWith("#")) out[CJK.test(q) ? "zh" : "en"].push(q);
  }
  return out;
}

const quantile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

/**
 * Derives a corpus's refusal thresholds without labelled questions, per direction: the answerability its own
 * headings reach when asked as questions in their language ("zh", "en": the line at `refuseShare` of that
 * distribution, within [floor, ceiling]), and how much less they reach asked word by word in the other language
 * ("en-zh": Chinese headings in English; "zh-en": English headings in Chinese), which scales the line across
 * languages. A direction with too few headings keeps the default. Off-topic questions are scored as a check
 * and reported, not used to move the line.
 */
export async function calibrate(
  chunks: readonly Chunk[],
  dictionary: readonly Translation[],
  search: (question: string) => Promise<Hit[]>,
  weights: CalibrationWeights = DEFAULT_CALIBRATION_WEIGHTS,
  now = new Date(),
): Promise<Calibration> {
  const pseudo = pseudoQuestions(chunks, dictionary);
  const sources: Record<Direction, string[]> = { zh: pseudo.zh.own, en: pseudo.en.own, "en-zh": pseudo.en.translated, "zh-en": pseudo.zh.translated };
  const thresholds = {} as Record<Direction, number>;
  const method = {} as Record<Direction, string>;
  const questions = {} as Record<Direction, number>;
  const scored = {} as Record<Direction, number[]>;
  for (const d of DIRECTIONS) {
    const scores: number[] = [];
    for (const q of spread(sources[d], weights.maxQuestions)) scores.push(answerability((await search(q))[0]));
    scored[d] = scores.sort((a, b) => a - b);
    questions[d] = scores.length;
  }
  const clamp = (x: number) => Math.min(weights.ceiling, Math.max(weights.floor, x));
  const pctl = `${Math.round(weights.refuseShare * 100)}th percentile`;
  for (const d of ["zh", "en"] as const) {
    const scores = scored[d];
    if (scores.length < weights.minQuestions) {
      thresholds[d] = DEFAULT_ANSWER_THRESHOLD;
      method[d] = `default: ${scores.length} heading questions, fewer than ${weights.minQuestions}`;
    } else {
      const raw = quantile(scores, weights.refuseShare);
      thresholds[d] = clamp(raw);
      method[d] = `${pctl} of ${scores.length} heading questions (${raw.toFixed(3)})`;
    }
  }
  // Across languages, the same headings asked word by word through the dictionary make a cruder question than a
  // talent's own; their typical score tells how much crossing costs, not where the tail lies. So the line of
  // the headings' own language is scaled by the ratio of medians (translated / as written).
  for (const [d, from] of [["en-zh", "zh"], ["zh-en", "en"]] as const) {
    const cross = scored[d];
    const own = scored[from];
    if (cross.length < weights.minQuestions || own.length < weights.minQuestions) {
      thresholds[d] = DEFAULT_ANSWER_THRESHOLD;
      method[d] = `default: ${cross.length} translated heading questions (and ${own.length} as written), fewer than ${weights.minQuestions}`;
      continue;
    }
    const ratio = Math.min(1, quantile(cross, 0.5) / (quantile(own, 0.5) || 1));
    thresholds[d] = clamp(thresholds[from] * ratio);
    method[d] = `the ${from} line × ${ratio.toFixed(2)}, the median of ${cross.length} translated heading questions over that of the headings as written`;
  }
  const off = offTopicQuestions();
  const offTopicRefused = { zh: 0, en: 0 };
  for (const f of ["zh", "en"] as const) {
    let refused = 0;
    for (const q of off[f]) {
      const top = (await search(q))[0];
      if (answerability(top) < thresholds[directionOf(f, top?.doc.lang)]) refused++;
    }
    offTopicRefused[f] = off[f].length ? refused / off[f].length : 0;
  }
  return { thresholds, method, questions, offTopicRefused, at: now.toISOString() };
}
