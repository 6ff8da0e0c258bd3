/**
 * Synthetic corpora for scale benchmarks: N× the shipped knowledge directory, made of the shipped files
 * (copy 0, verbatim) plus N−1 rewritten copies. Copy i is the policy set of a fictional district ("松林区" /
 * "Songlin District"): every document gets a new id (`<id>-s<i>`), the district as region (its name also
 * replaces the document's own region in title and text), and deterministic perturbations — numbers changed,
 * sentences shuffled within paragraphs, a few sentences dropped — so copies are near-duplicates, never
 * identical. `supersedes` / `translation_of` point at the same copy's ids, so every link still resolves.
 */
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PolicyDoc } from "../src/knowledge/document.ts";
import { loadKnowledgeDir } from "../src/knowledge/ingest/load.ts";
import { regionEntry } from "../src/knowledge/regions.ts";
import { hasCjk, toTraditional } from "../src/text/normalize.ts";
import { Rng, seedOf } from "./util.ts";

export interface District {
  /** Chinese name with suffix, e.g. `松林区`. */
  zh: string;
  /** Chinese name without suffix, e.g. `松林`. */
  zhShort: string;
  /** English name, e.g. `Songlin District`. */
  en: string;
  /** English name without suffix, e.g. `Songlin`. */
  enShort: string;
  /** Region key as `RegionMatcher` computes it, e.g. `songlin`. */
  key: string;
}

// One syllable each, chosen so that names read like real districts. Keys (pinyin) are checked for uniqueness.
const FIRST = "松柳青枫桂兰梅竹云霞金银翠石白碧芙蓉荷杏桃梨丹紫";
const SECOND = "林溪山桥港原岭川浦塘台阳峰泉坪沙洲岗源坊";

/**
 * `count` distinct fictional districts, in a seeded order. Names whose region key collides with another or
 * with a region of the shipped corpus (`reserved`) are skipped, so each copy is its own district to the
 * region matcher.
 */
export function districtNames(count: number, seed: number, reserved: Iterable<string> = []): District[] {
  const taken = new Set(reserved);
  const combos: string[] = [];
  for (const a of FIRST) for (const b of SECOND) combos.push(a + b);
  const out: District[] = [];
  for (const short of new Rng(seed).shuffle(combos)) {
    if (out.length === count) break;
    const zh = `${short}区`;
    const { key } = regionEntry(zh);
    if (!key || key.length < 4 || taken.has(key)) continue;
    taken.add(key);
    const enShort = key[0]!.toUpperCase() + key.slice(1);
    out.push({ zh, zhShort: short, en: `${enShort} District`, enShort, key });
  }
  if (out.length < count) throw new Error(`only ${out.length} distinct district names available, ${count} wanted`);
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replacements that turn the document's own region (city or district) into `d`, in the document's script. */
function regionRewriter(doc: PolicyDoc, d: District): (text: string) => string {
  const region = doc.meta.region ?? "梧桐市";
  const e = regionEntry(region);
  const trad = doc.meta.lang === "zh-Hant";
  const zh = (s: string) => (trad ? toTraditional(s) : s);
  const pairs = new Map<string, string>();
  if (hasCjk(region)) {
    const short = e.zhNames[e.zhNames.length - 1] ?? region;
    for (const variant of [(s: string) => s, toTraditional]) {
      pairs.set(variant(region), zh(d.zh));
      if (short !== region) pairs.set(variant(short), zh(d.zhShort));
    }
  } else {
    pairs.set(region, d.en);
  }
  if (e.key) {
    const cap = e.key[0]!.toUpperCase() + e.key.slice(1);
    for (const suffix of [" City", " District", " New Area"]) pairs.set(cap + suffix, d.en);
    pairs.set(cap, d.enShort);
  }
  // Longest first, so that `梧桐市` wins over `梧桐` at the same position.
  const froms = [...pairs.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
  const re = new RegExp(froms.map(escapeRe).join("|"), "g");
  return (text) => text.replace(re, (m) => pairs.get(m) ?? m);
}

/**
 * Changes about a third of the numbers in `text` (their last digit), so amounts, deadlines and phone numbers
 * differ between copies. Years are left alone so that dates stay plausible.
 */
function perturbNumbers(text: string, rng: Rng): string {
  return text.replace(/\d+/g, (num) => {
    if (/^(19|20)\d\d$/.test(num) || !rng.chance(0.35)) return num;
    const old = Number(num[num.length - 1]);
    const min = num.length === 1 ? 1 : 0;
    let digit = min + rng.int(10 - min);
    if (digit === old) digit = digit === 9 ? min : digit + 1;
    return num.slice(0, -1) + digit;
  });
}

// Markers that start a list item or clause and stay in front when its sentences are shuffled.
const LIST_PREFIX = /^(\s*(?:[-*+]\s+|\d+[.)]\s+|[（(][一二三四五六七八九十\d]+[）)]\s*|[一二三四五六七八九十]+、|[问答問][\d]*[:：]|\*\*[^*]+\*\*\s*)+)/;

/** Sentences of a paragraph; each keeps its end punctuation. */
function sentences(text: string): string[] {
  return text.split(/(?<=[。！？；])|(?<=[.!?;])\s+(?=\S)/).filter((s) => s.length > 0);
}

function joinSentences(parts: string[]): string {
  let out = "";
  for (const p of parts) out += out && !/[。！？；]$/.test(out) ? ` ${p}` : p;
  return out;
}

/** Rewrites one paragraph line: a few sentences dropped, some paragraphs' sentences shuffled. */
function perturbParagraph(line: string, rng: Rng): string {
  const prefix = LIST_PREFIX.exec(line)?.[1] ?? "";
  let parts = sentences(line.slice(prefix.length));
  if (parts.length >= 2) {
    const kept = parts.filter(() => !rng.chance(0.08));
    parts = kept.length ? kept : [parts[rng.int(parts.length)]!];
    if (parts.length >= 2 && rng.chance(0.3)) parts = rng.shuffle(parts);
  }
  return prefix + joinSentences(parts);
}

/** The body of copy `d` of a document, perturbed with `rng`. */
export function rewriteBody(body: string, rewriteRegion: (t: string) => string, rng: Rng): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of rewriteRegion(body).split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence || !line.trim() || /^#{1,6}\s/.test(line) || /^\|[\s:|-]+\|\s*$/.test(line)) out.push(line);
    else if (line.startsWith("|")) out.push(perturbNumbers(line, rng));
    else out.push(perturbNumbers(perturbParagraph(line, rng), rng));
  }
  return out.join("\n");
}

