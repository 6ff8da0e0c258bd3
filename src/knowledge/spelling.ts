import { englishStems } from "./tokenize.ts";

/** A word of a question read as another: "certifcate" → "certificate". */
export interface Correction {
  from: string;
  to: string;
}

// Contractions typed without their apostrophe are words, not typos ("wasnt" is not "want").
const CONTRACTIONS = new Set(
  "arent cant couldnt didnt doesnt dont hadnt hasnt havent isnt mightnt mustnt neednt shant shouldnt wasnt werent wont wouldnt im ive youre youve theyre theyve weve whats thats hows whos wheres theres lets".split(
    " ",
  ),
);
// Shorter words have too many neighbours one letter away to guess which was meant.
const MIN_LENGTH = 5;

/**
 * Corrects misspelt English words of a question to words the policies use ("kindergarden" → "kindergarten",
 * "appartment" → "apartment", "subsidey" → "subsidy"), so search, the lexicon and the answer all see the word
 * the talent meant. A word is left alone when it is known (to the corpus, the dictionary or the lexicon: a real
 * word the policies do not use is not a typo), shorter than five letters, capitalised inside a sentence (a name),
 * or has no single closest corpus word: one edit away, two for words of eight letters or more, same first letter.
 */
export class Speller {
  /** Corpus words by first letter, each with how often the corpus uses it. */
  private readonly byInitial = new Map<string, [string, number][]>();

  constructor(
    words: ReadonlyMap<string, number>,
    private readonly known: (word: string, stem: string) => boolean,
  ) {
    for (const [w, n] of words) {
      if (w.length < MIN_LENGTH - 1) continue;
      const list = this.byInitial.get(w[0]!) ?? (this.byInitial.set(w[0]!, []), this.byInitial.get(w[0]!)!);
      list.push([w, n]);
    }
  }

  /** The English words of some texts (lower case, letters only) with their counts: what a speller corrects to. */
  static vocabulary(texts: Iterable<string>): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of texts) for (const w of t.toLowerCase().match(/\b[a-z]{4,}\b/g) ?? []) out.set(w, (out.get(w) ?? 0) + 1);
    return out;
  }

  /** `text` with its misspelt words replaced, and what was replaced. */
  correct(text: string): { text: string; corrections: Correction[] } {
    const corrections: Correction[] = [];
    const out = text.replace(/[A-Za-z][A-Za-z'’]*/g, (word, offset: number) => {
      const lower = word.toLowerCase();
      if (lower.length < MIN_LENGTH || /['’]/.test(lower) || CONTRACTIONS.has(lower)) return word;
      // A capital inside a sentence is a name ("Gaoxin", "Cigna"); at its start it is only the first word.
      const before = text.slice(0, offset).trimEnd();
      const sentenceStart = before === "" || /[.!?。！？]$/.test(before);
      if (word !== lower && !(sentenceStart && word.slice(1) === lower.slice(1))) return word;
      const stem = englishStems(lower)[0];
      if (!stem || this.known(lower, stem)) return word;
      const best = this.closest(lower);
      if (!best) return word;
      corrections.push({ from: word, to: best });
      return word === lower ? best : best[0]!.toUpperCase() + best.slice(1);
    });
    return { text: out, corrections };
  }

  private closest(word: string): string | undefined {
    const max = word.length >= 8 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    let bestCount = 0;
    let tied = false;
    for (const [w, n] of this.byInitial.get(word[0]!) ?? []) {
      if (Math.abs(w.length - word.length) > max) continue;
      const d = distance(word, w, max);
      if (d > max) continue;
      if (d < bestDistance || (d === bestDistance && n > bestCount)) {
        tied = false;
        best = w;
        bestDistance = d;
        bestCount = n;
      } else if (d === bestDistance && n === bestCount) tied = true;
    }
    return best && !tied ? best : undefined;
  }
}

/**
 * Edit distance with adjacent transpositions ("recieve" is one edit from "receive"), or `max + 1` as soon as it
 * must exceed `max`.
 */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}
