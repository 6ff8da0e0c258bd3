import { t } from "../../core/i18n.ts";
import { textGroup } from "../../core/catalogue.ts";
import type { Citation, Reply } from "../../core/messages.ts";
import type { Lang } from "../../text/normalize.ts";
import { splitText } from "../split.ts";

/**
 * Telegram HTML (parse_mode "HTML"): every dynamic text is escaped here and nowhere else. Messages are built
 * as runs of plain text with optional formatting, cut into messages on the plain text, and only then turned
 * into HTML, so no tag ever spans two messages.
 */

/** Telegram's limit for one message's text. */
export const MESSAGE_LIMIT = 4096;

/** A run of text with its formatting. */
export interface Segment {
  text: string;
  bold?: boolean;
  /** An http(s) link around the text. */
  href?: string;
}

/** Escapes text for Telegram HTML: `&`, `<`, `>`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Escapes an attribute value (double-quoted): `&`, `<`, `>` and `"`. */
export function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, "&quot;");
}

/** Whether `url` is an absolute http(s) URL (anything else is shown as text, never linked). */
export function isHttpUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

const escapedLength = (ch: string) => (ch === "&" ? 5 : ch === "<" || ch === ">" ? 4 : 1);

function openTag(s: Segment): string {
  return `${s.href ? `<a href="${escapeAttr(s.href)}">` : ""}${s.bold ? "<b>" : ""}`;
}
function closeTag(s: Segment): string {
  return `${s.bold ? "</b>" : ""}${s.href ? "</a>" : ""}`;
}

/** HTML of a list of segments. */
export function renderSegments(segments: readonly Segment[]): string {
  return segments.map((s) => (s.text ? `${openTag(s)}${escapeHtml(s.text)}${closeTag(s)}` : "")).join("");
}

/**
 * Cuts segments into messages of at most `limit` characters of HTML each (escapes and tags included, so the
 * check holds however Telegram counts), at paragraph, line or sentence boundaries of the plain text.
 * Whitespace-only pieces are dropped (Telegram refuses empty messages).
 */
export function splitSegments(segments: readonly Segment[], limit = MESSAGE_LIMIT): string[] {
  const plain = segments.map((s) => s.text).join("");
  // Per-unit cost in HTML: escapes, plus the tags of a formatted run charged to its first unit.
  const cost = new Array<number>(plain.length);
  let tagReserve = 0;
  let at = 0;
  for (const s of segments) {
    const tags = openTag(s).length + closeTag(s).length;
    tagReserve = Math.max(tagReserve, tags);
    for (let i = 0; i < s.text.length; i++) cost[at + i] = escapedLength(s.text[i]!) + (i === 0 ? tags : 0);
    at += s.text.length;
  }
  // A run cut in two pays for its tags twice: keep room for one more set of tags per message.
  const pieces = splitText(plain, Math.max(2, limit - tagReserve), (i) => cost[i] ?? 1);
  const out: string[] = [];
  let offset = 0;
  for (const piece of pieces) {
    const end = offset + piece.length;
    if (piece.trim()) out.push(renderSegments(sliceSegments(segments, offset, end)));
    offset = end;
  }
  return out;
}

/** The segments covering plain-text positions [start, end). */
function sliceSegments(segments: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const s of segments) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + s.text.length);
    if (from < to) out.push({ ...s, text: s.text.slice(from - at, to - at) });
    at += s.text.length;
  }
  return out;
}

const SOURCE_TEXTS = textGroup("sources", ["heading", "effective"]);

/** One citation: the policy title (a link when it has an http(s) source), its section and date of effect. */
export function citationSegments(c: Citation, n: number, lang: Lang): Segment[] {
  // Sections are often "Title › Article 3 …": show the title once.
  const section = c.section.startsWith(c.title) ? c.section.slice(c.title.length).replace(/^\s*[›>»/|·-]\s*/, "") : c.section;
  const rest = [section, c.effective ? t(SOURCE_TEXTS.effective, lang, { date: c.effective }) : ""].filter(Boolean).join(" · ");
  const title: Segment = isHttpUrl(c.source) ? { text: c.title, href: c.source } : { text: c.title };
  return [{ text: `[${n}] ` }, title, { text: rest ? ` · ${rest}` : "" }, ...(isHttpUrl(c.source) || !c.source ? [] : [{ text: ` (${c.source})` }])];
}

/** A reply as segments: the text, then its citations under a "Sources" heading. */
export function replySegments(reply: Reply): Segment[] {
  const out: Segment[] = [{ text: reply.text }];
  if (reply.citations.length) {
    out.push({ text: "\n\n" }, { text: `${t(SOURCE_TEXTS.heading, reply.lang)}:`, bold: true });
    reply.citations.forEach((c, i) => out.push({ text: "\n" }, ...citationSegments(c, i + 1, reply.lang)));
  }
  return out;
}

/** A reply as Telegram HTML messages, each within the length limit. */
export function renderReply(reply: Reply, limit = MESSAGE_LIMIT): string[] {
  return splitSegments(replySegments(reply), limit);
}

/** Plain text (e.g. a notification) as Telegram HTML messages, each within the length limit. */
export function renderPlain(text: string, limit = MESSAGE_LIMIT): string[] {
  return splitSegments([{ text }], limit);
}
