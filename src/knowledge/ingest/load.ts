import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import yaml from "js-yaml";
import TurndownService from "turndown";
import { tables } from "@joplin/turndown-plugin-gfm";
import { z } from "zod";
import { cleanScraped, detectLang, normalizeForIndex, type Lang } from "../../text/normalize.ts";
import { TOPICS, type DocMeta, type LoadIssue, type PolicyDoc, type Tier, type Topic } from "../document.ts";
import { domainLexicon, lexiconFingerprint } from "../lexicon/load.ts";
import { domainTiers } from "../tiers.ts";

/** File extensions the loader reads. */
export const POLICY_EXTENSIONS = [".md", ".markdown", ".txt", ".html", ".htm"];

/**
 * Bump when parsing or chunking changes, so that every document is rebuilt on the next ingest. The lexicon's
 * fingerprint is part of it: passages are tokenised at ingest, so a lexicon edit must rebuild them too.
 */
export const PIPELINE_VERSION = `18.${lexiconFingerprint(domainLexicon(), domainTiers().fingerprint())}`;

const LANG_ALIASES: Record<string, Lang> = {
  zh: "zh", "zh-cn": "zh", "zh-hans": "zh", "zh-sg": "zh", cn: "zh",
  "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
  en: "en", "en-us": "en", "en-gb": "en",
};

const isoDate = z.union([z.date(), z.string()]).transform((v, ctx) => {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim();
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    ctx.addIssue({ code: "custom", message: `"${s}" is not a date (use YYYY-MM-DD)` });
    return z.NEVER;
  }
  return s;
});

const tierList = z.union([z.array(z.string()), z.string()]).transform((v, ctx): Tier[] => {
  const scheme = domainTiers();
  const r = scheme.parseList(Array.isArray(v) ? v : v.split(/[\s,，、/]+/));
  if ("tiers" in r) return r.tiers;
  ctx.addIssue({ code: "custom", message: `unknown tier "${r.unknown}" (tiers are ${scheme.ids.join(", ")})` });
  return z.NEVER;
});

const idString = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(v), "must be letters, digits, '.', '_' or '-'");

const frontMatterSchema = z
  .object({
    id: idString.optional(),
    title: z.string().trim().min(1).optional(),
    topic: z.enum(TOPICS, { message: `unknown topic (topics are ${TOPICS.join(", ")})` }).optional(),
    lang: z
      .string()
      .transform((v, ctx) => {
        const l = LANG_ALIASES[v.trim().toLowerCase()];
        if (!l) {
          ctx.addIssue({ code: "custom", message: `unknown language "${v}" (use zh, zh-Hant or en)` });
          return z.NEVER;
        }
        return l;
      })
      .optional(),
    effective: isoDate.optional(),
    expires: isoDate.optional(),
    supersedes: idString.optional(),
    translation_of: idString.optional(),
    source: z.string().trim().optional(),
    region: z.string().trim().optional(),
    tiers: tierList.optional(),
  })
  .refine((fm) => !fm.effective || !fm.expires || fm.expires >= fm.effective, {
    message: "expires is before effective",
    path: ["expires"],
  });

/** Result of reading one file: a document, or the reasons it could not be read. */
export type LoadResult = { doc: PolicyDoc; warnings: LoadIssue[] } | { doc?: undefined; issues: LoadIssue[] };

function hashOf(raw: string | Buffer): string {
  return createHash("sha256").update(PIPELINE_VERSION).update("\0").update(raw).digest("hex").slice(0, 32);
}

