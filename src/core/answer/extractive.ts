import type { DocMeta, Hit, Tier } from "../../knowledge/document.ts";
import { tierIds, tierMentioned } from "../../knowledge/tiers.ts";
import { deferredTo } from "../../knowledge/references.ts";
import { regionEntry } from "../../knowledge/regions.ts";
import { CONCEPT_PREFIX, englishStems, type ContentWord, type Tokenizer } from "../../knowledge/tokenize.ts";
import { hasCjk, normalizeForIndex, type Lang } from "../../text/normalize.ts";
import { pinyin } from "pinyin-pro";
import { t, toScript } from "../i18n.ts";
import { TEXTS } from "../texts.ts";
import type { Citation } from "../messages.ts";
import { citationOf } from "./answerer.ts";
import { answerPhrases } from "./phrases.ts";
import type { Bridge } from "../../knowledge/bridge.ts";

/** One readable piece of a passage: a sentence, a list item, or a table (kept whole with its header). */
interface Unit {
  text: string;
  /** Position of the sentence that introduces this list item's list (or this FAQ answer's question), if any. */
  lead?: number;
  /** Position of the FAQ question this sentence answers, if any. */
  ask?: number;
  /** Line of the passage it is on: sentences of one paragraph share it. */
  para: number;
  table?: { header: string[]; rows: string[][] };
  hit: Hit;
  rank: number;
  position: number;
  score: number;
}

export interface ExtractiveOptions {
  question: string;
  /** Retrieved passages, best first: they decide which policy answers. */
  hits: Hit[];
  /**
   * Every passage of the best-ranked policies (all language versions), scored for the question. The answer may
   * quote any of them: the passage that holds the answer is often not among the best-ranked hits. Default: `hits`.
   */
  passages?: Hit[];
  lang: Lang;
  tier?: Tier | "none" | undefined;
  tokenizer: Tokenizer;
  /** IDF of an index token: rare words weigh more when matching sentences to the question. */
  idf: (token: string) => number;
  /** Answer length budget in approximate characters (a Chinese character counts double). Default `ANSWER_BUDGET`. */
  budget?: number;
  /** Translates the question's words for passages in the other language; without it they match on concepts and numbers only. */
  bridge?: Bridge;
  /** The question's tokens and asked-for facets as the engine analysed them; worked out here when absent. */
  analysis?: { tokens: readonly string[]; facets: readonly Facet[]; words: readonly ContentWord[] };
}

export interface ExtractiveAnswer {
  /** Selected passages in reading order, in the reply's script. */
  text: string;
  citations: Citation[];
  /** How well the best sentence matches the question (0–1). */
  support: number;
  /** True when the quoted policy is in the other language (the text says so before its passage). */
  crossLanguage: boolean;
  /** True when the answer leads with the row of the talent's own tier. */
  personalised: boolean;
  /** Languages of the cited documents. */
  sourceLangs: Lang[];
}

/**
 * Default answer length in approximate characters, a Chinese character counting double: about 450 Chinese
 * characters or 150 English words, a phone screen or a little more. At 800, facts in `kb eval --answers` are
 * 145 of 170 instead of 150 (holdout 51 of 58 instead of 53), for answers 6 % shorter on average.
 */
export const ANSWER_BUDGET = 900;

/** The kind of fact a question asks for: a facet of `config/domain/answers.yaml` ("amount", "date", "documents"…). */
export type Facet = string;

/** True when a "when" question meets a passage that gives no date but a time relative to an event. */
function relativeWhen(facets: Facet[], held: Facet[], text: string): boolean {
  const byId = answerPhrases().byId;
  const n = normalizeForIndex(text).replace(/\*\*/g, "");
  return facets.some((f) => !held.includes(f) && !!byId.get(f)?.relative?.test(n));
}

/** The kinds of fact a question asks for (an amount, a date or duration, a phone number, a place, documents, what follows from a lapse). */
export function questionFacets(question: string): Facet[] {
  const n = normalizeForIndex(question);
  return answerPhrases()
    .facets.filter((f) => f.asks.test(n))
    .map((f) => f.id);
}

// A table cell holding a bare number (its unit in the header: see a facet's `table_header`).
const NUMBER_CELL = /\|\s*[\d,.]+\s*\|/;

