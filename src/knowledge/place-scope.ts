import { normalizeForIndex } from "../text/normalize.ts";
import { ORIGIN_ZH, type Bridge } from "./bridge.ts";

/** How large a place is: a talent asks about a city, a district of it, or a whole province. */
export type PlaceLevel = "province" | "city" | "district";

// What follows a Chinese place name says its level: 杭州市, 南山区, 浦东新区, 浙江省. Longest first.
const SUFFIXES: readonly [string, PlaceLevel][] = [
  ["高新技术产业开发区", "district"],
  ["经济技术开发区", "district"],
  ["自治区", "province"],
  ["开发区", "district"],
  ["新区", "district"],
  ["街道", "district"],
  ["省", "province"],
  ["市", "city"],
  ["区", "district"],
  ["县", "district"],
  ["镇", "district"],
];
const RANK: Record<PlaceLevel, number> = { district: 0, city: 1, province: 2 };
const SEGMENTER = new Intl.Segmenter("zh", { granularity: "word" });

const levelAfter = (text: string, at: number): PlaceLevel | undefined => SUFFIXES.find(([s]) => text.startsWith(s, at))?.[1];

/** A document as far as its place goes: what its title and front matter say. */
export interface ScopedDoc {
  id: string;
  title: string;
  region?: string;
  translationOf?: string;
}

/**
 * Where each policy applies, read from its title and `region` ("深圳市南山区人才安居实施办法" is Shenzhen's, and
 * Nanshan district's), and which of those places a question asks about. A corpus of several cities' policies
 * has near-identical measures for each: a question about Nanjing must not be answered from Hangzhou's, however
 * well the rest of its words match. A policy whose title names no place applies everywhere the corpus does.
 */
export class PlaceScopes {
  private constructor(
    /** Document id → the places it is for. */
    private readonly scopes: ReadonlyMap<string, ReadonlySet<string>>,
    /** Every place some policy is for → its level. */
    private readonly levels: ReadonlyMap<string, PlaceLevel>,
    private readonly bridge: Bridge | undefined,
    /** Place → the larger places some policy names it within (南山区 → 深圳市, from "深圳市南山区…"). */
    private readonly within: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {}

  static empty(): PlaceScopes {
    return new PlaceScopes(new Map(), new Map(), undefined);
  }

  /**
   * Scopes from each document's title and region. `names` are the corpus's Chinese place names (the bridge's
   * and the regions'); a name counts where its administrative suffix follows it (南京市, 浦东新区), which tells
   * its level, or where an English title or region spells it ("Yunzhou", "Baisha District") once its level is
   * known from a Chinese one.
   */
  static build(docs: readonly ScopedDoc[], names: Iterable<string>, bridge?: Bridge): PlaceScopes {
    // Not a place and a place within it read as one name ("海城市白沙" of the region 海城市白沙区).
    const candidates = [...new Set(names)].filter((n) => n.length >= 2 && !/^[^市省区县]{2,}[市省区县].{2,}$/.test(n));
    const votes = new Map<string, Map<PlaceLevel, number>>();
    const found = new Map<string, Set<string>>();
    const note = (doc: string, name: string) => (found.get(doc) ?? found.set(doc, new Set()).get(doc)!).add(name);
    for (const d of docs) {
      const text = normalizeForIndex(`${d.title}\n${d.region ?? ""}`);
      for (const name of candidates) {
        for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
          const level = levelAfter(text, at + name.length);
          if (!level) continue;
          const v = votes.get(name) ?? votes.set(name, new Map()).get(name)!;
          v.set(level, (v.get(level) ?? 0) + 1);
          note(d.id, name);
        }
      }
      if (bridge && /[a-z]/.test(text)) for (const zh of bridge.placesIn(text)) note(d.id, zh);
    }
    const levels = new Map<string, PlaceLevel>();
    for (const [name, v] of votes) levels.set(name, [...v].sort((a, b) => b[1] - a[1])[0]![0]);
    const scopes = new Map<string, Set<string>>();
    const within = new Map<string, Set<string>>();
    for (const d of docs) {
      const own = [...(found.get(d.id) ?? [])].filter((n) => levels.has(n));
      // One title naming a city and a district of it ("深圳市南山区…") says where the district lies.
      for (const small of own)
        for (const large of own)
          if (RANK[levels.get(large)!] > RANK[levels.get(small)!]) (within.get(small) ?? within.set(small, new Set()).get(small)!).add(large);
      // A translation is for the same places as its original, whatever its English title spells.
      const original = d.translationOf ? [...(found.get(d.translationOf) ?? [])].filter((n) => levels.has(n)) : [];
      const all = new Set([...own, ...original]);
      if (all.size) scopes.set(d.id, all);
    }
    return new PlaceScopes(scopes, levels, bridge, within);
  }

  /** The places policies are for, with their levels. */
  get places(): ReadonlyMap<string, PlaceLevel> {
    return this.levels;
  }

  /** The places `docId` is for (empty: everywhere the corpus applies). */
  scopeOf(docId: string): ReadonlySet<string> {
    return this.scopes.get(docId) ?? new Set();
  }

  /**
   * The places policies are for that `text` asks about, in Chinese (a whole word, or the name with its suffix:
   * "南京人才落户", "青島市") or in Latin letters ("in Nanjing"), not where the talent comes from ("从杭州调来").
   */
  askedIn(text: string): string[] {
    if (!this.levels.size) return [];
    const norm = normalizeForIndex(text);
    const out = new Set<string>();
    let bounds: Set<number> | undefined;
    for (const name of this.levels.keys()) {
      for (let at = norm.indexOf(name); at >= 0; at = norm.indexOf(name, at + 1)) {
        if (ORIGIN_ZH.test(norm.slice(Math.max(0, at - 2), at))) continue;
        const end = at + name.length;
        if (!bounds) {
          bounds = new Set([0]);
          let i = 0;
          for (const { segment } of SEGMENTER.segment(norm)) bounds.add((i += segment.length));
        }
        if (levelAfter(norm, end) || (bounds.has(at) && bounds.has(end))) out.add(name);
      }
    }
    for (const zh of this.bridge?.placesAskedIn(text) ?? []) if (this.levels.has(zh)) out.add(zh);
    return [...out];
  }

  /**
   * True when `docId` is another place's policy than the question's: at some level the question names a place,
   * the policy is for places of that level, and none of them is the one asked about (Hangzhou's measures for a
   * question about Nanjing, a neighbouring district's top-up for a question about this one). A city-wide policy
   * is not another district's.
   */
  excludes(docId: string, asked: readonly string[]): boolean {
    const scope = this.scopes.get(docId);
    if (!scope || !asked.length) return false;
    // A district asked about is asked about with the city it lies in: 南山区 rules out 长沙市's city-wide policy.
    asked = [...new Set([...asked, ...asked.flatMap((p) => [...(this.within.get(p) ?? [])])])];
    for (const level of ["province", "city", "district"] as const) {
      const wanted = asked.filter((p) => this.levels.get(p) === level);
      if (!wanted.length) continue;
      const own = [...scope].filter((p) => this.levels.get(p) === level);
      if (own.length && !wanted.some((p) => scope.has(p))) return true;
    }
    return false;
  }
}
