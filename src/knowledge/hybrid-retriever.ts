import { normalizeForIndex, type Lang } from "../text/normalize.ts";
import type { Bm25Index } from "./bm25.ts";
import { Bridge } from "./bridge.ts";
import { analyzeQuery, type QueryAnalysis } from "./query.ts";
import type { Chunk, DocMeta, Hit, Topic } from "./document.ts";
import type { Embedder } from "./embedders/embedder.ts";
import { specificity } from "./general-idf.ts";
import { PlaceScopes } from "./place-scope.ts";
import type { RegionMatcher } from "./regions.ts";
import { CONCEPT_PREFIX, type ContentWord, type Tokenizer, withoutLeadingGrammar } from "./tokenize.ts";
import type { HnswVectorStore } from "./vector-store.ts";

export interface RetrieveOptions {
  /** Number of chunks to return. Default 5. */
  k?: number;
  /** Only chunks of these topics. */
  topic?: Topic | Topic[];
  /** Date (YYYY-MM-DD) on which policies must be in force. Default: today. */
  date?: string;
  /** Also return expired, not-yet-effective and superseded policies (marked as such). Default false. */
  includeInactive?: boolean;
  /** The talent's own district (from their profile): its policies rank first when the question names none. */
  region?: string;
  /** Language the answer will be in; a policy in that language wins a tie with its translation. Default: the query's. */
  lang?: Lang;
  /**
   * Score every passage of these policies (a document and its translations share a policy id) instead of
   * searching the whole index: what an answerer needs to find the passage that holds the answer once the
   * policy is known. `k` defaults to all of them.
   */
  policies?: string[];
}

export interface HybridWeights {
  /** Weight of the lexical score (BM25 over the tokens a chunk's language can match, normalised). */
  bm25: number;
  /** Weight of the (max-normalised) cosine similarity. */
  vector: number;
  /**
   * How hard a chunk is penalised for being in a language that can see only part of the question (its
   * concepts and numbers): the lexical score is multiplied by visibility^exponent. 0 = not at all.
   */
  visibilityExponent: number;
  /** Share of the mean of a document's second- and third-best passages added to each of its passages. */
  docSupport: number;
  /** Factor for a district's policy when the question names that district. */
  regionBoost: number;
  /** Candidates taken from each retriever before fusion. Default 60. */
  candidates: number;
}

export const DEFAULT_WEIGHTS: HybridWeights = { bm25: 0.5, vector: 0.5, visibilityExponent: 0, docSupport: 0.5, regionBoost: 1.25, candidates: 60 };

/** Why a policy would not be answered from on a date, or undefined if it is in force. */
export function inactiveReason(doc: DocMeta, date: string, supersededBy: ReadonlyMap<string, DocMeta>): string | undefined {
  if (doc.effective && doc.effective > date) return `not effective until ${doc.effective}`;
  if (doc.expires && doc.expires < date) return `expired on ${doc.expires}`;
  const newer = supersededBy.get(doc.id);
  if (newer && (!newer.effective || newer.effective <= date)) return `superseded by ${newer.id}`;
  return undefined;
}

export interface IndexedChunk {
  chunk: Chunk;
  tokens: string[];
  doc: DocMeta;
}

export interface HybridRetrieverDeps {
  chunks: IndexedChunk[];
  bm25: Bm25Index;
  vectors: HnswVectorStore;
  embedder: Embedder;
  tokenizer: Tokenizer;
  /** Translations of words into the corpus's other language. Default: none. */
  bridge?: Bridge;
  regions: RegionMatcher;
  /** Where each policy applies: a question about one city or district is not answered from another's. */
  scopes?: PlaceScopes;
  weights?: Partial<HybridWeights>;
}

/** Weight of a query word's dictionary translation next to the word itself (see `HybridRetriever.readingsOf`). */
const TRANSLATED_WEIGHT = 0.5;
/** An English word with more translations than this in the corpus is not translated (see `readingsOf`). */
const MAX_READINGS = 3;

/**
 * Default answerability below which the desk says the policies do not cover a question (`ANSWER_THRESHOLD`).
 * Chosen on `kb eval --answers eval/questions.jsonl` as the threshold that maximises answers with their facts
 * plus unanswerable questions refused; re-measure it for another corpus.
 */
export const DEFAULT_ANSWER_THRESHOLD = 0.13;