// "Which insurers qualify…", "哪些国际学校…": the thing asked for, named right after the interrogative. A section
// whose heading names it ("Article 5 Eligible Insurers", "Article 4 Eligible International Schools") is where a
// policy lists them, however many of the question's other words a neighbouring article repeats. 哪天 and 哪里 ask
// for a date or a place, which the facets above cover.
const WHICH_EN = /\b(?:which|what (?:kinds?|types?|sorts?) of)\s+([a-z][a-z' -]*)/;
const WHICH_ZH = /哪(?:些|个|家|所|位|种|类|几[个家所位种类]|一[个家所位种类])([\u3400-\u9fff]+)/;
const asks = new Intl.Segmenter("zh", { granularity: "word" });

/** The words naming what a "which …" question asks for ("insurers", "国际学校"), or "" when it asks for none. */
export function askedFor(question: string): string {
  const n = normalizeForIndex(question);
  const en = WHICH_EN.exec(n);
  if (en) {
    // The noun phrase ends at a stop word ("which hospital should…") or after a plural ("which insurers qualify").
    const words: string[] = [];
    for (const w of en[1]!.split(/[\s-]+/)) {
      if (!englishStems(w).length || words.length === 3) break;
      words.push(w);
      if (/[^s]s$/.test(w)) break;
    }
    return words.join(" ");
  }
  const zh = WHICH_ZH.exec(n);
  if (!zh) return "";
  const words: string[] = [];
  for (const s of asks.segment(zh[1]!)) {
    if (s.segment.length < 2 || /可以|能够|需要|应该|才能/.test(s.segment) || words.length === 2) break;
    words.push(s.segment);
  }
  return words.join("");
}

/**
 * The asked-for kinds of fact a passage (or, with `unit`, one of its sentences or list items) holds. A facet held
 * by the things it names (documents) needs two of them in a passage (a list), one in a sentence.
 */
function heldFacets(facets: readonly Facet[], text: string, unit = false): Facet[] {
  if (!facets.length) return [];
  const n = normalizeForIndex(text);
  const byId = answerPhrases().byId;
  return facets.filter((id) => {
    const f = byId.get(id);
    if (!f) return false;
    if (f.items) return (n.match(f.items)?.length ?? 0) >= (unit ? 1 : 2);
    return !!f.holds?.test(n) || (!!f.tableHeader?.test(n) && NUMBER_CELL.test(n));
  });
}

/** True when `text` states a figure in digits: an amount, a time limit, a date, a phone number, a count. */
const statesFigure = (text: string) => /\d/.test(text) && heldFacets(answerPhrases().figures, text, true).length > 0;

const ATTRIBUTE = /^[^：:，,。.]{2,12}[：:]\s*\S/;
/**
 * The name of what a passage describes, when it is a list of attributes ("地址：…", "特色服務：…", "Hours: …")
 * under a heading that names it ("五、東湖區人民醫院", "3. Donghu Talent Station"): the last heading, without its
 * number. Or the question a FAQ answer answers, when it is the heading ("问7：多长时间能办好？").
 */
function subjectOf(h: Hit): string | undefined {
  const heading = headingPath(h).at(-1);
  // A FAQ answer ("答：可以。") whose question is its section heading says nothing without it.
  if (heading && FAQ_QUESTION.test(heading)) return heading;
  const lines = h.chunk.text.split("\n").map((l) => l.trim().replace(/^[-*]\s+/, "").replace(/\*\*/g, "")).filter(Boolean);
  if (lines.length < 3 || lines.filter((l) => ATTRIBUTE.test(l)).length < 0.6 * lines.length) return undefined;
  return heading?.replace(/^([一二三四五六七八九十]+、|\d+(\.\d+)*\.?\s+)/, "").trim() || undefined;
}

/** A passage's headings below the policy title, outermost first. */
const headingPath = (h: Hit) => h.chunk.metadata.section.split(" › ").slice(1);
/** A passage's headings below the policy title ("第五章　租赁管理与退出", "Article 6 Required Documents"). */
const headingOf = (h: Hit) => headingPath(h).join(" ");

const family = (l: Lang) => (l === "en" ? "en" : "zh");
const CJK = /[\u3400-\u9fff]/g;
/** Approximate width on a phone screen: a Chinese character counts double. */
export const answerCost = (x: string) => x.length + (x.match(CJK)?.length ?? 0);

const OPEN = "（(「『“《【[";
const CLOSE = "）)」』”》】]";
// The number of a list item ("2. Passport…", "b. a lease"): its full stop does not end a sentence.
const LIST_NUMBER = /^\s*(\d{1,2}|[a-z]|[ivx]{1,4})\.$/i;
// Words after which a full stop does not end an English sentence ("tel. 0760-…", "No. 5", "e.g. a lease").
const ABBREVIATION = /\b(tel|no|nos|art|arts|e\.g|i\.e|etc|approx|incl|st|rd|ave|mr|mrs|ms|dr|prof|vs|fig|para|ch)\.$/i;

/**
 * Sentences of one line: Chinese ones end in 。！？ (and clauses in ；), English ones in . ! ? before a capital or
 * digit; never inside brackets, so "（…；…）" and "(e.g. …)" stay whole, and never after an abbreviation.
 */
function sentencesOf(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    let end = -1;
    if ("。！？；".includes(c)) end = i + 1;
    else if (
      ".!?".includes(c) &&
      /^\s+[A-Z0-9(“"]/.test(line.slice(i + 1)) &&
      !(c === "." && (ABBREVIATION.test(line.slice(Math.max(0, i - 6), i + 1)) || LIST_NUMBER.test(line.slice(start, i + 1))))
    )
      end = i + 1;
    if (end > 0) {
      const s = line.slice(start, end).trim();
      if (s) out.push(s);
      start = end;
    }
  }
  const rest = line.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

type Piece = { text: string; table?: { header: string[]; rows: string[][] }; lead?: number; para: number; ask?: number };

// The question line of a FAQ ("问3：E类人才的租房补贴是多少？", "Q2: Can I…?"): the lines after it, up to the next one,
// answer it.
const FAQ_QUESTION = /^(问|問|q|question)\s*\d{0,3}\s*[：:.、]/i;
// Or a line that asks ("四、孩子由爷爷奶奶带，能不能…？") with an answer line after it ("答：…", "A: …").
const FAQ_ANSWER = /^(答|a|answer)\s*\d{0,3}\s*[：:.、]/i;
const asksQuestion = (line: string, next: string | undefined) => FAQ_QUESTION.test(line) || (/[？?]$/.test(line) && next !== undefined && FAQ_ANSWER.test(next));

// A list item: "（一）", "(2)", "3.", "一、", "- ", "* ".
const LIST_ITEM = /^([（(][一二三四五六七八九十\d]+[)）]|\d+[.、)）]\s*|[一二三四五六七八九十]+、|[-*]\s+)/;

/**
 * Splits passage text into sentences, list items and whole tables. A list item remembers the sentence that
 * introduces its list ("D类人才，具备下列条件之一：", "Appointments must be booked through:"): an item quoted
 * without it ("具有博士学位；") does not say what it is a condition of.
 */
function splitUnits(text: string): Piece[] {
  const out: Piece[] = [];
  const lines = text.split("\n");
  let intro: number | undefined;
  let ask: number | undefined;
  // The line of the first item of a list no sentence introduces (a heading does, "五、所需材料"): its items read
  // as one paragraph, quoted together and in their order.
  let run: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (/^#/.test(line)) ask = undefined;
    if (line.startsWith("|")) {
      const block: string[] = [];
      while (i < lines.length && lines[i]!.trim().startsWith("|")) block.push(lines[i++]!.trim());
      i--;
      const cells = block.filter((l) => !/^\|[\s:|-]+\|$/.test(l)).map((l) => l.replace(/^\||\|$/g, "").split("|").map((c) => c.trim()));
      if (cells.length) out.push({ text: block.join("\n"), table: { header: cells[0]!, rows: cells.slice(1) }, para: i });
      intro = undefined;
      run = undefined;
      continue;
    }
    const clean = line.replace(/^#+\s*/, "").replace(/\*\*/g, "");
    const next = lines.slice(i + 1).find((l) => l.trim())?.trim().replace(/^#+\s*/, "").replace(/\*\*/g, "");
    const question = asksQuestion(clean, next);
    const item = !question && LIST_ITEM.test(clean);
    if (question) ask = out.length;
    run = item && intro === undefined ? (run ?? i) : undefined;
    const para = run ?? i;
    for (const e of sentencesOf(clean.replace(/^[-*]\s+/, ""))) {
      const piece: Piece = item && intro !== undefined ? { text: e, lead: intro, para } : { text: e, para };
      if (!question && ask !== undefined) {
        piece.ask = ask;
        // Quoted with its question, as a list item is with its introduction: "答：不能。" alone answers nothing.
        if (piece.lead === undefined) piece.lead = ask;
      }
      out.push(piece);
    }
    if (!item) intro = /[：:]$/.test(out[out.length - 1]?.text ?? "") ? out.length - 1 : undefined;
  }
  return out;
}

/** True when `text` speaks of `tier` (the deployment's tiers file says how tiers are written). */
export { tierMentioned };

function renderTable(table: { header: string[]; rows: string[][] }, rows: string[][]): string {
  return [table.header.join(" · "), ...rows.map((r) => r.join(" · "))].join("\n");
}

const framed = new WeakMap<object, number>();
/** Share of a passage (by length) made of sentences that only frame the policy; worked out once per chunk. */
function framing(chunk: { text: string }): number {
  let share = framed.get(chunk);
  if (share === undefined) {
    const units = splitUnits(chunk.text);
    const total = units.reduce((a, u) => a + answerCost(u.text), 0) || 1;
    framed.set(chunk, (share = units.filter((u) => answerPhrases().framing.test(u.text)).reduce((a, u) => a + answerCost(u.text), 0) / total));
  }
  return share;
}

/** Share of the asked-for kinds of fact that `text` holds (0 when the question asks for none). */
function facetMatch(facets: Facet[], text: string): number {
  if (!facets.length) return 0;
  return heldFacets(facets, text, true).length / facets.length;
}

/** A word of the question as text in one language can show it, with its weight (IDF). */
interface Term {
  idf: number;
  in: (tokens: ReadonlySet<string>) => boolean;
}

/**
 * The question's words that text in one language can show: in the question's own language, its tokens; in the
 * other, its concepts and numbers, each content word as any of its dictionary translations when there is a
 * bridge (a translation is a phrase: all its words must be there), and a Chinese name as its pinyin spelling.
 * A word the lexicon links already is translated too: its concept says what the question is about, its
 * translation which passage says it ("水龙头" is ~repair like everything in the repair guide; "tap" is in one
 * row of it).
 */
function questionTerms(o: ExtractiveOptions, qTokens: string[], fam: "en" | "zh"): Term[] {
  const own = (t: string): Term => ({ idf: o.idf(t), in: (s) => s.has(t) });
  if (fam === family(o.lang)) {
    // A Chinese question's words, not the character pairs that straddle two of them: "区级租房配套" is 区级, 租房
    // and 配套; its 级租 matches only a passage that happens to put the same two words side by side, and the
    // straddling pairs of a long colloquial question ("我係E類本科，喺西山區返工…") would shrink every passage's
    // share of it.
    const inWord = new Set((o.analysis?.words ?? o.tokenizer.contentWords(o.question)).flatMap((w) => w.tokens));
    const straddles = (t: string) => t.length === 2 && hasCjk(t) && !inWord.has(t);
    return qTokens.filter((t) => t.startsWith(CONCEPT_PREFIX) || /^\d/.test(t) || ((fam === "zh") === hasCjk(t) && !straddles(t))).map(own);
  }
  const out = qTokens.filter((t) => t.startsWith(CONCEPT_PREFIX) || /^\d/.test(t)).map(own);
  // Only a token no passage contains gets the highest IDF: a translation made of such tokens can match nothing.
  const absent = o.idf("\u0000");
  const phrases = (forms: string[]) =>
    forms
      .map((f) => [...new Set(o.tokenizer.tokenize(f).filter((t) => !t.startsWith(CONCEPT_PREFIX) && (fam === "zh") === hasCjk(t)))])
      .filter((p) => p.length && p.every((t) => o.idf(t) < absent));
  const seen = new Set<string>();
  // Each dictionary word with its weight in the question's own language: a word common in the policies there
  // ("以后", "apply") says little whatever its translation, however rare that is.
  const weightOf = (zh: string) => Math.max(0, ...o.tokenizer.tokenize(zh).filter(hasCjk).map(o.idf));
  for (const w of (o.analysis?.words ?? o.tokenizer.contentWords(o.question))) {
    const groups: [number, string[]][] = [];
    if (!hasCjk(w.surface)) {
      if (o.bridge) for (const t of w.tokens) if (!/^\d/.test(t)) groups.push([o.idf(t), o.bridge.chinese(t)]);
    } else {
      if (o.bridge) for (const x of o.bridge.words(w.surface)) groups.push([weightOf(x), o.bridge.english(x)]);
      // A Chinese name is spelt in pinyin in English text: 南湾 is "Nanwan", 高新 "Gaoxin".
      for (let i = 0; i < w.surface.length; i++) {
        for (let len = 2; len <= 4 && i + len <= w.surface.length; len++) {
          const sub = w.surface.slice(i, i + len);
          const spelt = englishStems(pinyin(sub, { toneType: "none", type: "array" }).join(""))[0];
          if (spelt && o.idf(spelt) < absent) groups.push([weightOf(sub), [spelt]]);
        }
      }
    }
    for (const [source, forms] of groups) {
      const ps = phrases(forms).filter((p) => !seen.has(p.join(" ")));
      if (!ps.length) continue;
      for (const p of ps) seen.add(p.join(" "));
      out.push({ idf: Math.min(source, ...ps.map((p) => Math.max(...p.map(o.idf)))), in: (s) => ps.some((p) => p.every((t) => s.has(t))) });
    }
  }
  return out;
}

/**
 * The offline answer: the passages that best answer the question, trimmed to a phone screen by keeping their
 * best-matching sentences in reading order, verbatim (amounts, durations, documents and deadlines are never
 * altered), each passage with its citation. A table keeps its header; when the tier is known (from the
 * profile or the question itself), only the header and that tier's row are quoted.
 *
 * Retrieval decides the policy (passing over one meant for other tiers than the talent's); the passage is chosen
 * among all passages of that policy by how well it covers the question and whether it holds the kind of fact asked
 * for (an amount, a deadline, a phone number…), in the talent's language when the policy exists in it.
 */
export function extractiveAnswer(o: ExtractiveOptions, w: AnswerWeights = DEFAULT_ANSWER_WEIGHTS): ExtractiveAnswer {
  const a = analyse(o, w);
  const chosen = choosePassages(a);
  if (!chosen) return { text: "", citations: [], support: 0, crossLanguage: false, personalised: false, sourceLangs: [] };
  const units = scoreUnits(a, chosen.passages);
  const quoted = fitBudget(a, units, chosen.passages.length, chosen.first);
  return renderAnswer(a, quoted, chosen.best.hit, chosen.first);
}

/** The numbers the offline answerer is tuned with, each with its reason (chosen on eval/questions.jsonl unless said). */
export interface AnswerWeights {
  /** How much a passage holding the kind of fact asked for gains, per share of the asked facets. */
  passageFacet: number;
  /**
   * A time after an event ("within 30 days of…") counts as this much of a date or duration: a date ("5月1日至5月31日")
   * is the more direct answer to "when is the application window"; at full credit a time-limit table took its place
   * (0.2–0.5 measure the same on eval/questions.jsonl).
   */
  relativeWhen: number;
  /** A passage that mentions the talent's tier. */
  passageTier: number;
  /** Retrieval's own order, scaled to the document's passages (0–1). */
  passageFused: number;
  /** A passage whose heading names the kind of fact asked for ("申请材料", "Hotline"): as much as holding that kind of fact. */
  headingFacet: number;
  /** A passage whose heading names what a "which …" question asks for: more than a heading naming the kind of fact, as it names the very thing. */
  namedHeading: number;
  /** Taken off a passage per share of it that only frames the policy (purpose, scope, entry into force). */
  framingPenalty: number;
  /** A further passage of the policy is quoted when it scores at least this share of the best one. */
  secondPassage: number;
  /** A second policy is quoted when retrieval scores it at least this share of the first (at 0.7 a tiny corpus's school policy was quoted under a rent answer). */
  rivalPolicy: number;
  /** What a sentence gains per share of the asked facets it holds. */
  sentenceFacet: number;
  /** A table: the figures are usually there. */
  table: number;
  /**
   * A sentence stating a figure (amount, duration, date, phone, frequency): of two sentences matching a question
   * as well, the one that says "within 3 working days" answers it. Facts 136 → 139 of 170 on eval/questions.jsonl;
   * 0.4 starts to crowd out the sentence that matches.
   */
  figure: number;
  /** A sentence that mentions the talent's tier. */
  sentenceTier: number;
  /** A sentence (or FAQ answer) only about other tiers keeps this share: quoted next to the talent's line it reads as a rival figure. */
  otherTiers: number;
  /** Each sentence of the section named for what a "which …" question asks for, so that list is quoted first. */
  namedSection: number;
  /** An answer sentence gains this share of its FAQ question's match: the question says what the answer is about. */
  askedQuestion: number;
  /** A fragment (under 8 characters, not a list item) keeps this share of its score. */
  fragment: number;
  /** Sentences below this share of the best one are not quoted to fill the budget. */
  fillFloor: number;
  /** A second policy's sentences count this share when filling the budget: retrieval ranked the first policy first. */
  otherPolicyFill: number;
  /** The best sentence's paragraph is quoted whole when it takes at most this share of the budget (its consequence is often the next sentence). */
  paragraphShare: number;
}

export const DEFAULT_ANSWER_WEIGHTS: AnswerWeights = {
  passageFacet: 0.5,
  relativeWhen: 0.5,
  passageTier: 0.1,
  passageFused: 0.3,
  headingFacet: 0.5,
  namedHeading: 0.8,
  framingPenalty: 0.4,
  secondPassage: 0.5,
  rivalPolicy: 0.8,
  sentenceFacet: 0.5,
  table: 0.15,
  figure: 0.25,
  sentenceTier: 0.15,
  otherTiers: 0.5,
  namedSection: 0.2,
  askedQuestion: 0.5,
  fragment: 0.3,
  fillFloor: 0.35,
  otherPolicyFill: 0.75,
  paragraphShare: 0.5,
};

/** A passage ranked for the question, with how much its heading names what a "which …" question asks for. */
interface RankedPassage {
  hit: Hit;
  score: number;
  named: number;
}

/** Stage 1: everything the later stages read about the question, worked out once. */
interface Analysis {
  o: ExtractiveOptions;
  w: AnswerWeights;
  facets: Facet[];
  tier: Tier | undefined;
  budget: number;
  /** All passages the answer may quote: the retrieved ones and every passage of the best policies. */
  pool: Hit[];
  /** The question's words as text in one language can show them (see `questionTerms`). */
  termsIn: (fam: "en" | "zh") => Term[];
  /** What a "which …" question asks to be named, as text in one language can show it (see `askedFor`). */
  askedIn: (fam: "en" | "zh") => Term[];
  /** Share of the question's weight (as the hit's language shows it) that `text` holds. */
  overlapOf: (hit: Hit, text: string) => number;
  /** "One person, one policy": a policy whose title limits it to other tiers does not answer this talent. */
  forOtherTiers: (d: DocMeta) => boolean;
  /** How a unit reads in the answer (a table cut to its rows), worked out once per unit. */
  render: (u: Unit) => string;
}

export function analyse(o: ExtractiveOptions, w: AnswerWeights = DEFAULT_ANSWER_WEIGHTS): Analysis {
  const qTokens = [...new Set(o.analysis?.tokens ?? o.tokenizer.tokenize(o.question))];
  const tier = o.tier && o.tier !== "none" ? o.tier : undefined;
  const terms = new Map<"en" | "zh", Term[]>();
  const termsIn = (fam: "en" | "zh") => terms.get(fam) ?? (terms.set(fam, questionTerms(o, qTokens, fam)), terms.get(fam)!);
  const asked = askedFor(o.question);
  const askedTerms = new Map<"en" | "zh", Term[]>();
  const askedIn = (fam: "en" | "zh") =>
    !asked ? [] : (askedTerms.get(fam) ?? (askedTerms.set(fam, questionTerms(askedOptions(o, asked), [...new Set(o.tokenizer.tokenize(asked))], fam)), askedTerms.get(fam)!));
  const overlapOf = (hit: Hit, text: string) => {
    const visible = termsIn(family(hit.doc.lang));
    const total = visible.reduce((acc, t) => acc + t.idf, 0) || 1;
    const toks = new Set(o.tokenizer.tokenize(text));
    return visible.reduce((acc, t) => acc + (t.in(toks) ? t.idf : 0), 0) / total;
  };
  const a: Analysis = {
    o,
    w,
    facets: o.analysis ? [...o.analysis.facets] : questionFacets(o.question),
    tier,
    budget: o.budget ?? ANSWER_BUDGET,
    pool: [...new Map([...o.hits, ...(o.passages ?? [])].map((h) => [h.chunk.id, h])).values()],
    termsIn,
    askedIn,
    overlapOf,
    forOtherTiers: (d) => !!tier && tierIds().some((x) => tierMentioned(d.title, x)) && !tierMentioned(d.title, tier),
    render: () => "",
  };
  const rendered = new Map<Unit, string>();
  a.render = (u) => rendered.get(u) ?? (rendered.set(u, renderUnit(a, u)), rendered.get(u)!);
  return a;
}

/** The options for the part of the question a "which …" question asks to be named: its own words, not the analysis of the whole. */
function askedOptions(o: ExtractiveOptions, asked: string): ExtractiveOptions {
  const { analysis: _whole, ...rest } = o;
  return { ...rest, question: asked };
}

/** The version of a policy to quote: the talent's language when the policy exists in it. */
function versionOf(a: Analysis, policyId: string, preferred: Hit): string {
  if (family(preferred.doc.lang) === family(a.o.lang)) return preferred.doc.id;
  return a.pool.find((h) => h.chunk.metadata.policyId === policyId && family(h.doc.lang) === family(a.o.lang))?.doc.id ?? preferred.doc.id;
}

/**
 * Stage 2: passages of one document, best answer first: coverage of the question, whether they hold the kind of
 * fact asked for, and retrieval's score. Coverage counts a word by how rare it is in the index and how few of this
 * document's passages contain it: every passage of the rent subsidy measures says "rent subsidy", so only the
 * rest of the question ("quit my job", "how long") tells them apart.
 */
export function rankPassages(a: Analysis, docId: string): RankedPassage[] {
  const { o, w, facets, tier } = a;
  const own = a.pool.filter((h) => h.doc.id === docId);
  if (!own.length) return [];
  const fam = family(own[0]!.doc.lang);
  const tokens = own.map((h) => new Set(o.tokenizer.tokenize(`${headingOf(h)}\n${h.chunk.text}`)));
  // Words none of these passages contain (colloquial words, typos, bigrams across word boundaries) cannot tell
  // them apart; counting them would only shrink every passage's coverage next to the other signals.
  const visible = a.termsIn(fam).filter((t) => tokens.some((s) => t.in(s)));
  const n = own.length;
  const weight = new Map(visible.map((t) => [t, t.idf * (Math.log(1 + n / Math.max(1, tokens.filter((s) => t.in(s)).length)) / Math.log(1 + n))]));
  const total = [...weight.values()].reduce((x, y) => x + y, 0) || 1;
  const coverage = own.map((_, i) => visible.reduce((acc, t) => acc + (t.in(tokens[i]!) ? weight.get(t)! : 0), 0) / total);
  const headings = own.map((h) => normalizeForIndex(headingOf(h)));
  const fused = own.map((h) => h.scores.fused);
  const lo = Math.min(...fused);
  const span = Math.max(...fused) - lo || 1;
  const named = namedShares(a, own, fam);
  const facetShare = (f: (x: Facet) => boolean) => (facets.length ? facets.filter(f).length / facets.length : 0);
  return own
    .map((hit, i) => {
      const held = heldFacets(facets, hit.chunk.text);
      const score =
        coverage[i]! +
        w.passageFacet * (facets.length ? (held.length + (relativeWhen(facets, held, hit.chunk.text) ? w.relativeWhen : 0)) / facets.length : 0) +
        (tier && tierMentioned(hit.chunk.text, tier) ? w.passageTier : 0) +
        w.passageFused * ((hit.scores.fused - lo) / span) +
        w.headingFacet * facetShare((f) => !!answerPhrases().byId.get(f)?.heading?.test(headings[i]!)) -
        w.framingPenalty * framing(hit.chunk) +
        w.namedHeading * named[i]!;
      return { hit, score, named: named[i]! };
    })
    .sort((x, y) => y.score - x.score || x.hit.chunk.metadata.ordinal - y.hit.chunk.metadata.ordinal);
}

/** Each passage's heading's share of what a "which …" question asks for, as the document's language shows it. */
function namedShares(a: Analysis, own: readonly Hit[], fam: "en" | "zh"): number[] {
  const headingTokens = own.map((h) => new Set(a.o.tokenizer.tokenize(headingOf(h))));
  // Words no heading has ("qualify" in "which insurers qualify") are the rest of the question, not the thing asked for.
  const askTerms = a.askedIn(fam).filter((t) => headingTokens.some((hs) => t.in(hs)));
  const askTotal = askTerms.reduce((x, t) => x + t.idf, 0) || 1;
  return headingTokens.map((hs) => askTerms.reduce((x, t) => x + (t.in(hs) ? t.idf : 0), 0) / askTotal);
}

/**
 * Stage 3: the policies and passages to quote. The policy retrieval ranks first (of those for the talent's tier),
 * in the talent's language when it has that version, with up to two more of its passages that score at least
 * `secondPassage` of the best (answers often span sections); a second policy retrieval ranks almost as high
 * (`rivalPolicy`), which may have the order wrong; and a policy the first leaves the matter to.
 */
export function choosePassages(a: Analysis): { first: Hit; best: RankedPassage; passages: RankedPassage[] } | undefined {
  const { o, w } = a;
  const first = o.hits.find((h) => !a.forOtherTiers(h.doc)) ?? o.hits[0];
  if (!first) return undefined;
  const ranked = rankPassages(a, versionOf(a, first.chunk.metadata.policyId, first));
  const best = ranked[0];
  if (!best) return undefined;
  const passages = [best, ...ranked.slice(1, 3).filter((x) => x.score >= w.secondPassage * best.score)];
  // A district's own policy is only quoted as the second one when it is the same place as the first: the talent
  // may not live there.
  const samePlace = (h: Hit) => !h.doc.region || h.doc.region === best.hit.doc.region || regionEntry(h.doc.region).cityLevel;
  const rival = o.hits.find((h) => h.chunk.metadata.policyId !== first.chunk.metadata.policyId && samePlace(h) && !a.forOtherTiers(h.doc));
  if (rival && rival.scores.fused >= w.rivalPolicy * first.scores.fused) {
    const r = rankPassages(a, versionOf(a, rival.chunk.metadata.policyId, rival))[0];
    if (r) passages.push(r);
  }
  // A passage that leaves the matter to another policy ("申请材料按《人才子女入学材料清单及办理时限》执行") is answered
  // by that policy: its best passage comes second, when the caller retrieved it (see `deferredTo`). Without it,
  // a district's documents question quoted the district's school list and the sentence pointing at the checklist.
  const ownText = [...new Set([...passages.map((p) => p.hit), ...o.hits])].filter((h) => h.chunk.metadata.policyId === first.chunk.metadata.policyId).map((h) => h.chunk.text);
  const deferred = deferredTo(ownText.join("\n"), a.pool.map((h) => h.doc)).find((id) => !passages.some((p) => p.hit.chunk.metadata.policyId === id));
  const deferredHit = deferred === undefined ? undefined : a.pool.find((x) => x.chunk.metadata.policyId === deferred);
  const deferredBest = deferredHit && rankPassages(a, versionOf(a, deferred!, deferredHit))[0];
  if (deferredBest) passages.splice(1, 0, deferredBest);
  return { first, best, passages };
}

/** Stage 4: the sentences, list items and tables of the chosen passages, each scored for the question. */
export function scoreUnits(a: Analysis, passages: readonly RankedPassage[]): Unit[] {
  return passages.flatMap((p, rank) => splitUnits(p.hit.chunk.text).map((u, position, pieces) => ({ ...u, hit: p.hit, rank, position, score: unitScore(a, p, u, position, pieces) })));
}

function unitScore(a: Analysis, p: RankedPassage, u: Piece, position: number, pieces: readonly Piece[]): number {
  const { w, facets, tier } = a;
  let score = a.overlapOf(p.hit, u.text) + w.sentenceFacet * facetMatch(facets, u.text);
  // A FAQ question is never quoted without its answer: it comes as the lead of an answer sentence, and an
  // answer whose question matches is the better for it.
  if (FAQ_QUESTION.test(u.text) || pieces.some((x) => x.ask === position)) return 0;
  if (u.ask !== undefined) score += w.askedQuestion * a.overlapOf(p.hit, pieces[u.ask]!.text);
  if (u.table) score += w.table;
  if (statesFigure(u.text)) score += w.figure;
  if (tier && tierMentioned(u.text, tier)) score += w.sentenceTier;
  // "One person, one policy": a sentence about other tiers only (or the answer to a FAQ question about them,
  // "问3：E类人才的租房补贴是多少？") is not this talent's; quoted next to their own line it reads as a rival figure.
  if (tier) {
    const about = u.ask === undefined ? u.text : `${u.text} ${pieces[u.ask]?.text ?? ""}`;
    if (tierIds().some((x) => tierMentioned(about, x)) && !tierMentioned(about, tier)) score *= w.otherTiers;
  }
  // A sentence of the section named for what a "which …" question asks for: the list it asks for is there.
  score += w.namedSection * p.named;
  // A fragment ("注：", a lone number) says little; a short item of a list ("（一）身份证；") is as good as a long one.
  if (u.text.length < 8 && u.lead === undefined) score *= w.fragment;
  // A sentence that only frames the policy ("本细则由…负责解释，自2025年4月1日起施行") answers nothing, however many
  // of the question's words and figures it repeats: it is quoted only when its passage has no other.
  if (answerPhrases().framing.test(u.text)) score = 0;
  return score;
}

/** How a unit reads in the answer: a table cut to the talent's tier row, or to the rows that match the question. */
function renderUnit(a: Analysis, u: Unit): string {
  if (!u.table) return u.text;
  if (a.tier) {
    const rows = u.table.rows.filter((r) => tierMentioned(r[0] ?? "", a.tier!));
    if (rows.length && rows.length < u.table.rows.length) return renderTable(u.table, rows);
  }
  // A long table is cut to the rows that best match the question (the first rows when none does), each row
  // whole, kept in the table's order, within half the budget.
  const all = renderTable(u.table, u.table.rows);
  if (answerCost(all) <= a.budget / 2) return all;
  const byMatch = u.table.rows.map((r, i) => ({ r, i, m: a.overlapOf(u.hit, r.join(" ")) })).sort((x, y) => y.m - x.m || x.i - y.i);
  const keep: typeof byMatch = [];
  let cost = answerCost(u.table.header.join(" · "));
  for (const x of byMatch) {
    const c = answerCost(x.r.join(" · ")) + 1;
    if (keep.length && cost + c > a.budget / 2) break;
    keep.push(x);
    cost += c;
  }
  return renderTable(u.table, keep.sort((x, y) => x.i - y.i).map((x) => x.r));
}

/**
 * Stage 5: the units to quote within the budget. Each quoted passage contributes its best sentence first (the
 * first passage's even when it alone is over the budget); then the rest of the best sentence's paragraph when it
 * is short; then the best remaining sentences of any of them while the budget lasts. A list item comes with the
 * sentence that introduces its list, a FAQ answer with its question, or not at all.
 */
export function fitBudget(a: Analysis, units: readonly Unit[], passageCount: number, first: Hit): Unit[] {
  const { w, budget } = a;
  const chosen: Unit[] = [];
  // A unit costs what it will read as (a long table only its kept rows); each source group its "[n] " when
  // there is more than one.
  const lineCost = (u: Unit) => answerCost(a.render(u));
  let used = passageCount > 1 ? 4 * passageCount : 0;
  const order = [...units].sort((x, y) => y.score - x.score || x.rank - y.rank || x.position - y.position);
  const floor = w.fillFloor * (order[0]?.score ?? 0);
  const leadOf = (u: Unit) => (u.lead === undefined ? undefined : units.find((x) => x.rank === u.rank && x.position === u.lead));
  const costWithLead = (u: Unit) => {
    const lead = leadOf(u);
    return lineCost(u) + (lead && !chosen.includes(lead) ? lineCost(lead) : 0);
  };
  const fits = (u: Unit) => used + costWithLead(u) <= budget;
  // Neighbouring passages overlap: a sentence both contain is quoted once.
  const said = (u: Unit) => chosen.some((x) => x.text === u.text);
  const add = (x: Unit) => {
    if (said(x)) return;
    chosen.push(x);
    used += lineCost(x);
  };
  const take = (u: Unit) => {
    const lead = leadOf(u);
    for (const x of lead && !chosen.includes(lead) && used + costWithLead(u) <= budget ? [u, lead] : [u]) add(x);
    // A list's introduction ("The following persons may move their hukou with the talent:") says nothing
    // without its items: a short list comes with it.
    const items = units.filter((x) => x.rank === u.rank && x.lead === u.position && x.ask === undefined && !chosen.includes(x));
    if (items.reduce((acc, x) => acc + lineCost(x), 0) > w.paragraphShare * budget) return;
    for (const x of items) if (used + lineCost(x) <= budget) add(x);
  };
  for (let pi = 0; pi < passageCount; pi++) {
    const u = order.find((x) => x.rank === pi);
    if (u && !said(u) && (!chosen.length || fits(u))) take(u);
  }
  const head = chosen[0];
  if (head) {
    // The rest of its block: a list item's fellow items (a talent reads which of the cases is theirs: "A card
    // holders' parents…", "B card holders' spouse and children"), a FAQ answer's other lines, a sentence's paragraph.
    const block = head.lead ?? (units.some((x) => x.rank === head.rank && x.lead === head.position) ? head.position : undefined);
    const siblings = units.filter((x) => x.rank === head.rank && !x.table && (block !== undefined ? x.lead === block : x.para === head.para));
    const cost = siblings.reduce((acc, x) => acc + answerCost(x.text), 0);
    if (cost <= w.paragraphShare * budget) for (const x of siblings) if (!chosen.includes(x) && !said(x) && fits(x)) take(x);
  }
  const policyWeight = (u: Unit) => (u.hit.chunk.metadata.policyId === first.chunk.metadata.policyId ? 1 : w.otherPolicyFill);
  for (const u of [...order].sort((x, y) => policyWeight(y) * y.score - policyWeight(x) * x.score)) {
    if (chosen.includes(u) || said(u) || u.score < floor || !fits(u)) continue;
    take(u);
  }
  return chosen;
}

/**
 * Stage 6: the quoted units in reading order, one citation per section, each source group numbered when there is
 * more than one, a passage in the other language labelled, and how well the answer supports the question.
 */
export function renderAnswer(a: Analysis, chosen: Unit[], best: Hit, first: Hit): ExtractiveAnswer {
  const { o } = a;
  const key = (h: Hit) => `${h.doc.id}|${h.chunk.metadata.section}`;
  // Passages are quoted in their rank order, a section's passages together: "[1] … [2] … [1] …" would cite one
  // source twice.
  const groupRank = new Map<string, number>();
  for (const u of chosen) groupRank.set(key(u.hit), Math.min(groupRank.get(key(u.hit)) ?? Infinity, u.rank));
  // The first line answers what was asked: in the first section quoted, the best sentence's block (its FAQ
  // question and answer, its list with the introduction, or its paragraph) comes first, the rest in order.
  // Sections keep retrieval's order: a sentence's score alone is not sure enough to put another section first.
  const firstGroup = Math.min(...groupRank.values());
  const lead = leadUnit(chosen.filter((u) => groupRank.get(key(u.hit)) === firstGroup));
  const leadBlock = lead && blockOf(lead, chosen);
  const promoted = (u: Unit) => (lead && u.rank === lead.rank && blockOf(u, chosen) === leadBlock ? 0 : 1);
  chosen.sort((x, y) => groupRank.get(key(x.hit))! - groupRank.get(key(y.hit))! || promoted(x) - promoted(y) || x.rank - y.rank || x.position - y.position);
  const sources = [...new Map(chosen.map((u) => [key(u.hit), u.hit])).values()];
  const crossLanguage = family(best.doc.lang) !== family(o.lang);
  const lines: string[] = [];
  let last = "";
  let lastForeign = false;
  for (const u of chosen) {
    const k = key(u.hit);
    const foreign = family(u.hit.doc.lang) !== family(o.lang);
    let text = a.render(u);
    // A line of attributes ("特色服務：為人才父母提供家庭醫生簽約") describes what its section is named for (a
    // hospital, a station): quoted without that name it says nothing of which one. The name (a heading, a few
    // characters) is not counted against the budget.
    // So does a list item no sentence introduces: its heading says what it is a case of ("第四条 二类认定标准").
    const subject = k !== last ? (subjectOf(u.hit) ?? (u.lead === undefined && LIST_ITEM.test(u.text) ? headingPath(u.hit).at(-1) : undefined)) : undefined;
    if (subject && !u.hit.chunk.text.includes(subject)) text = `${subject}\n${text}`;
    if (!foreign) text = toScript(text, o.lang);
    if (sources.length > 1 && k !== last) text = `[${sources.findIndex((s) => key(s) === k) + 1}] ${text}`;
    // A passage in the other language says so right before it ("this policy is only published in Chinese"),
    // once for a run of such passages, the first one included.
    if (k !== last) {
      if (foreign && !lastForeign) lines.push(t(u.hit.doc.lang === "en" ? TEXTS.onlyEnglish : TEXTS.onlyChinese, o.lang));
      lastForeign = foreign;
    }
    lines.push(text);
    last = k;
  }
  const personalised = chosen.some((u) => !!u.table && !!a.tier && ((n) => n > 0 && n < u.table!.rows.length)(u.table.rows.filter((r) => tierMentioned(r[0] ?? "", a.tier!)).length));
  return { text: lines.join("\n"), citations: sources.map(citationOf), support: support(a, best, first), crossLanguage, personalised, sourceLangs: [...new Set(sources.map((s) => s.doc.lang))] };
}

/** The quoted unit that answers best (the first of equals), the one the answer should open with. */
function leadUnit(chosen: readonly Unit[]): Unit | undefined {
  let best: Unit | undefined;
  for (const u of chosen) if (!best || u.score > best.score) best = u;
  return best;
}

/**
 * The block a quoted unit reads in: a FAQ question with its answer, a list's introduction with its items, or
 * else its paragraph. Moved, a block moves whole.
 */
function blockOf(u: Unit, chosen: readonly Unit[]): string {
  if (u.ask !== undefined) return `${u.rank}:q${u.ask}`;
  if (u.lead !== undefined) return `${u.rank}:l${u.lead}`;
  if (chosen.some((x) => x.rank === u.rank && x.ask === u.position)) return `${u.rank}:q${u.position}`;
  if (chosen.some((x) => x.rank === u.rank && x.lead === u.position)) return `${u.rank}:l${u.position}`;
  return `${u.rank}:p${u.para}`;
}

/**
 * How much of the question the answer's passages cover (title, heading and text): a question the policies do not
 * address leaves its key words uncovered in every passage. The title counts: a notice's articles do not repeat
 * what it is about ("五、保费承担" of the supplementary insurance notice never says 补充医疗保险), and without it
 * answerable questions were refused on four corpora of five. Both the quoted passage and the passage retrieval
 * ranked first in the quoted document must cover it (the quoted document's own: the other language version's
 * would be measured through translation), and not a passage that only frames the policy ("These Measures take
 * effect on…"): it is short and repeats the title, so retrieval often ranks it first, and it covers no question.
 */
function support(a: Analysis, best: Hit, first: Hit): number {
  const supportOf = (x: Hit) => a.overlapOf(x, `${x.chunk.metadata.section}\n${x.chunk.text}`);
  const article = (x: Hit) => x.chunk.metadata.section.includes(" › ") && framing(x.chunk) < 0.5;
  // A policy published as one page has no articles: its own best passage, not another policy's article.
  const top = a.o.hits.find((x) => article(x) && x.doc.id === best.doc.id) ?? a.o.hits.find((x) => x.doc.id === best.doc.id && framing(x.chunk) < 0.5) ?? a.o.hits.find(article) ?? first;
  return Math.min(supportOf(best), supportOf(top));
}