function idFromPath(rel: string): string {
  const noExt = rel.replace(/\.[^./]+$/, "");
  return noExt
    .split("/")
    .map((p) => p.trim().replace(/\s+/g, "-"))
    .join("-")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

function topicFromPath(rel: string): Topic {
  const first = rel.split("/")[0] ?? "";
  return (TOPICS as readonly string[]).includes(first) && rel.includes("/") ? (first as Topic) : "other";
}

function firstHeading(markdown: string): string | undefined {
  return /^#{1,3}\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1]?.trim();
}

const CN_NUMBER = "[一二三四五六七八九十百零〇两\\d]+";
// Lines that head a part of a plain-text policy (a .txt file, a web page whose headings are paragraphs).
const CHAPTER = new RegExp(`^(第${CN_NUMBER}[章编]|(chapter|part)\\s+([ivxlc]+|\\d+)\\b)[\\s　.:：]*[^。；;]{0,40}$`, "i");
const SUBSECTION = new RegExp(`^第${CN_NUMBER}节[\\s　]*[^。；]{0,40}$`);
// An article starts a line: "第五条　承租人…", "Article 5 Eligible Insurers", "Article 5. The subsidy…".
const ARTICLE = new RegExp(`^(第${CN_NUMBER}条|article\\s+\\d+\\b)`, "i");
// A numbered heading of a guide or notice: "一、适用范围", "（二）补充材料" — short and not a sentence.
const NUMBERED = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])[^。；;，,：:！？!?]{1,30}$/;
// A question of a FAQ: "问3：…", "Q3: …", "3. How do I…?".
const QUESTION = /^(问|問|q)\s*\d*\s*[：:.、．]|^\d+[.、．]\s*\S.*[?？]$/i;

/**
 * Gives a plain-text policy the headings its layout implies, so its passages are cited by chapter, article or
 * question instead of by title alone: "第二章　人才住房配租" and "Chapter II Eligibility" become sections; in a
 * document without chapters each article ("第五条", "Article 5") starts one; so do a guide's "一、…" headings and a
 * FAQ's questions when there are at least two (bold or not). Article lines are kept as they are. A document that
 * has Markdown headings below its title is left alone: its author chose its sections.
 */