/**
 * Confidence that the best hit answers the question: what `kb eval` calibrates the "not covered" threshold
 * on. Vector similarity of the best passage, discounted by the share of the question made of words that no
 * policy contains at all (a question about pets or parking fees in a corpus that never mentions them).
 */
export function answerability(hit: Hit | undefined): number {
  if (!hit) return 0;
  return Math.max(0, hit.scores.vector) * (1 - hit.scores.unknown);
}

/**
 * Hybrid retrieval: BM25 over segmented tokens and lexicon concepts, fused with vector similarity from
 * hnswlib, filtered by topic and validity date, and adjusted for the region a question names.
 */
export class HybridRetriever {
  private readonly d: HybridRetrieverDeps;
  private readonly w: HybridWeights;
  private readonly indexById = new Map<string, number>();
  private readonly supersededBy = new Map<string, DocMeta>();
  /** Each document's title, normalised: a place named in a question is looked for there. */
  private readonly titles = new Map<string, string>();
  /** Language family of each chunk: 0 Chinese, 1 English. */
  private readonly fam: Uint8Array;
  /** Unit vectors of all chunks, row-major, for exact similarity of candidates found by BM25. */
  private readonly matrix: Float32Array;
  private readonly dims: number;
  private readonly masks = new Map<string, Uint8Array>();
  private readonly familyDf = new Map<string, [number, number]>();
  /** The Chinese readings of an English word stem or phrase in this corpus (see `formsOf`), once worked out. */
  private readonly chinese = new Map<string, string[][]>();
  /** Every Chinese character of the corpus's tokens. */
  private readonly chars = new Set<string>();
  /** How many passages contain each Chinese character. */
  private readonly charDf = new Map<string, number>();
  /** Translations of the question's words into the corpus's other language, for the answerer too. */
  readonly bridge: Bridge;
  /** Where each policy applies (see `PlaceScopes`). */
  readonly scopes: PlaceScopes;

