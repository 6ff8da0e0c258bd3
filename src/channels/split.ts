/**
 * Cuts text into pieces that each fit a budget, preferring natural boundaries: a paragraph break, then a line
 * break, then the end of a sentence, then a space, and only then anywhere (never inside a surrogate pair).
 * Lossless: the pieces joined give the text back. Separators stay at the end of the piece they close.
 */

/** Cost of the UTF-16 unit at `index` (default 1 per unit, i.e. JavaScript `.length`). */
export type CostAt = (index: number) => number;

// A boundary only counts when the piece it closes uses at least this share of the budget; otherwise a
// paragraph break near the start would make a tiny message and leave the rest for the next one.
const MIN_FILL = 0.5;
const SENTENCE_END = /[。！？；!?;…]|\.(?=\s)/g;

/** Splits `text` so that every piece's summed cost is at most `limit`. */
export function splitText(text: string, limit: number, costAt: CostAt = () => 1): string[] {
  if (!(limit >= 2)) throw new Error(`The split limit must be at least 2 (one surrogate pair), not ${limit}.`);
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    // The longest prefix from `start` within budget.
    let end = start;
    let used = 0;
    while (end < text.length) {
      const c = costAt(end);
      if (used + c > limit) break;
      used += c;
      end++;
    }
    if (end === start) end = start + (isHighSurrogate(text.charCodeAt(start)) && isLowSurrogate(text.charCodeAt(start + 1)) ? 2 : 1); // one unit over budget: still progress
    if (end >= text.length) {
      pieces.push(text.slice(start));
      break;
    }
    const cut = bestCut(text, start, end, limit, costAt);
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  return pieces;
}

/** Where to end the piece starting at `start`, given that `end` is as far as the budget reaches. */
function bestCut(text: string, start: number, end: number, limit: number, costAt: CostAt): number {
  const window = text.slice(start, end);
  const minCost = limit * MIN_FILL;
  const costUpTo = (cut: number) => {
    let c = 0;
    for (let i = start; i < cut; i++) c += costAt(i);
    return c;
  };
  const acceptable = (cut: number) => cut > start && costUpTo(cut) >= minCost;

  const candidates: ((w: string) => number)[] = [
    (w) => lastEnd(w, /\n[ \t]*\n/g),
    (w) => lastEnd(w, /\n/g),
    (w) => lastEnd(w, SENTENCE_END, /\s*/y),
    (w) => lastEnd(w, /[ \t]+/g),
  ];
  for (const find of candidates) {
    const at = find(window);
    if (at > 0 && acceptable(start + at)) return start + at;
  }
  // Anywhere: step back from a cut between the two halves of a surrogate pair.
  let cut = end;
  if (isLowSurrogate(text.charCodeAt(cut)) && isHighSurrogate(text.charCodeAt(cut - 1)) && cut - 1 > start) cut--;
  return cut;
}

/** Index just after the last match of `re` in `w` (and any `trailing` run after it), or -1. */
function lastEnd(w: string, re: RegExp, trailing?: RegExp): number {
  let at = -1;
  for (const m of w.matchAll(re)) at = m.index + m[0].length;
  if (at > 0 && trailing) {
    trailing.lastIndex = at;
    const t = trailing.exec(w);
    if (t) at += t[0].length;
  }
  return at;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