export function inferHeadings(body: string): string {
  const lines = body.split("\n");
  if (lines.filter((l) => /^#{1,6}\s/.test(l)).length > 1) return body;
  // A saved page's headings are often bold paragraphs ("**第一章　总则**"), its articles bold numbers.
  const trimmed = lines.map((l) => l.trim().replace(/\*\*|__/g, "").trim());
  const count = (re: RegExp) => trimmed.filter((l) => re.test(l)).length;
  const chapters = count(CHAPTER) >= 2;
  const articles = !chapters && count(ARTICLE) >= 3;
  const numbered = !chapters && !articles && count(NUMBERED) >= 2;
  const questions = !chapters && !articles && count(QUESTION) >= 2;
  if (!chapters && !articles && !numbered && !questions) return body;
  return lines
    .map((line, i) => {
      const l = trimmed[i]!;
      if (!l || line.trim().startsWith("#")) return line;
      if (chapters && CHAPTER.test(l)) return `## ${l}`;
      if (chapters && SUBSECTION.test(l)) return `### ${l}`;
      if (articles && ARTICLE.test(l)) return `## ${ARTICLE.exec(l)![0]}\n\n${line}`;
      if (numbered && NUMBERED.test(l)) return `## ${l}`;
      if (questions && QUESTION.test(l)) return `## ${l}`;
      return line;
    })
    .join("\n");
}

let turndown: TurndownService | undefined;

/** Converts a saved web page to Markdown, dropping scripts, styles and page chrome elements. */
export function htmlToMarkdown(html: string): { markdown: string; title?: string } {
  turndown ??= (() => {
    const t = new TurndownService({ headingStyle: "atx", bulletListMarker: "-" });
    t.use(tables);
    t.remove(["script", "style", "nav", "header", "footer", "aside", "noscript", "iframe", "form", "button", "img"] as never);
    // A saved page's links point into a site the talent is not on: keep their text only.
    t.addRule("linkText", { filter: "a", replacement: (content) => content });
    t.addRule("noImages", { filter: "img", replacement: () => "" });
    return t;
  })();
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.replace(/\s+/g, " ").trim();
  const bodyHtml = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const markdown = turndown.turndown(bodyHtml);
  return { markdown, ...(title ? { title: title.split(/\s*[-_|–—]\s*/)[0]!.trim() || title } : {}) };
}

/**
 * Reads one policy file. Front matter is optional; what is missing is inferred (id from the path, title from
 * the first heading or the file name, topic from the folder, language from the text). A value that is present
 * but invalid makes the file fail with the reason.
 */
export function parsePolicyFile(rel: string, raw: string): LoadResult {
  const ext = path.extname(rel).toLowerCase();
  const issues: LoadIssue[] = [];
  const warnings: LoadIssue[] = [];
  let body: string;
  let data: Record<string, unknown> = {};
  let htmlTitle: string | undefined;

  if (ext === ".html" || ext === ".htm") {
    const converted = htmlToMarkdown(raw);
    body = converted.markdown;
    htmlTitle = converted.title;
  } else {
    try {
      // Core schema: dates stay strings, so "2025-02-30" is reported instead of rolling over to March. Passing
      // options also bypasses gray-matter's cache, which would remember a file whose YAML failed to parse.
      const parsed = matter(raw.replace(/^\uFEFF/, ""), { engines: { yaml: (s: string) => yaml.load(s, { schema: yaml.CORE_SCHEMA }) as object } });
      body = parsed.content;
      data = (parsed.data ?? {}) as Record<string, unknown>;
    } catch (err) {
      const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
      return { issues: [{ path: rel, level: "error", reason: `front matter is not valid YAML: ${msg}` }] };
    }
  }

  const fm = frontMatterSchema.safeParse(data);
  if (!fm.success) {
    for (const i of fm.error.issues) {
      issues.push({ path: rel, level: "error", reason: `${i.path.join(".") || "front matter"}: ${i.message}` });
    }
    return { issues };
  }
  const f = fm.data;

  body = cleanScraped(body).replace(/\n{3,}/g, "\n\n").trim();
  if (!body) return { issues: [{ path: rel, level: "error", reason: "the file has no text" }] };

  const baseName = path.basename(rel).replace(/\.[^.]+$/, "");
  let title = f.title ?? htmlTitle ?? firstHeading(body);
  if (!title && ext === ".txt") title = body.split("\n").find((l) => l.trim())?.trim().slice(0, 80);
  title ??= baseName;
  // A title line that repeats the document title adds nothing to the chunks.
  if (!firstHeading(body)) body = `# ${title}\n\n${body.startsWith(title) ? body.slice(title.length).trim() : body}`;
  if (ext !== ".md" && ext !== ".markdown") body = inferHeadings(body);

  // A saved page or a plain file states its publication date in the text ("发布时间：2026-03-02"), and a policy
  // says in its last article when it takes effect and until when (front matter, when present, wins).
  const published = publicationDate(raw);
  const stated = validityFromText(body, published);
  const effective = f.effective ?? stated.effective ?? published;
  const expires = f.expires ?? (stated.expires && (!effective || stated.expires >= effective) ? stated.expires : undefined);

  const meta: DocMeta = {
    id: f.id ?? idFromPath(rel),
    title,
    topic: f.topic ?? topicFromPath(rel),
    lang: f.lang ?? detectLang(body),
    path: rel,
    ...(effective ? { effective } : {}),
    ...(expires ? { expires } : {}),
    ...(f.supersedes ? { supersedes: f.supersedes } : {}),
    ...(f.translation_of ? { translationOf: f.translation_of } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.region ? { region: f.region } : {}),
    ...(f.tiers ? { tiers: f.tiers } : {}),
  };
  if (f.lang && f.lang !== detectLang(body)) {
    warnings.push({ path: rel, level: "warning", reason: `lang is ${f.lang} but the text looks like ${detectLang(body)}` });
  }
  return { doc: { meta, body, hash: hashOf(raw) }, warnings };
}

const EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const ZH_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const EN_DATE = new RegExp(`(\\d{1,2})\\s+(${EN_MONTHS.join("|")})\\s+(\\d{4})|(${EN_MONTHS.join("|")})\\s+(\\d{1,2}),?\\s+(\\d{4})`, "i");
const ZH_NUMBER: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const EN_NUMBER: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const iso = (y: string | number, m: string | number, d: string | number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
function dateIn(text: string): string | undefined {
  const zh = ZH_DATE.exec(text);
  if (zh) return iso(zh[1]!, zh[2]!, zh[3]!);
  const en = EN_DATE.exec(text);
  if (!en) return undefined;
  return en[1] ? iso(en[3]!, EN_MONTHS.indexOf(en[2]!.toLowerCase()) + 1, en[1]) : iso(en[6]!, EN_MONTHS.indexOf(en[4]!.toLowerCase()) + 1, en[5]!);
}
/** The day before the same date `years` later: what "valid for 5 years" from 2024-10-01 ends on (2029-09-30). */
function yearsLater(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
const validDate = (x: string | undefined) => (x && !Number.isNaN(Date.parse(x)) ? x : undefined);

// The sentence of a policy that says when it takes effect: "本办法由…负责解释，自2025年1月1日起施行，有效期5年。",
// "These Measures … take effect on 1 January 2025 and remain valid until 31 December 2027."
const ZH_IN_FORCE = /本(办法|细则|规定|通知|方案|意见|措施|政策|指南|指引|条例|决定|规则|清单|目录|名录)[^。]*?自(.{0,20}?)起(施行|实施|执行|生效)[^。]*/;
const EN_IN_FORCE = /[^.]*\b(takes? effect|comes? into force|enters? into force)\b[^.]*(\.[^.]*\b(remains?|valid|expires?)\b[^.]*)?/i;

/**
 * When a policy without front matter dates says it takes effect and how long it is valid: the sentence that puts
 * the policy itself in force ("本办法…自2025年1月1日起施行，有效期至2027年12月31日", "…有效期5年", "自发布之日起施行"
 * with the publication date, "These Measures take effect on 1 March 2024 and remain valid until 28 February
 * 2029", "…valid for 5 years"). Only a date written in that sentence counts: "认定证书有效期5年" is not the
 * policy's.
 */
export function validityFromText(text: string, published?: string): { effective?: string; expires?: string } {
  const n = text.normalize("NFKC").replace(/\*\*/g, "");
  let effective: string | undefined;
  let expires: string | undefined;
  const zh = ZH_IN_FORCE.exec(n);
  if (zh) {
    effective = /发布之日|印发之日|公布之日/.test(zh[2]!) ? published : validDate(dateIn(zh[2]!));
    const rest = zh[0].slice(zh[0].indexOf(zh[2]!) + zh[2]!.length);
    const until = /有效期(至|到)([^，。；]*)/.exec(rest);
    const years = /有效期(为)?\s*(\d+|[一二三四五六七八九十两])\s*年/.exec(rest);
    if (until) expires = validDate(dateIn(until[2]!));
    else if (years && effective) expires = yearsLater(effective, Number(years[2]) || ZH_NUMBER[years[2]!]!);
  }
  const en = !zh ? EN_IN_FORCE.exec(n) : null;
  if (en) {
    const s = en[0];
    const at = /\b(takes? effect|comes? into force|enters? into force)\b\s+(on|from|as of)\s+(.*)/i.exec(s);
    effective = at ? validDate(dateIn(at[3]!)) : undefined;
    const until = /\b(valid until|valid till|expires? on|until)\s+([^,;.]*\d{4})/i.exec(s);
    const years = /\bvalid for\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\b/i.exec(s);
    if (until) expires = validDate(dateIn(until[2]!));
    else if (years && effective) expires = yearsLater(effective, Number(years[1]) || EN_NUMBER[years[1]!.toLowerCase()]!);
  }
  return { ...(effective ? { effective } : {}), ...(expires && (!effective || expires >= effective) ? { expires } : {}) };
}

/** A publication date stated in a page or file ("发布时间：2026-03-02", "发布日期 2026年3月2日", "Published: 2026-03-02"). */
export function publicationDate(text: string): string | undefined {
  const m = /(?:发布时间|發布時間|发布日期|發布日期|发文日期|發文日期|成文日期|published(?: on)?|date of issue)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/i.exec(text.normalize("NFKC"));
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name.startsWith("_")) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full, base)));
    else if (e.isFile() && POLICY_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) {
      if (/^readme\./i.test(e.name)) continue;
      out.push(path.relative(base, full).split(path.sep).join("/"));
    }
  }
  return out.sort();
}

