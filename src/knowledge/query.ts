import { detectLang, isTraditional, normalizeForIndex, type Lang } from "../text/normalize.ts";
import type { Bridge } from "./bridge.ts";
import type { PlaceScopes } from "./place-scope.ts";
import type { RegionMatcher } from "./regions.ts";
import { CONCEPT_PREFIX, type ContentWord, type Tokenizer } from "./tokenize.ts";

/**
 * What retrieval needs to know about a question, worked out once: its text, language and script, index tokens,
 * content words, lexicon concepts, and the place names it spells (the corpus's own, and major cities the corpus
 * never names). The retriever, the answerer and the engine read it; none of them tokenises the question again.
 */
export interface QueryAnalysis {
  /** The question as asked (after spelling correction). */
  text: string;
  /** Normalised for matching: simplified script, half width, lower case. */
  normalized: string;
  lang: Lang;
  /** Written in traditional characters. */
  traditional: boolean;
  /** Index tokens (words, bigrams, stems, concepts, tier markers). */
  tokens: string[];
  /** Content words, each as the tokens that stand for it (for the unknown-word share and translation). */
  words: ContentWord[];
  /** The lexicon concepts among the tokens (`~rent_subsidy`). */
  concepts: string[];
  /** The corpus's Chinese place names the question spells in Latin letters ("Nanjing" → 南京). */
  places: string[];
  /** Major cities the question asks about that the corpus never names (see `Bridge.foreignPlacesIn`). */
  foreignPlaces: string[];
  /** Keys of the corpus's districts the question names ("东湖区", "Donghu"), see `RegionMatcher.districtsIn`. */
  districts: string[];
  /** Places some policy is for that the question asks about ("Nanjing", "南山区"), see `PlaceScopes.askedIn`. */
  scoped: string[];
}

export function analyzeQuery(text: string, tokenizer: Tokenizer, bridge: Bridge, regions?: RegionMatcher, scopes?: PlaceScopes): QueryAnalysis {
  const tokens = tokenizer.tokenize(text);
  return {
    text,
    normalized: normalizeForIndex(text),
    lang: detectLang(text),
    traditional: isTraditional(text),
    tokens,
    words: tokenizer.contentWords(text),
    concepts: [...new Set(tokens.filter((t) => t.startsWith(CONCEPT_PREFIX)))],
    places: bridge.placesIn(text),
    foreignPlaces: bridge.foreignPlacesIn(text),
    districts: regions ? regions.districtsIn(text) : [],
    scoped: scopes ? scopes.askedIn(text) : [],
  };
}