  constructor(deps: HybridRetrieverDeps) {
    this.d = deps;
    this.scopes = deps.scopes ?? PlaceScopes.empty();
    this.bridge = deps.bridge ?? Bridge.empty();
    this.w = { ...DEFAULT_WEIGHTS, ...deps.weights };
    deps.chunks.forEach((c, i) => this.indexById.set(c.chunk.id, i));
    const docs = new Map(deps.chunks.map((c) => [c.doc.id, c.doc]));
    for (const doc of docs.values()) if (doc.supersedes) this.supersededBy.set(doc.supersedes, doc);
    for (const doc of docs.values()) this.titles.set(doc.id, normalizeForIndex(doc.title));
    for (const t of deps.bm25.terms()) if (CJK.test(t)) for (const ch of t) this.chars.add(ch);
    for (const c of deps.chunks) {
      const seen = new Set<string>();
      for (const t of c.tokens) if (CJK.test(t)) for (const ch of t) seen.add(ch);
      for (const ch of seen) this.charDf.set(ch, (this.charDf.get(ch) ?? 0) + 1);
    }
    this.fam = Uint8Array.from(deps.chunks, (c) => (family(c.doc.lang) === "en" ? 1 : 0));
    const first = deps.chunks[0] && deps.vectors.getVector(deps.chunks[0].chunk.id);
    this.dims = first?.length ?? 0;
    this.matrix = new Float32Array(this.dims * deps.chunks.length);
    deps.chunks.forEach((c, i) => {
      const v = deps.vectors.getVector(c.chunk.id);
      if (!v) return;
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < this.dims; j++) this.matrix[i * this.dims + j] = v[j]! / norm;
    });
  }

  /** Chunks that pass the topic and validity filters (cached per filter: a handful of combinations are used). */
  private mask(date: string, topics: Set<string> | undefined, includeInactive: boolean): Uint8Array {
    const key = `${date}|${topics ? [...topics].sort().join(",") : "*"}|${includeInactive}`;
    let m = this.masks.get(key);
    if (m) return m;
    const active = new Map<string, boolean>();
    m = Uint8Array.from(this.d.chunks, ({ doc }) => {
      if (topics && !topics.has(doc.topic)) return 0;
      if (includeInactive) return 1;
      let ok = active.get(doc.id);
      if (ok === undefined) active.set(doc.id, (ok = !this.inactiveReason(doc, date)));
      return ok ? 1 : 0;
    });
    if (this.masks.size > 32) this.masks.clear();
    this.masks.set(key, m);
    return m;
  }

  /** How many Chinese and English chunks contain `term`. */
  private dfByFamily(term: string): [number, number] {
    let r = this.familyDf.get(term);
    if (!r) {
      r = [0, 0];
      this.d.bm25.forEachDoc(term, (i) => r![this.fam[i]!]!++);
      this.familyDf.set(term, r);
    }
    return r;
  }

  private similarity(q: number[], i: number): number {
    let s = 0;
    let nq = 0;
    const off = i * this.dims;
    for (let j = 0; j < this.dims; j++) {
      s += q[j]! * this.matrix[off + j]!;
      nq += q[j]! * q[j]!;
    }
    return nq ? s / Math.sqrt(nq) : 0;
  }

  /**
   * Share of the question's content (IDF-weighted words, see `Tokenizer.contentWords`) that no passage
   * contains: a Chinese word counts as present when every bigram inside it is (a one-character word when the
   * character occurs anywhere) or when its lexicon concept is.
   */
  private unknownShare(words: ContentWord[]): number {
    const bm25 = this.d.bm25;
    const tokenizer = this.d.tokenizer;
    let all = 0;
    let missing = 0;
    for (const { surface, tokens: word } of words) {
      const chinese = CJK.test(surface);
      // A word the lexicon knows ("钥匙" → ~keys_locks, "wife" → ~spouse) is present when its concept is: an English
      // word of a concept the Chinese-only corpus has counted as unknown, and English questions were refused.
      // So is one the segmenter glued to the grammar before it ("要交", "几张表") when
      // the rest of it is.
      const rest = chinese ? withoutLeadingGrammar(surface) : surface;
      const known = () => tokenizer.tokenize(surface).some((t) => t.startsWith(CONCEPT_PREFIX) && bm25.df(t) > 0);
      const present =
        (chinese
          ? this.inCorpus(word) || known() || (rest !== surface && this.inCorpus(rest.length === 1 ? [rest] : bigramsOf(rest)))
          : bm25.df(word[0]!) > 0 || known()) || this.translatable(surface, chinese);
      // A word weighs what its rarest token does; one no passage contains weighs the most.
      const w = !present && chinese ? this.unseenWeight(surface) : Math.max(...word.map((t) => bm25.weight([t])));
      all += w;
      if (!present) missing += w;
    }
    return all ? missing / all : 1;
  }

  /**
   * What a Chinese word no passage contains says about the question, estimated from its characters: 宠物 (pets)
   * or 驾照 (a driving licence) are made of characters the policies never use, the subject of another matter;
   * 一起 (together), 最低 (lowest) or 迁过来 (move over) of characters every policy uses, a way of putting it.
   * The weight of its rarest character, as IDF over passages, times its specificity in general Chinese (see
   * `specificity`): 最低 and 怕 have characters a small corpus rarely uses too.
   */
  private unseenWeight(word: string): number {
    const n = this.d.chunks.length;
    let w = 0;
    for (const ch of word) {
      const df = this.charDf.get(ch) ?? 0;
      w = Math.max(w, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    // …discounted when the word is common in general Chinese: the corpus's characters cannot tell 最低 from 宠物.
    return w * specificity(word);
  }

  /** True when the corpus has every token of a Chinese word: its bigrams, or its character when it has one. */
  private inCorpus(tokens: string[]): boolean {
    return tokens.every((t) => (t.length === 1 ? this.chars.has(t) : this.d.bm25.df(t) > 0));
  }

  /**
   * True when a word the corpus lacks has a translation it contains: "租约" where only the English version says
   * "lease", "lease" where only the Chinese one says "租约". The bridge keeps only translations whose words the
   * corpus contains, so any translation means the subject is there. A Chinese word must be a dictionary word
   * itself: the pieces of an unknown compound do not vouch for it.
   */
  private translatable(surface: string, chinese: boolean): boolean {
    return chinese ? this.bridge.words(surface)[0] === surface : this.bridge.chinese(surface).length > 0 || this.bridge.isPlace(surface);
  }

  /**
   * The English words of a query read in Chinese, for the Chinese passages: for each word, the corpus's
   * translations, each as its index tokens, most frequent first. A word with more than `MAX_READINGS`
   * translations in the corpus ("make", "do") is left out: it says nothing in particular. Only this direction
   * helps: turning a Chinese question's words into English made ranking worse (a Chinese word's glosses are
   * broad: 人才 is also "looks"). Translating runs of two or three words together where the dictionary has a
   * gloss for them ("master degree" → 硕士) was tried and cost answers on two corpora (it drops the words' own
   * readings, and glosses such as "residence permit" → 户口 mislead).
   */
  private readingsOf(words: ContentWord[]): string[][][] {
    const out: string[][][] = [];
    for (const w of words) {
      if (CJK.test(w.surface)) continue;
      for (const t of w.tokens) {
        if (t.startsWith(CONCEPT_PREFIX) || /^\d/.test(t)) continue;
        const forms = this.formsOf(t);
        if (forms.length) out.push(forms);
      }
    }
    return out;
  }

  /** The corpus's translations of an English stem, as index tokens, most frequent first. */
  private formsOf(key: string): string[][] {
    let forms = this.chinese.get(key);
    if (forms === undefined) {
      const found = this.bridge
        .chinese(key)
        .map((zh) => [...new Set(this.d.tokenizer.tokenize(zh).filter((x) => CJK.test(x) && this.d.bm25.df(x) > 0))])
        .filter((p) => p.length > 0);
      const unique = [...new Map(found.map((p) => [p.join(" "), p])).values()];
      const df = (p: string[]) => Math.min(...p.map((x) => this.d.bm25.df(x)));
      // Bounded: a long-running desk sees an open-ended vocabulary.
      if (this.chinese.size > 20_000) this.chinese.clear();
      this.chinese.set(key, (forms = unique.length <= MAX_READINGS ? unique.sort((a, b) => df(b) - df(a)) : []));
    }
    return forms;
  }

  /** Chinese index tokens of place names (from `Bridge.placesIn`) that some passage contains. */
  private placeTokens(names: readonly string[]): string[] {
    return [...new Set(names.flatMap((zh) => this.d.tokenizer.tokenize(zh).filter((t) => CJK.test(t) && this.d.bm25.df(t) > 0)))];
  }

  /** Inverse document frequency of an index token over all passages. */
  idf(token: string): number {
    return this.d.bm25.idf(token);
  }

  /** Why `doc` is not answered from on `date` (expired, superseded, not yet effective), or undefined. */
  inactiveReason(doc: DocMeta, date = today()): string | undefined {
    return inactiveReason(doc, date, this.supersededBy);
  }

  /** The best chunks for `query`, best first, each with its score parts. */
  /** The question analysed for retrieval with this index's tokenizer and bridge (see `QueryAnalysis`). */
  analyze(text: string): QueryAnalysis {
    return analyzeQuery(text, this.d.tokenizer, this.bridge, this.d.regions, this.scopes);
  }

  async retrieve(input: string | QueryAnalysis, options: RetrieveOptions = {}): Promise<Hit[]> {
    const q = typeof input === "string" ? this.analyze(input) : input;
    const query = q.text;
    const within = options.policies ? new Set(options.policies) : undefined;
    const k = options.k ?? (within ? Infinity : 5);
    const date = options.date ?? today();
    const topics = options.topic ? new Set<string>(Array.isArray(options.topic) ? options.topic : [options.topic]) : undefined;
    const mask = this.mask(date, topics, !!options.includeInactive);

    const qTokens = q.tokens;
    const qVec = await this.d.embedder.embedQuery(query);
    const n = this.w.candidates;
    const w = this.w;
    const bm25 = this.d.bm25;

    // A document can only match the query tokens its language can contain: a Chinese chunk never contains
    // "subsidy", only its concept ~subsidy. Scoring each chunk against the tokens visible to its language,
    // normalised by the best score those tokens allow, makes a Chinese policy and an English one comparable
    // for the same question; `visibility` says how much of the question a language can see at all.
    // Tokens no chunk of a language contains (colloquial words, typos) say nothing about which of those chunks
    // is better, so they are left out of that language's view and of its visibility.
    const famOf = (i: number): Family => (this.fam[i] ? "en" : "zh");
    const known = qTokens.filter((t) => bm25.df(t) > 0);
    const knownWeight = bm25.weight(known);
    const words = q.words;
    const unknown = this.unknownShare(words);
    // An English question's words in Chinese, for the Chinese passages: they add evidence without raising the
    // best score those passages are measured against (a question is not harder to match for being translated).
    const readings = this.readingsOf(words);
    // Place names spelt in Latin letters ("Nanjing", "Pudong") are the Chinese name itself, not one reading of a
    // word: they count in full.
    const placeNames = q.places;
    const places = this.placeTokens(placeNames);
    const view = (f: Family) => {
      const own = qTokens.filter((t) => tokenFamily(t) !== other(f) && this.dfByFamily(t)[f === "en" ? 1 : 0] > 0);
      const visible = (t: string) => this.dfByFamily(t)[0] > 0 && !own.includes(t);
      const placed = f === "zh" ? places.filter(visible) : [];
      // Each word's readings that the Chinese passages can contain; a word counts once, by its best reading.
      const extra =
        f === "zh"
          ? readings.map((forms) => forms.map((form) => form.filter((t) => visible(t) && !placed.includes(t))).filter((form) => form.length)).filter((forms) => forms.length)
          : [];
      const best = extra.flatMap((forms) => forms[0]!);
      const tokens = [...own, ...placed, ...new Set(extra.flat(2))];
      const max = bm25.maxScore(own.length ? own : [...placed, ...best]);
      const visibility = knownWeight ? bm25.weight(own) / knownWeight : 0;
      return { tokens, own, placed, extra, best, max, factor: Math.pow(visibility, w.visibilityExponent), visibility };
    };
    const views = { zh: view("zh"), en: view("en") };

    const lang = options.lang ?? q.lang;

    type Cand = { bm25: number; lexical: number; coverage: number; vector: number };
    const cand = new Map<number, Cand>();
    // Another city's or district's policy is no answer to a question about this one (see `PlaceScopes`).
    const elsewhere = new Map<string, boolean>();
    const away = (i: number): boolean => {
      if (!q.scoped.length) return false;
      const id = this.d.chunks[i]!.doc.id;
      let x = elsewhere.get(id);
      if (x === undefined) elsewhere.set(id, (x = this.scopes.excludes(id, q.scoped)));
      return x;
    };
    const add = (i: number, vector = NaN): void => {
      if (away(i)) return;
      const v = views[famOf(i)];
      const m = bm25.scoreOne(v.own.length ? v.own : [...v.placed, ...v.best], i);
      // A translated word counts half: it is one reading of the talent's word, not the word itself; and once,
      // however many translations it has.
      // The structured query: a word's readings share its weight, each counting as much as the corpus uses it next
      // to the most used one (a rare sense of the word is a weak reading of it), and the best of them counts.
      const dfOf = (form: string[]) => Math.min(...form.map((x) => bm25.df(x)));
      const readingScore = () =>
        v.extra.reduce((acc, forms) => {
          const top = dfOf(forms[0]!) || 1;
          return acc + Math.max(...forms.map((f) => (dfOf(f) / top) * bm25.scoreOne(f, i).score));
        }, 0);
      const score = m.score + (v.own.length && v.placed.length ? bm25.scoreOne(v.placed, i).score : 0) + (v.extra.length && v.own.length ? TRANSLATED_WEIGHT * readingScore() : 0);
      // Translated words can take a passage past the best score of the question's own words: 1 is the top.
      cand.set(i, { bm25: score, lexical: v.max ? Math.min(1, (v.factor * score) / v.max) : 0, coverage: v.factor * m.coverage, vector });
    };
    if (within) {
      this.d.chunks.forEach((c, i) => {
        if (mask[i] === 1 && within.has(c.chunk.metadata.policyId)) add(i);
      });
    }
    for (const f of ["zh", "en"] as const) {
      if (within || !views[f].tokens.length) continue;
      const fv = f === "en" ? 1 : 0;
      for (const m of bm25.search(views[f].tokens, n, (i) => mask[i] === 1 && this.fam[i] === fv)) add(m.index);
    }
    // Filtering inside the graph search calls back into JS for every visited node; over-fetching and
    // filtering afterwards is cheaper while most chunks are in force.
    const vecHits = within ? [] : this.d.vectors.searchIds(qVec, 2 * n);
    let taken = 0;
    for (const [id, sim] of vecHits) {
      const i = this.indexById.get(id);
      if (i === undefined || mask[i] !== 1 || taken++ >= n) continue;
      const c = cand.get(i);
      if (c) c.vector = sim;
      else add(i, sim);
    }
    // An English question's vector barely meets a Chinese passage's (hashed features of different scripts); with a
    // local embedder, Chinese passages are compared with the question plus its dictionary translations and place
    // names instead, so similarity is fair across languages. A model's embeddings are multilingual already.
    const zhWords = !this.d.embedder.remote && q.lang === "en" ? [...new Set([...places, ...readings.flatMap((forms) => forms[0]!)])] : [];
    const qVecZh = zhWords.length ? await this.d.embedder.embedQuery(`${query} ${zhWords.join(" ")}`) : undefined;
    let maxLex = 0;
    let maxVec = 0;
    for (const [i, c] of cand) {
      if (Number.isNaN(c.vector)) c.vector = this.similarity(qVec, i);
      // Translations count as they do in the lexical score: a reading of the talent's words, not the words.
      if (qVecZh && this.fam[i] === 0) c.vector += TRANSLATED_WEIGHT * Math.max(0, this.similarity(qVecZh, i) - c.vector);
      maxLex = Math.max(maxLex, c.lexical);
      maxVec = Math.max(maxVec, c.vector);
    }

    const named = q.districts;
    const wanted = named.length ? new Set(named) : undefined;
    const own = !wanted ? this.d.regions.districtKey(options.region) : undefined;
    const hits: Hit[] = [];
    for (const [i, c] of cand) {
      const { chunk, doc } = this.d.chunks[i]!;
      let fused = w.bm25 * (maxLex ? c.lexical / maxLex : 0) + w.vector * (maxVec > 0 ? Math.max(0, c.vector) / maxVec : 0);
      const district = this.d.regions.districtKey(doc.region);
      if (district) {
        // A district policy applies to that district only: it wins when the question (or the talent's profile)
        // names the district, and gives way to city-wide policy otherwise.
        if (wanted) fused *= wanted.has(district) ? w.regionBoost : 0.5;
        else if (own) fused *= own === district ? 1.2 : 0.6;
        else fused *= 0.85;
      }
      if (sameLanguage(doc.lang, lang)) fused *= 1.03;
      // A place the question spells in Latin letters ("in Hangzhou") and the policy's title names is the city
      // asked about: lexical scores saturate on the subject's words, so the place alone would not tell cities apart.
      if (placeNames.length && placeNames.some((zh) => this.titles.get(doc.id)!.includes(zh))) fused *= w.regionBoost;
      hits.push({ chunk, doc, scores: { bm25: c.bm25, lexical: c.lexical, vector: c.vector, coverage: c.coverage, unknown, fused } });
    }
    // A policy with several matching passages is more likely the one asked about than one lucky passage.
    if (w.docSupport > 0) {
      const byDoc = new Map<string, number[]>();
      for (const h of hits) (byDoc.get(h.doc.id) ?? byDoc.set(h.doc.id, []).get(h.doc.id)!).push(h.scores.fused);
      // Two more passages when there are, not one: a policy that mentions the subject in passing (the rent subsidy
      // measures on what happens after a home purchase) has a second passage as good as the purchase subsidy
      // rules' second, but not a third. A short policy with only two matching passages is not held to a third.
      const support = new Map(
        [...byDoc].map(([id, xs]) => {
          const more = xs.sort((a, b) => b - a).slice(1, 3);
          return [id, more.length ? more.reduce((a, b) => a + b, 0) / more.length : 0];
        }),
      );
      for (const h of hits) h.scores.fused += w.docSupport * support.get(h.doc.id)!;
    }
    hits.sort((a, b) => b.scores.fused - a.scores.fused || a.chunk.id.localeCompare(b.chunk.id));
    return hits.slice(0, k);
  }
}

type Family = "zh" | "en";
const family = (l: Lang): Family => (l === "en" ? "en" : "zh");
const other = (f: Family): Family => (f === "en" ? "zh" : "en");
const CJK = /[\u3400-\u9fff]/;
/** Which language family can contain a token: concepts, numbers and tier markers belong to both. */
function tokenFamily(t: string): Family | "both" {
  if (t.startsWith(CONCEPT_PREFIX) || /^\d/.test(t)) return "both";
  return CJK.test(t) ? "zh" : "en";
}

const bigramsOf = (w: string) => Array.from({ length: w.length - 1 }, (_, i) => w.slice(i, i + 2));

function sameLanguage(a: Lang, b: Lang): boolean {
  return a === b || (a !== "en" && b !== "en");
}


/** Today's date as YYYY-MM-DD (UTC). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
