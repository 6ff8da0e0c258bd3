import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { normalizeForIndex } from "../../text/normalize.ts";
import type { Chunk, PolicyDoc } from "../document.ts";

/** Separator between the parts of a heading path. */
export const SECTION_SEP = " › ";

const CJK_G = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/g;

/**
 * Length in approximate model tokens, so one chunk size suits both scripts: a Chinese character counts as one,
 * four other characters as one.
 */
export function tokenLength(text: string): number {
  const cjk = text.match(CJK_G)?.length ?? 0;
  return cjk + (text.length - cjk) / 4;
}

export interface SplitOptions {
  /** Target chunk size in approximate tokens (see `tokenLength`). Default 300: a paragraph or two. */
  chunkSize?: number;
  /** Overlap between consecutive chunks of one section, in approximate tokens. Default 30. */
  chunkOverlap?: number;
}

interface Section {
  path: string[];
  lines: string[];
}

function sections(doc: PolicyDoc): Section[] {
  const out: Section[] = [];
  const stack: string[] = [];
  let current: Section = { path: [], lines: [] };
  let inFence = false;
  for (const line of doc.body.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const h = inFence ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      out.push(current);
      const level = h[1]!.length;
      stack.length = Math.max(0, level - 1);
      stack[level - 1] = h[2]!.replace(/\*\*/g, "").trim();
      current = { path: stack.filter(Boolean), lines: [] };
    } else current.lines.push(line);
  }
  out.push(current);
  return out;
}

// Chinese sentences end in full-width punctuation with no space after it. A marker there (U+2029, removed
// again after splitting) lets the splitter cut between sentences while the punctuation stays with its sentence.
const SENTENCE_MARK = "\u2029";
function breakChineseSentences(text: string): string {
  return text.replace(/([。！？；])(?![\n」”’）)])/g, `$1${SENTENCE_MARK}`);
}

/** Splits a document into heading-aware chunks that carry `title › section › subsection` as metadata. */
export async function splitDocument(doc: PolicyDoc, options: SplitOptions = {}): Promise<Chunk[]> {
  const chunkSize = options.chunkSize ?? 300;
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize,
    chunkOverlap: options.chunkOverlap ?? 30,
    lengthFunction: tokenLength,
    separators: ["\n\n", "\n", SENTENCE_MARK, ". ", "; ", ", ", "，", "、", " ", ""],
  });
  const { meta } = doc;
  const policyId = meta.translationOf ?? meta.id;
  const chunks: Chunk[] = [];
  // The document title is the root of every path; a leading `# title` heading is not repeated, nor one that is the
  // title with its edition or date ("…医院名录（2026年版）"), in either script.
  const squeeze = (x: string) => normalizeForIndex(x).replace(/\s+/g, "");
  const title = squeeze(meta.title);
  const same = (a: string | undefined) => {
    const h = a === undefined ? "" : squeeze(a);
    return h.startsWith(title) && !/^[\p{L}\p{N}]/u.test(h.slice(title.length));
  };

  for (const sec of sections(doc)) {
    const content = sec.lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
    if (!content) continue;
    const headings = same(sec.path[0]) ? sec.path.slice(1) : sec.path;
    const section = [meta.title, ...headings].join(SECTION_SEP);

    let pieces: string[];
    if (tokenLength(content) <= chunkSize) pieces = [content];
    else {
      pieces = reattachSeparators((await splitter.splitText(breakChineseSentences(content))).map((p) => p.replaceAll(SENTENCE_MARK, "")));
      const header = tableHeader(content);
      if (header) pieces = pieces.map((p) => (p.startsWith("|") && !p.startsWith(header) ? `${header}\n${p}` : p));
    }
    for (const text of pieces) {
      if (!text) continue;
      const ordinal = chunks.length;
      chunks.push({
        id: `${meta.id}#${ordinal}`,
        text,
        metadata: { docId: meta.id, policyId, title: meta.title, section, lang: meta.lang, topic: meta.topic, ordinal },
      });
    }
  }
  return chunks;
}

/**
 * The splitter keeps a separator at the start of the piece that follows it (". Next sentence"); punctuation
 * belongs to the end of the sentence before.
 */
function reattachSeparators(pieces: string[]): string[] {
  const out: string[] = [];
  for (const raw of pieces) {
    let p = raw;
    const lead = /^[.;,，、]+/.exec(p.trimStart());
    if (lead && out.length) {
      out[out.length - 1] = out[out.length - 1]!.trimEnd() + lead[0];
      p = p.trimStart().slice(lead[0].length);
    }
    p = p.trim();
    if (p) out.push(p);
  }
  return out;
}

/** Header and separator rows of the first Markdown table in `text`, if any. */
function tableHeader(text: string): string | undefined {
  const m = /^(\|.*\|)\s*\n(\|[\s:|-]+\|)\s*$/m.exec(text);
  return m ? `${m[1]}\n${m[2]}` : undefined;
}

/** The text that is indexed for a chunk: title and heading path give every chunk its context. */
export function indexTextOf(chunk: Chunk): string {
  return `${chunk.metadata.section}\n${chunk.text}`;
}