/** YAML front matter; strings are JSON-quoted (valid YAML), so titles with colons or quotes stay intact. */
function frontMatter(fields: Record<string, string | string[] | undefined>): string {
  const lines = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v.length > 0)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `---\n${lines.join("\n")}\n---\n`;
}

/** Copy `i` of a document as a Markdown file with front matter. */
export function rewriteDocument(doc: PolicyDoc, copy: number, d: District, seed: number): { rel: string; content: string } {
  const { meta } = doc;
  const rng = new Rng(seedOf(seed, copy, meta.id));
  const region = regionRewriter(doc, d);
  const suffix = `-s${copy}`;
  const newRegion = meta.lang === "en" ? d.en : meta.lang === "zh-Hant" ? toTraditional(d.zh) : d.zh;
  const fm = frontMatter({
    id: meta.id + suffix,
    title: region(meta.title),
    topic: meta.topic,
    lang: meta.lang,
    effective: meta.effective,
    expires: meta.expires,
    supersedes: meta.supersedes && meta.supersedes + suffix,
    translation_of: meta.translationOf && meta.translationOf + suffix,
    source: meta.source,
    region: newRegion,
    tiers: meta.tiers,
  });
  const dir = path.posix.dirname(meta.path);
  const base = path.posix.basename(meta.path).replace(/\.[^.]+$/, "");
  const rel = path.posix.join(dir === "." ? "" : dir, `${base}${suffix}.md`);
  return { rel, content: `${fm}\n${rewriteBody(doc.body, region, rng)}\n` };
}

export interface SyntheticCorpus {
  dir: string;
  copies: number;
  /** Files in the corpus (shipped ones included). */
  files: number;
  /** Bytes of the rewritten (synthetic) files. */
  bytes: number;
  districts: District[];
}

/**
 * Writes a `copies`× corpus into `outDir`: the shipped files plus `copies − 1` rewritten district copies.
 * Deterministic for a given `seed`: copy i is the same in a 10× and a 100× corpus.
 */
export async function generateCorpus(sourceDir: string, outDir: string, copies: number, seed = 20240601): Promise<SyntheticCorpus> {
  const { docs, issues } = await loadKnowledgeDir(sourceDir);
  const errors = issues.filter((i) => i.level === "error");
  if (errors.length) throw new Error(`the shipped corpus does not load cleanly: ${errors.map((e) => `${e.path}: ${e.reason}`).join("; ")}`);
  const reserved = docs.flatMap((d) => (d.meta.region ? [regionEntry(d.meta.region).key] : []));
  const districts = districtNames(copies - 1, seed, reserved);

  await mkdir(outDir, { recursive: true });
  await cp(sourceDir, outDir, { recursive: true });
  let files = docs.length;
  let bytes = 0;
  const made = new Set<string>();
  for (let i = 1; i < copies; i++) {
    for (const doc of docs) {
      const { rel, content } = rewriteDocument(doc, i, districts[i - 1]!, seed);
      const file = path.join(outDir, ...rel.split("/"));
      const parent = path.dirname(file);
      if (!made.has(parent)) await mkdir(parent, { recursive: true }), made.add(parent);
      await writeFile(file, content);
      files++;
      bytes += Buffer.byteLength(content);
    }
  }
  return { dir: outDir, copies, files, bytes, districts };
}
