import type { Hit, Tier } from "../../knowledge/document.ts";
import { normalizeForIndex, type Lang } from "../../knowledge/normalize.ts";
import { regionEntry } from "../../knowledge/regions.ts";
import { CONCEPT_PREFIX, type Tokenizer } from "../../knowledge/tokenize.ts";
import { toScript } from "../i18n.ts";
import type { Citation } from "../messages.ts";
import { citationOf } from "./answerer.ts";

/** One readable piece of a passage: a sentence, a list item, or a table (kept whole with its header). */
interface Unit {
  text: string;
  table?: { header: string[]; rows: string[][] };
  hit: Hit;
  rank: number;
  position: number;
  score: number;
}

export interface ExtractiveOptions {
  question: string;
  hits: Hit[];
  lang: Lang;
  tier?: Tier | "none" | undefined;
  tokenizer: Tokenizer;
  /** IDF of an index token: rare words weigh more when matching sentences to the question. */
  idf: (token: string) => number;
  /** Answer length budget in approximate characters (a Chinese character counts double). Default 800. */
  budget?: number;
}

export interface ExtractiveAnswer {
  /** Selected passages in reading order, in the reply's script. */
  text: string;
  citations: Citation[];
  /** How well the best sentence matches the question (0–1). */
  support: number;
  /** True when the quoted policy is in the other language. */
  crossLanguage: boolean;
  /** True when the answer leads with the row of the talent's own tier. */
  personalised: boolean;
  /** Languages of the cited documents. */
  sourceLangs: Lang[];
}

const MONEY = /\d[\d,.]*\s*(万元|元|万|cny|yuan|rmb|%|％)|(cny|rmb|¥|￥)\s*\d/i;
const PHONE = /\b\d{3,4}-\d{7,8}\b|\b12345\b|\b\d{8,11}\b/;
const PLACE = /(路|号|大道|街|楼|层|室|座|窗口|road|avenue|street|floor|\bf\b|block|window|room|building|centre|center)/i;
const TIME = /(\d{1,2}月\d{1,2}日|\d{4}年|\d{1,2}:\d{2}|\d+\s*(个)?(工作日|日|天|周|月|年|小时)|\b\d+\s*(working |business |calendar )?(days?|weeks?|months?|years?|hours?)\b|january|february|march|april|may|june|july|august|september|october|november|december|周[一二三四五六日]|星期|monday|tuesday|wednesday|thursday|friday|saturday|sunday)/i;

const family = (l: Lang) => (l === "en" ? "en" : "zh");

