import { pinyin } from "pinyin-pro";
import { hasCjk, normalizeForIndex } from "./normalize.ts";

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
  const norm = normalizeForIndex(name).trim();
  const cityLevel = CITY_LEVEL.test(norm);
  if (hasCjk(norm)) {
    let short = norm;
    for (const s of ZH_SUFFIXES) {
      if (short.endsWith(s) && short.length - s.length >= 2) {
        short = short.slice(0, -s.length);
        break;
      }
    }
    const zhNames = [...new Set([norm, short])];
    const key = pinyin(short, { toneType: "none", type: "array" }).join("").replace(/[^a-z]/g, "");
    return { name, key, zhNames, cityLevel };
  }
  return { name, key: latinKey(norm), zhNames: [], cityLevel };
}

/**
 * Finds which of the corpus's regions a question names, in Chinese (`东湖区`, `東湖`) or in pinyin/English
 * (`Donghu`, `Dong Hu District`), so that a district's own policy wins over its near-identical neighbours'.
 */
export class RegionMatcher {
  private readonly byKey = new Map<string, RegionEntry[]>();

  constructor(regionNames: Iterable<string>) {
    for (const n of new Set(regionNames)) {
      const e = regionEntry(n);
      if (!e.key) continue;
      const list = this.byKey.get(e.key) ?? [];
      list.push(e);
      this.byKey.set(e.key, list);
    }
  }

  /** Key of a region name, or undefined when the name is unknown or city-wide. */
  districtKey(regionName: string | undefined): string | undefined {
    if (!regionName) return undefined;
    const e = regionEntry(regionName);
    return e.cityLevel || !e.key ? undefined : e.key;
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