// A policy repealing another by name: "原《××市人才租房补贴暂行办法》（×人才办〔2021〕3号）同时废止",
// "The *Interim Measures on Rent Subsidies* (…) are repealed / superseded by these Measures".
const ZH_REPEAL = /《([^》]{4,60})》[^。；《]{0,30}?(废止|停止执行|不再执行)/g;
const EN_REPEAL = /\*([^*]{8,120})\*[^.;*]{0,80}?\b(is|are)\s+(hereby\s+)?(repealed|superseded|abolished|replaced)\b/gi;
const titleKey = (title: string) => normalizeForIndex(title).replace(/[\s\p{P}\p{S}]/gu, "");

/** Titles of the policies a text says it repeals or supersedes. */
export function repealedTitles(text: string): string[] {
  const n = text.normalize("NFKC");
  return [...n.matchAll(ZH_REPEAL), ...n.matchAll(EN_REPEAL)].map((m) => m[1]!.trim());
}

/**
 * A policy that names another of the corpus as repealed supersedes it, unless its front matter says what it
 * supersedes: the older one is then no longer answered from, even when nobody set its expiry.
 */
function inferSupersedes(docs: PolicyDoc[]): void {
  const byTitle = new Map(docs.map((d) => [titleKey(d.meta.title), d]));
  for (const d of docs) {
    if (d.meta.supersedes) continue;
    for (const title of repealedTitles(d.body)) {
      const old = byTitle.get(titleKey(title));
      if (!old || old === d || (old.meta.translationOf ?? old.meta.id) === (d.meta.translationOf ?? d.meta.id)) continue;
      if (old.meta.effective && d.meta.effective && old.meta.effective > d.meta.effective) continue;
      d.meta.supersedes = old.meta.id;
      break;
    }
  }
}