/** Splits passage text into sentences, list items and whole tables. */
function splitUnits(text: string): { text: string; table?: { header: string[]; rows: string[][] } }[] {
  const out: { text: string; table?: { header: string[]; rows: string[][] } }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (line.startsWith("|")) {
      const block: string[] = [];
      while (i < lines.length && lines[i]!.trim().startsWith("|")) block.push(lines[i++]!.trim());
      i--;
      const cells = block.filter((l) => !/^\|[\s:|-]+\|$/.test(l)).map((l) => l.replace(/^\||\|$/g, "").split("|").map((c) => c.trim()));
      if (cells.length) out.push({ text: block.join("\n"), table: { header: cells[0]!, rows: cells.slice(1) } });
      continue;
    }
    const clean = line.replace(/^#+\s*/, "").replace(/\*\*/g, "").replace(/^[-*]\s+/, "");
    // Chinese sentences end in 。！？; English ones in . ! ? followed by a space and a capital or digit.
    const sentences = clean.match(/[^。！？；]+[。！？；]?/g) ?? [clean];
    for (const s of sentences) {
      for (const e of s.split(/(?<=[.!?])\s+(?=[A-Z0-9(“"])/)) if (e.trim()) out.push({ text: e.trim() });
    }
  }
  return out;
}

/** True when `text` speaks of `tier`: "D类", "Tier D", a table cell starting with "D", "A–E", "C、D、E类". */
export function tierMentioned(text: string, tier: Tier): boolean {
  const n = normalizeForIndex(text);
  const t = tier.toLowerCase();
  if (new RegExp(`(^|[^a-z])${t}\\s*(类|级|档|卡)|\\btiers?\\s*${t}\\b|^${t}(\\b|\\s*[-–—(（:])`).test(n)) return true;
  for (const m of n.matchAll(/\b([a-e])\s*[-–~至到]\s*([a-e])\b/g)) if (m[1]! <= t && t <= m[2]!) return true;
  for (const m of n.matchAll(/((?:[a-e]\s*[、,，/和及与&]\s*)+[a-e])\s*(类|级|档|tiers?)/g)) if (m[1]!.includes(t)) return true;
  return false;
}

function renderTable(table: { header: string[]; rows: string[][] }, rows: string[][]): string {
  return [table.header.join(" · "), ...rows.map((r) => r.join(" · "))].join("\n");
}

/** Bonus for text that holds the kind of fact the question asks for (an amount, a phone number, a date…). */
function factBonus(wants: Set<string>, text: string): number {
  let b = 0;
  if (wants.has("~amount") && MONEY.test(text)) b += 0.25;
  if (wants.has("~contact") && PHONE.test(text)) b += 0.25;
  if (wants.has("~address") && PLACE.test(text)) b += 0.2;
  if ((wants.has("~deadline") || wants.has("~office_hours") || wants.has("~processing_time") || wants.has("~duration")) && TIME.test(text)) b += 0.2;
  if (wants.has("~documents") && /^[（(]?[一二三四五六七八九十\d]+[)）.、]/m.test(text)) b += 0.1;
  return b;
}

/**
 * The offline answer: the passage that best answers the question, trimmed to a phone screen by keeping its
 * best-matching sentences in reading order, verbatim (amounts, durations, documents and deadlines are never
 * altered), with the passage as the citation. A table keeps its header; when the tier is known (from the
 * profile or the question itself), only the header and that tier's row are quoted.
 */
export function extractiveAnswer(o: ExtractiveOptions): ExtractiveAnswer {
  const qTokens = [...new Set(o.tokenizer.tokenize(o.question))];
  const wants = new Set(qTokens.filter((t) => t.startsWith(CONCEPT_PREFIX)));
  const tier = o.tier && o.tier !== "none" ? o.tier : undefined;
  const top = o.hits[0]?.scores.fused || 1;
  // Passages come from the best-ranked policy only: mixing policies mixes rules that may not apply. When that
  // policy also exists in the talent's language, quote that version.
  const first = o.hits[0];
  const sameLang = first && family(first.doc.lang) !== family(o.lang)
    ? o.hits.find((h) => h.chunk.metadata.policyId === first.chunk.metadata.policyId && family(h.doc.lang) === family(o.lang))
    : undefined;
  const topDoc = (sameLang ?? first)?.doc.id;
  const candidates = o.hits.filter((h) => h.doc.id === topDoc).slice(0, 6);
  const budget = o.budget ?? 800;
  const cost = (x: string) => x.length + (x.match(/[\u3400-\u9fff]/g)?.length ?? 0);

  const overlapOf = (hit: Hit, text: string) => {
    const fam = family(hit.doc.lang);
    const visible = qTokens.filter((t) => t.startsWith(CONCEPT_PREFIX) || /^\d/.test(t) || (fam === "zh") === /[\u3400-\u9fff]/.test(t));
    const total = visible.reduce((acc, t) => acc + o.idf(t), 0) || 1;
    const toks = new Set(o.tokenizer.tokenize(text));
    return visible.reduce((acc, t) => acc + (toks.has(t) ? o.idf(t) : 0), 0) / total;
  };

  // 1. The passage: how well its section and text cover the question, whether it holds the kind of fact asked
  //    for, and how retrieval ranked it.
  const scored = candidates.map((hit, rank) => {
    const section = hit.chunk.metadata.section.split(" › ").slice(1).join(" ");
    const score =
      0.5 * overlapOf(hit, `${section}\n${hit.chunk.text}`) +
      factBonus(wants, hit.chunk.text) +
      (tier && tierMentioned(hit.chunk.text, tier) ? 0.1 : 0) +
      hit.scores.fused / top;
    return { hit, rank, score };
  });
  scored.sort((a, b) => b.score - a.score || a.rank - b.rank);
  const best = scored[0];
  if (!best) return { text: "", citations: [], support: 0, crossLanguage: false, personalised: false, sourceLangs: [] };
  // A second passage of the same policy when it scores close: answers often span two sections.
  const passages = [best, ...scored.slice(1).filter((x) => x.score >= 0.7 * best.score)].slice(0, 2);
  passages.sort((a, b) => a.hit.chunk.metadata.ordinal - b.hit.chunk.metadata.ordinal);
  // A second policy that retrieval ranks almost as high (and that is not this one in another language) gets
  // its best passage too: when two policies are that close, the talent should see both, each cited.
  const RIVAL = 0.85;
  // A district's own policy is only quoted as the second one when it is the same place as the first: the talent
  // may not live there.
  const samePlace = (h: Hit) => !h.doc.region || h.doc.region === best.hit.doc.region || regionEntry(h.doc.region).cityLevel;
  const rival = o.hits.find(
    (h) => h.doc.id !== topDoc && h.chunk.metadata.policyId !== first?.chunk.metadata.policyId && family(h.doc.lang) === family(best.hit.doc.lang) && samePlace(h),
  );
  if (rival && rival.scores.fused >= RIVAL * (first?.scores.fused ?? 0) && passages.length < 3) passages.push({ hit: rival, rank: 99, score: 0 });

  // 2. Their sentences, best first, until the budget is spent; then back in reading order.
  const units: Unit[] = passages.flatMap((p, pi) => splitUnits(p.hit.chunk.text).map((u, position) => {
    let score = overlapOf(p.hit, u.text) + factBonus(wants, u.text);
    if (u.table) score += 0.15;
    if (tier && tierMentioned(u.text, tier)) score += 0.15;
    if (u.text.length < 8) score *= 0.3;
    return { ...u, hit: p.hit, rank: pi, position, score };
  }));
  const chosen: Unit[] = [];
  let used = 0;
  const order = [...units].sort((a, b) => b.score - a.score);
  const floor = 0.35 * (order[0]?.score ?? 0);
  for (const u of order) {
    if (chosen.length && (u.score < floor || used + cost(u.text) > budget)) continue;
    chosen.push(u);
    used += cost(u.text);
  }
  chosen.sort((a, b) => a.rank - b.rank || a.position - b.position);

  let personalised = false;
  const pieces = chosen.map((u) => {
    if (!u.table) return u.text;
    if (tier) {
      const rows = u.table.rows.filter((r) => tierMentioned(r[0] ?? "", tier));
      if (rows.length && rows.length < u.table.rows.length) {
        personalised = true;
        return renderTable(u.table, rows);
      }
    }
    return renderTable(u.table, u.table.rows);
  });

  const h = best.hit;
  // One citation per section: two passages of one section are one source to the talent.
  const citations: Citation[] = [...new Map(chosen.map((u) => [`${u.hit.doc.id}|${u.hit.chunk.metadata.section}`, u.hit])).values()].map(citationOf);
  const crossLanguage = family(h.doc.lang) !== family(o.lang);
  const text = pieces.map((p) => (crossLanguage ? p : toScript(p, o.lang))).join("\n");
  const support = Math.max(0, ...units.map((u) => overlapOf(h, u.text)));
  return { text, citations, support, crossLanguage, personalised, sourceLangs: [h.doc.lang] };
}
