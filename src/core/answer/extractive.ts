import type { Hit, Tier } from "../../knowledge/document.ts";
import { normalizeForIndex, type Lang } from "../../knowledge/normalize.ts";
import { CONCEPT_PREFIX, type Tokenizer } from "../../knowledge/tokenize.ts";
import { toScript } from "../i18n.ts";
import type { Citation } from "../messages.ts";

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
  /** Answer length budget in approximate characters (a Chinese character counts double). Default 520. */
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

/**
 * The offline answer: the sentences of the best passages that match the question best, kept verbatim (so
 * amounts, durations, documents and deadlines are never altered), de-duplicated, short enough for a phone,
 * in reading order, with the passages they came from as citations. A table keeps its header; when the
 * talent's tier is known, only the header and their own row are quoted.
 */
export function extractiveAnswer(o: ExtractiveOptions): ExtractiveAnswer {
  const qTokens = [...new Set(o.tokenizer.tokenize(o.question))];
  const wants = new Set(qTokens.filter((t) => t.startsWith(CONCEPT_PREFIX)));
  const top = o.hits[0]?.scores.fused || 1;
  const topDocs = [...new Set(o.hits.map((h) => h.doc.id))].slice(0, 2);
  const candidates = o.hits.filter((h) => topDocs.includes(h.doc.id)).slice(0, 5);

  const units: Unit[] = [];
  candidates.forEach((hit, rank) => {
    const fam = family(hit.doc.lang);
    const visible = qTokens.filter((t) => t.startsWith(CONCEPT_PREFIX) || /^\d/.test(t) || (fam === "zh") === /[\u3400-\u9fff]/.test(t));
    const total = visible.reduce((s, t) => s + o.idf(t), 0) || 1;
    splitUnits(hit.chunk.text).forEach((u, position) => {
      const toks = new Set(o.tokenizer.tokenize(u.text));
      let score = visible.reduce((s, t) => s + (toks.has(t) ? o.idf(t) : 0), 0) / total;
      if (wants.has("~amount") && MONEY.test(u.text)) score += 0.25;
      if (wants.has("~contact") && PHONE.test(u.text)) score += 0.25;
      if (wants.has("~address") && PLACE.test(u.text)) score += 0.2;
      if ((wants.has("~deadline") || wants.has("~office_hours") || wants.has("~processing_time")) && TIME.test(u.text)) score += 0.2;
      if (wants.has("~duration") && TIME.test(u.text)) score += 0.2;
      if (wants.has("~documents") && /^[（(]?[一二三四五六七八九十\d]+[)）.、]/.test(u.text)) score += 0.1;
      if (u.table) score += 0.1;
      if (o.tier && o.tier !== "none" && tierMentioned(u.text, o.tier)) score += 0.15;
      if (u.text.length < 8) score *= 0.3;
      score *= 0.55 + 0.45 * (hit.scores.fused / top);
      units.push({ ...u, hit, rank, position, score });
    });
  });

  const best = [...units].sort((a, b) => b.score - a.score);
  const chosen: Unit[] = [];
  const seen = new Set<string>();
  let used = 0;
  const budget = o.budget ?? 520;
  const cost = (s: string) => s.length + (s.match(/[\u3400-\u9fff]/g)?.length ?? 0);
  for (const u of best) {
    if (!chosen.length || u.score >= 0.55 * chosen[0]!.score) {
      const key = normalizeForIndex(u.text).replace(/\W/g, "");
      if (seen.has(key)) continue;
      if (chosen.length && u.hit.doc.id !== chosen[0]!.hit.doc.id && u.hit.doc.translationOf !== chosen[0]!.hit.doc.id && chosen[0]!.hit.doc.translationOf !== u.hit.doc.id) {
        if (u.score < 0.8 * chosen[0]!.score) continue;
      }
      // A passage and its translation say the same thing: quote one language only.
      if (chosen.some((c) => c.hit.doc.id !== u.hit.doc.id && (c.hit.chunk.metadata.policyId === u.hit.chunk.metadata.policyId))) continue;
      if (chosen.length && used + cost(u.text) > budget) continue;
      seen.add(key);
      chosen.push(u);
      used += cost(u.text);
      if (chosen.length >= 4) break;
    }
  }
  chosen.sort((a, b) => a.rank - b.rank || a.position - b.position);

  let personalised = false;
  const pieces = chosen.map((u) => {
    if (!u.table) return u.text;
    if (o.tier && o.tier !== "none") {
      const rows = u.table.rows.filter((r) => tierMentioned(r[0] ?? "", o.tier as Tier));
      if (rows.length && rows.length < u.table.rows.length) {
        personalised = true;
        return renderTable(u.table, rows);
      }
    }
    return renderTable(u.table, u.table.rows);
  });

  const used_hits = [...new Map(chosen.map((u) => [u.hit.chunk.id, u.hit])).values()];
  const citations: Citation[] = used_hits.map((h) => ({
    id: h.chunk.id,
    docId: h.doc.id,
    title: h.doc.title,
    section: h.chunk.metadata.section,
    lang: h.doc.lang,
    ...(h.doc.effective ? { effective: h.doc.effective } : {}),
    ...(h.doc.source ? { source: h.doc.source } : {}),
  }));
  const sourceLangs = [...new Set(used_hits.map((h) => h.doc.lang))];
  const crossLanguage = sourceLangs.length > 0 && sourceLangs.every((l) => family(l) !== family(o.lang));
  const text = pieces.map((p) => (crossLanguage ? p : toScript(p, o.lang))).join("\n");
  return { text, citations, support: best[0]?.score ?? 0, crossLanguage, personalised, sourceLangs };
}