/** Every policy document under `dir`, with the problems found. Files and folders starting with `.` or `_` are skipped. */
export async function loadKnowledgeDir(dir: string): Promise<{ docs: PolicyDoc[]; issues: LoadIssue[]; failedPaths: string[] }> {
  const files = await walk(dir);
  const docs: PolicyDoc[] = [];
  const issues: LoadIssue[] = [];
  const failedPaths: string[] = [];
  const byId = new Map<string, string>();
  for (const rel of files) {
    const raw = await readFile(path.join(dir, rel), "utf8");
    const r = parsePolicyFile(rel, raw);
    if (!r.doc) {
      issues.push(...r.issues);
      failedPaths.push(rel);
      continue;
    }
    const other = byId.get(r.doc.meta.id);
    if (other) {
      issues.push({ path: rel, level: "error", reason: `duplicate id "${r.doc.meta.id}" (already used by ${other})` });
      failedPaths.push(rel);
      continue;
    }
    byId.set(r.doc.meta.id, rel);
    issues.push(...r.warnings);
    docs.push(r.doc);
  }
  inferSupersedes(docs);
  for (const d of docs) {
    for (const [field, ref] of [["supersedes", d.meta.supersedes], ["translation_of", d.meta.translationOf]] as const) {
      if (ref && !byId.has(ref)) issues.push({ path: d.meta.path, level: "warning", reason: `${field}: no document has id "${ref}"` });
    }
  }
  return { docs, issues, failedPaths };
}
