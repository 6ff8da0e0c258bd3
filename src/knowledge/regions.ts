import { pinyin } from "pinyin-pro";
import { hasCjk, normalizeForIndex } from "../text/normalize.ts";

// Administrative suffixes, longest first. What is left is the name people say ("东湖区" → "东湖").
const ZH_SUFFIXES = ["高新技术产业开发区", "经济技术开发区", "开发区", "新区", "自治县", "街道", "区", "县", "市", "镇", "乡"];
const EN_SUFFIXES = /\b(district|county|city|town|township|new area|zone|subdistrict|municipality)\b/g;
const CITY_LEVEL = /(市|city|municipality|全市|citywide|city-wide)$/i;

/** A region named by policies: its display name and the keys a question may use for it. */
export interface RegionEntry {
  name: string;
  /** Latin key (pinyin of the Chinese name, or the English name without suffix), e.g. `donghu`. */
  key: string;
  /** Chinese names to look for in a question, e.g. `东湖区`, `东湖`. */
  zhNames: string[];
  /** True for a city-wide region: naming the city narrows nothing. */
  cityLevel: boolean;
}

function latinKey(s: string): string {
  return s.toLowerCase().replace(EN_SUFFIXES, "").replace(/[^a-z]/g, "");
}

const entries = new Map<string, RegionEntry>();

/** Describes a region name from a policy's front matter (memoised: retrieval asks for every candidate). */
export function regionEntry(name: string): RegionEntry {
  let e = entries.get(name);
  if (!e) entries.set(name, (e = describeRegion(name)));
  return e;
}

function describeRegion(name: string): RegionEntry {
  let norm = normalizeForIndex(name).trim();
  const cityLevel = CITY_LEVEL.test(norm);
  if (hasCjk(norm)) {
    // A district named with its city ("海城市白沙区"): talents say the district ("白沙区", "白沙").
    const within = !cityLevel ? /^[^市省]{2,}[市省](?=[^市省]{2,}$)/.exec(norm) : null;
    const full = norm;
    if (within) norm = norm.slice(within[0].length);
    let short = norm;
    for (const s of ZH_SUFFIXES) {
      if (short.endsWith(s) && short.length - s.length >= 2) {
        short = short.slice(0, -s.length);
        break;
      }
    }
    const zhNames = [...new Set([full, norm, short])];
    const key = pinyin(short, { toneType: "none", type: "array" }).join("").replace(/[^a-z]/g, "");
    return { name, key, zhNames, cityLevel };
  }
  // "Baisha District, Haicheng": the district first, then where it lies.
  return { name, key: latinKey(cityLevel ? norm : norm.split(",")[0]!), zhNames: [], cityLevel };
}

/**
 * Finds which of the corpus's regions a question names, in Chinese (`东湖区`, `東湖`) or in pinyin/English
 * (`Donghu`, `Dong Hu District`), so that a district's own policy wins over its near-identical neighbours'.
 */
export class RegionMatcher {
  private readonly byKey = new Map<string, RegionEntry[]>();

  /** A district most of the corpus's policies are for: the corpus is that district's, and its policies are the local ones. */
  private readonly home: string | undefined;

  /** `regionNames`: each policy's region, once per policy. */
  constructor(regionNames: Iterable<string>) {
    const names = [...regionNames];
    for (const n of new Set(names)) {
      const e = regionEntry(n);
      if (!e.key) continue;
      const list = this.byKey.get(e.key) ?? [];
      list.push(e);
      this.byKey.set(e.key, list);
    }
    const count = new Map<string, number>();
    for (const n of names) {
      const e = regionEntry(n);
      if (e.key && !e.cityLevel) count.set(e.key, (count.get(e.key) ?? 0) + 1);
    }
    this.home = [...count].find(([, c]) => c > names.length / 2)?.[0];
  }

  /** Key of a region name, or undefined when the name is unknown, city-wide or the corpus's home district. */
  districtKey(regionName: string | undefined): string | undefined {
    if (!regionName) return undefined;
    const e = regionEntry(regionName);
    return e.cityLevel || !e.key || e.key === this.home ? undefined : e.key;
  }

  /** Keys of the districts (not cities) that `text` names. */
  districtsIn(text: string): string[] {
    const norm = normalizeForIndex(text);
    const latin = norm.replace(/[^a-z]+/g, " ").trim();
    const found = new Set<string>();
    for (const [key, entries] of this.byKey) {
      if (entries.every((e) => e.cityLevel)) continue;
      const zhHit = entries.some((e) => e.zhNames.some((z) => z.length >= 2 && norm.includes(z)));
      // Latin: the key as one word, or split over adjacent words ("dong hu").
      const latinHit = key.length >= 4 && new RegExp(`(^| )${key.split("").join(" ?")}( |$)`).test(latin);
      if (zhHit || latinHit) found.add(key);
    }
    return [...found];
  }
}
