import type { Tier } from "../knowledge/document.ts";
import { regionEntry } from "../knowledge/regions.ts";
import { domainTiers } from "../knowledge/tiers.ts";
import { normalizeForIndex } from "../text/normalize.ts";

/** What the desk knows about a talent: "one person, one policy". */
export interface Profile {
  /** Certified tier, or `none` when not (yet) certified. */
  tier?: Tier | "none";
  /** District of residence or work, as the corpus names it (e.g. `东湖区`). */
  district?: string;
  /** Ages of the talent's children. */
  children?: number[];
  /** Date of arrival in the city, YYYY-MM-DD. */
  arrival?: string;
  updatedAt?: string;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

function num(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  return CN_DIGITS[s];
}

/**
 * Reads profile facts from a message, in either language: `tier C` / `C类人才` / `not certified`,
 * a district among `districts` (Chinese name, short name or pinyin), children's ages (`kids aged 5 and 9`,
 * `孩子5岁和9岁`, `children=5,9`) and an arrival date (`arrived 2026-03-01`, `2026年3月到岗`).
 * Returns only what the message says; an empty object when it says nothing.
 */
export function parseProfile(text: string, districts: readonly string[] = []): Profile {
  const norm = normalizeForIndex(text);
  const p: Profile = {};

  const tier = domainTiers().stated(norm);
  if (tier) p.tier = tier;
  else if (/(not (yet )?certified|no tier|uncertified|未认定|还没认定|没有认定|尚未认定|tier\s*=\s*none)/.test(norm)) p.tier = "none";

  const latinText = norm.replace(/[^a-z]+/g, " ");
  for (const d of districts) {
    const e = regionEntry(d);
    if (e.cityLevel) continue;
    const zh = e.zhNames.some((z) => z.length >= 2 && norm.includes(z));
    // "Xishan", "xi shan district": the pinyin of the Chinese name, or the English name without its suffix.
    const latin = e.key.length >= 4 && new RegExp(`(^| )${e.key.split("").join(" ?")}( |$)`).test(latinText);
    if (zh || latin) {
      p.district = d;
      break;
    }
  }

  const kv = /children\s*=\s*([\d,\s]+)/.exec(norm);
  let ages: number[] = [];
  if (kv) ages = kv[1]!.split(/[,\s]+/).filter(Boolean).map(Number);
  else if (/(child|kid|son|daughter|孩子|子女|儿子|女儿|小孩|娃|宝宝)/.test(norm)) {
    for (const m of norm.matchAll(/(\d{1,2}|十[一二]?|[一二两三四五六七八九])\s*(?:岁|周岁|years?\s*old|yo\b|y\/o)/g)) {
      const n = num(m[1]!);
      if (n !== undefined) ages.push(n);
    }
    const aged = /\baged?\s+((?:\d{1,2}(?:\s*(?:,|and|&)\s*)?)+)/.exec(norm);
    if (!ages.length && aged) ages = aged[1]!.split(/\s*(?:,|and|&)\s*/).filter(Boolean).map(Number);
  }
  // "with a 6 year old", "my 4-year-old": a child even without the word "child".
  if (!ages.length) {
    for (const m of norm.matchAll(/(?<!\b(?:i'?m|i am|am)\s)\b(?:a|an|my|our|two|and)\s+(\d{1,2})[- ]?(?:years?|yrs?)[- ]?olds?\b/g)) ages.push(Number(m[1]));
  }
  ages = ages.filter((a) => Number.isInteger(a) && a >= 0 && a <= 25);
  if (ages.length) p.children = ages;
  else if (/(no (kids|children)|没有孩子|没孩子|无子女|children\s*=\s*none)/.test(norm)) p.children = [];

  const iso = /(?:arriv\w*|came|moved|到|来|抵达|arrival\s*=)\D{0,12}(\d{4})-(\d{1,2})(?:-(\d{1,2}))?/.exec(norm);
  const cn = /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?\S{0,6}(?:到|来|抵达|入职|引进)/.exec(norm);
  const m = iso ?? cn;
  if (m) p.arrival = `${m[1]}-${m[2]!.padStart(2, "0")}-${(m[3] ?? "01").padStart(2, "0")}`;
  return p;
}

/** Merges new facts over old ones. */
export function mergeProfile(old: Profile | undefined, update: Profile, now: Date): Profile {
  return { ...old, ...update, updatedAt: now.toISOString() };
}

export function isEmptyProfile(p: Profile): boolean {
  return p.tier === undefined && p.district === undefined && p.children === undefined && p.arrival === undefined;
}
