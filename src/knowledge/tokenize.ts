import { stemmer } from "stemmer";
import { normalizeForIndex } from "../text/normalize.ts";
import { domainLexicon, type Concept } from "./lexicon/load.ts";
import { domainTiers } from "./tiers.ts";

/** Prefix of tokens that stand for a lexicon concept rather than a word. */
export const CONCEPT_PREFIX = "~";

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });
const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

const EN_STOPWORDS = new Set(
  ("a an the and or but if of to in on at by for with from as is are was were be been being am do does did " +
    "i me my mine we us our you your he she it its they them their this that these those there here " +
    "can could would should will shall may might must have has had having not no yes so than then too very " +
    "what which who whom whose when where why how about into over under up down out off again further " +
    "just also any all each some such only own same both more most other please hi hello thanks thank " +
    "get got know tell want need like let s t don doesn didn isn aren wasn weren i'm i've i'd").split(/\s+/),
);

/** Stop words a multi-word lexicon form keeps: the particle of a phrasal verb and a negation change its meaning. */
const FORM_WORDS = new Set(["in", "on", "out", "up", "down", "off", "back", "over", "not", "no"]);

// Function-word bigrams that carry no topic. Content bigrams are never listed here.
const ZH_STOP_BIGRAMS = new Set(
  ("我的 我们 你们 他们 她们 可以 怎么 什么 请问 一下 是不 不是 如何 哪些 这个 那个 这些 那些 还有 以及 或者 " +
    "因为 所以 如果 能否 能不 应该 现在 时候 的话 是否 有没 没有 有关 关于 一个 多少 想问 想要 请帮 帮我 " +
    "我想 我要 我家 我在 我是 你好 您好 谢谢 麻烦 一些 就是 还是 但是 而且 已经 需要 要求 进行 按照 根据 " +
    "的是 了吗 吗我 呢我 是的 的人 和我 给我 我能 我该 该怎 么办 么申 问一 下我 怎样 咋样 咋办 为啥 为何").split(/\s+/),
);

// Bigrams that contain a grammatical particle span two words and only add noise.
const ZH_PARTICLE = /[的了吗呢吧啊呀嘛么哦]/;

// One-character words that are grammar, not subject: Mandarin function words, and Cantonese function words and
// particles (after conversion to simplified script), ordinary in a Hong Kong or Guangdong question.
const ZH_FUNCTION = new Set([..."我你他她它您咱有是在和与或会能要想可就都也还又把被给让从对到为以之于而及等这那哪个些很太更最多少几不没啥谁吧刚再才请帮问"]);
const YUE_FUNCTION = new Set([..."喺咗唔嘅佢哋啲嘢乜咩冇嚟畀俾嗰咁噉啱嘞喎啩咪嘛哩"]);
const isFunctionChar = (c: string) => ZH_PARTICLE.test(c) || YUE_FUNCTION.has(c) || ZH_FUNCTION.has(c);
// "几本", "每次": a quantity word and the measure word after it.
const QUANTIFIER = new Set([..."几多每"]);
const CLASSIFIER = new Set([..."个本次张份家所位种件条天年月周回项"]);

/**
 * A Chinese word without the grammar the segmenter glued to its front: a modal or function character ("要交"
 * → "交") or a quantifier with its classifier ("几张表" → "表"). The word itself when nothing is glued or nothing would be left.
 */
export function withoutLeadingGrammar(word: string): string {
  let k = 0;
  while (k < word.length - 1 && (isFunctionChar(word[k]!) || (k > 0 && QUANTIFIER.has(word[k - 1]!) && CLASSIFIER.has(word[k]!)))) k++;
  return word.slice(k);
}

// Tiers ("C类", "tier C", a tier's name) come from the deployment's tiers file (see `tiers.ts`).
const TIER_PATTERNS: [RegExp, string][] = [
  [/(?<![a-z0-9])([ab])\s*卡/g, "card_"],
];
// Patterns on the original letter case: "an A card" is the A card, "get a card" is not.
const CASED_PATTERNS: [RegExp, string][] = [[/\b([AB])\s*[-‐]?\s*[Cc]ards?\b/g, "card_"]];

interface TrieNode {
  next: Map<string, TrieNode>;
  concepts?: string[];
}

function newNode(): TrieNode {
  return { next: new Map() };
}

function insert<K extends string>(root: TrieNode, keys: readonly K[], concept: string): void {
  if (keys.length === 0) return;
  let node = root;
  for (const k of keys) {
    let child = node.next.get(k);
    if (!child) node.next.set(k, (child = newNode()));
    node = child;
  }
  (node.concepts ??= []).includes(concept) || node.concepts.push(concept);
}

/**
 * Matches every occurrence of every surface form in a sequence of symbols (characters or words). With
 * `maxGap`, up to that many symbols may stand between two symbols of a form ("buying my first flat" matches
 * "buy flat"); each form is reported once per starting position.
 */
function scan(root: TrieNode, seq: readonly string[], out: string[], maxGap = 0): void {
  for (let i = 0; i < seq.length; i++) {
    const first = root.next.get(seq[i]!);
    if (!first) continue;
    const found = new Set<string>();
    const walk = (node: TrieNode, j: number) => {
      if (node.concepts) for (const c of node.concepts) found.add(c);
      for (let k = j + 1; k <= Math.min(seq.length - 1, j + 1 + maxGap); k++) {
        const next = node.next.get(seq[k]!);
        if (next) walk(next, k);
      }
    };
    walk(first, i);
    for (const c of found) out.push(CONCEPT_PREFIX + c);
  }
}

function englishWords(text: string): string[] {
  return text.match(/[a-z][a-z0-9'’]*|\d+(?:\.\d+)?/g)?.map((w) => w.replace(/[’]/g, "'")) ?? [];
}

/** A content word of a text and the index tokens that stand for it (see `Tokenizer.contentWords`). */
export interface ContentWord {
  surface: string;
  tokens: string[];
}

const stems = new Map<string, string>();
/** The stemmed English content words of `text` (lower case, stop words left out), as index tokens spell them. */
export function englishStems(text: string): string[] {
  // Bounded: a long-running desk stems an open-ended vocabulary.
  if (stems.size > 50_000) stems.clear();
  return englishWords(text.toLowerCase())
    .filter((w) => w.length > 1 && !EN_STOPWORDS.has(w.replace(/'s$/, "")))
    .map((w) => stems.get(w) ?? (stems.set(w, stem(w)), stems.get(w)!));
}

// Words the stemmer would merge with a different one: "doctorate" and "doctoral" become "doctor", so seeing a
// doctor read as holding a PhD (the lexicon's ~doctorate) and pulled in every policy for PhDs.
const UNMERGED: Record<string, string> = { doctorate: "doctorat", doctorates: "doctorat", doctoral: "doctorat" };

// Past forms of irregular verbs a talent writes ("I bought a flat"), read as the verb: the stemmer only knows
// regular endings, so "bought" would never meet "buy". Not "paid": the subsidy "is paid out" (disbursed), while
// "pay" is what a talent pays (a fee), and reading one as the other sent a purchase-subsidy question to the rents.
// Not "left" either (the left side).
const IRREGULAR: Record<string, string> = {
  bought: "buy", sold: "sell", lost: "lose", took: "take", taken: "take", gave: "give", given: "give",
  got: "get", gotten: "get", went: "go", gone: "go", came: "come", built: "build", spent: "spend", kept: "keep",
  brought: "bring", sent: "send", found: "find", told: "tell", made: "make", held: "hold", chose: "choose",
  chosen: "choose", broke: "break", broken: "break", wrote: "write", written: "write", began: "begin", begun: "begin",
  fell: "fall", fallen: "fall", felt: "feel", forgot: "forget", forgotten: "forget", won: "win",
};

function stem(word: string): string {
  if (/\d/.test(word)) return word;
  if (UNMERGED[word]) return UNMERGED[word]!;
  if (IRREGULAR[word]) return stem(IRREGULAR[word]!);
  const w = word.replace(/'s$/, "").replace(/'/g, "");
  return w.length <= 3 ? w : stemmer(w);
}

/**
 * Turns text into index tokens: Chinese words and character bigrams (segmented with `Intl.Segmenter`),
 * stemmed English words without stop words, tier markers (`A类`, `tier A` → `~tier_a`) and lexicon concepts
 * (`~rent_subsidy`), so the same policy is found in either language.
 */
export class Tokenizer {
  private readonly zhTrie = newNode();
  private readonly enTrie = newNode();

  private static shared: Tokenizer | undefined;

  /** The tokenizer over the deployment's lexicon (`DOMAIN_DIR/lexicon.yaml`), created once on first use and shared (it holds no user data). */
  static default(): Tokenizer {
    return (Tokenizer.shared ??= new Tokenizer());
  }

  constructor(concepts: readonly Concept[] = domainLexicon()) {
    for (const c of concepts) {
      for (const form of c.zh) insert(this.zhTrie, [...normalizeForIndex(form)], c.id);
      for (const form of c.en) {
        const words = englishWords(normalizeForIndex(form));
        // Stop words inside a form ("buy a home") are optional in text, which may say "buy my first home"; a
        // particle or a negation is not: "move out", "top up", "find out" and "not working" without it are "move",
        // "top", "find" and "work", and every job question read as a repair.
        const content = words.filter((w) => !EN_STOPWORDS.has(w) || (words.length > 1 && FORM_WORDS.has(w)));
        insert(this.enTrie, (content.length ? content : words).map(stem), c.id);
      }
    }
  }

  private last: { text: string; tokens: string[] } | undefined;

  /** Tokens of `text`, which may be raw (it is normalised here). */
  tokenize(text: string): string[] {
    // A query is tokenised by the retriever and again by the embedder: remember the last one.
    if (this.last?.text === text) return [...this.last.tokens];
    const tokens = this.tokenizeNormalized(normalizeForIndex(text));
    const cased = text.normalize("NFKC");
    for (const [re, prefix] of CASED_PATTERNS) for (const m of cased.matchAll(re)) tokens.push(CONCEPT_PREFIX + prefix + m[1]!.toLowerCase());
    this.last = { text, tokens };
    return [...tokens];
  }

  /**
   * The content words of `text`, each as the index tokens that stand for it: a Chinese word (segmented with
   * `Intl.Segmenter`) as its in-word character bigrams, or alone when it is one character; an English word,
   * number or concept as its token. Stop words and particles are left out. Whether a question's words occur in
   * the corpus at all is judged on these: the bigrams that straddle two words ("寓没" in "公寓没几天") are
   * absent from any corpus and say nothing about the question.
   */
  contentWords(text: string): ContentWord[] {
    const norm = normalizeForIndex(text);
    const out: { surface: string; tokens: string[] }[] = [];
    const bigrams = (w: string) => {
      const grams: string[] = [];
      for (let i = 0; i + 1 < w.length; i++) {
        const g = w.slice(i, i + 2);
        if (!ZH_STOP_BIGRAMS.has(g) && !ZH_PARTICLE.test(g) && ![...g].some((c) => YUE_FUNCTION.has(c))) grams.push(g);
      }
      return grams;
    };
    for (const m of norm.matchAll(CJK_RUN)) {
      // Neighbouring one-character words are read together: 买 and 车 are common characters, 买车 is a subject.
      let run = "";
      const flush = () => {
        const tokens = run.length === 1 ? [run] : bigrams(run);
        if (tokens.length) out.push({ surface: run, tokens });
        run = "";
      };
      for (const s of segmenter.segment(m[0])) {
        const w = s.segment;
        if (w.length === 1) {
          if (isFunctionChar(w)) flush();
          else run += w;
          continue;
        }
        flush();
        const grams = bigrams(w);
        if (grams.length) out.push({ surface: w, tokens: grams });
      }
      flush();
    }
    const rest = this.tokenizeNormalized(norm.replace(CJK_RUN, " ")).map((t) => ({ surface: t, tokens: [t] }));
    return [...out, ...rest];
  }

  /** Tokens of text already passed through `normalizeForIndex`. */
  tokenizeNormalized(norm: string): string[] {
    const out: string[] = [];

    // Chinese: bigrams over every run of ideographs, plus segmenter words of three or more characters
    // (shorter words are already bigrams) and lone characters that stand by themselves.
    for (const m of norm.matchAll(CJK_RUN)) {
      const run = m[0];
      if (run.length === 1) {
        out.push(run);
        continue;
      }
      for (let i = 0; i + 1 < run.length; i++) {
        const bigram = run.slice(i, i + 2);
        if (!ZH_STOP_BIGRAMS.has(bigram) && !ZH_PARTICLE.test(bigram)) out.push(bigram);
      }
    }
    if (CJK_CHAR.test(norm)) {
      for (const s of segmenter.segment(norm)) {
        if (s.isWordLike && s.segment.length >= 3 && CJK_CHAR.test(s.segment)) out.push(s.segment);
      }
    }
    scan(this.zhTrie, [...norm], out);

    // English and numbers.
    const words = englishWords(norm);
    const stems = words.map(stem);
    scan(this.enTrie, stems, out, 2);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (w.length > 1 && !EN_STOPWORDS.has(w.replace(/'s$/, ""))) out.push(stems[i]!);
    }

    for (const [re, prefix] of TIER_PATTERNS) {
      for (const m of norm.matchAll(re)) out.push(CONCEPT_PREFIX + prefix + m[1]);
    }
    for (const tier of domainTiers().mentions(norm)) out.push(`${CONCEPT_PREFIX}tier_${tier.toLowerCase()}`);
    return out;
  }
}
