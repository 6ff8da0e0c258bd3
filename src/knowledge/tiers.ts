import path from "node:path";
import { z } from "zod";
import { normalizeForIndex } from "../text/normalize.ts";
import { DomainFileError, parseDomainYaml, perDomainDir } from "./lexicon/load.ts";

/** A tier id of the deployment's certification ("A"…"E" as shipped; see `config/domain/tiers.yaml`). */
export type Tier = string;

const names = z.array(z.string().trim().min(1, "an empty name")).default([]);
const tiersSchema = z
  .object({
    markers: z.object({ zh: names, en: names }).strict(),
    tiers: z
      .array(z.object({ id: z.string().regex(/^[A-Z]$/, "a tier id is one capital letter"), zh: names, en: names }).strict())
      .min(1, "at least one tier"),
  })
  .strict();

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A deployment's tiers, with the expressions that find them in normalised (lower-case, simplified) text. */
export class TierScheme {
  /** Tier ids, highest first. */
  readonly ids: readonly Tier[];
  private readonly letter: string;
  private readonly zhMarker: string;
  private readonly enMarker: string;
  private readonly named: { id: Tier; re: RegExp }[];
  /** The expressions that find a tier by its letter; the letter is group 1. */
  private readonly byLetter: RegExp[];
  // Compiled once: `mentioned` runs for every sentence an answer scores.
  private readonly statedBy: RegExp[];
  private readonly range: RegExp;
  private readonly listed: RegExp;
  private readonly tiersListed: RegExp;
  private readonly cellList: RegExp;
  private readonly ownMention = new Map<string, RegExp>();

  constructor(spec: z.infer<typeof tiersSchema>) {
    this.ids = spec.tiers.map((t) => t.id);
    this.letter = `[${this.ids.join("").toLowerCase()}]`;
    this.zhMarker = spec.markers.zh.map(escape).join("|") || "(?!)";
    this.enMarker = spec.markers.en.map((m) => escape(m.toLowerCase())).join("|") || "(?!)";
    const L = this.letter;
    this.byLetter = [
      new RegExp(`(?<![a-z0-9])(${L})\\s*(?:${this.zhMarker})`, "g"),
      new RegExp(`\\b(?:${this.enMarker})\\s*[-‐]?\\s*(${L})\\b`, "g"),
      new RegExp(`\\b(${L})\\s*[-‐]\\s*(?:${this.enMarker})\\b`, "g"),
      // A table cell naming a tier: "| D – Senior talent |", "| C (leading) |".
      new RegExp(`(?:^|\\|)\\s*(${L})\\s*(?:[-–—(（|]|$)`, "gm"),
    ];
    this.statedBy = [
      new RegExp(`(?:^|[^a-z])(${L})\\s*(?:${this.zhMarker})`),
      new RegExp(`\\b(?:${this.enMarker})\\s*[-:=]?\\s*(${L})\\b`),
      new RegExp(`\\btier\\s*=\\s*(${L})\\b`),
    ];
    this.range = new RegExp(`\\b(${L})\\s*(?:[-–~至到]|\\bto\\b)\\s*(${L})\\b`, "g");
    this.listed = new RegExp(`((?:${L}\\s*[、,，/和及与&]\\s*)+${L})\\s*(${this.zhMarker}|(?:${this.enMarker})s?)`, "g");
    this.tiersListed = new RegExp(`\\b(?:${this.enMarker})s?\\s+(${L}(?:\\s*(?:,|\\/|&|\\band\\b|\\bor\\b)\\s*${L}\\b)+)`, "g");
    this.cellList = new RegExp(`^${L}(\\s*[、,，/和及与&]\\s*${L})+$`);
    this.named = spec.tiers.flatMap((t) =>
      [...t.zh.map((n) => escape(normalizeForIndex(n))), ...t.en.map((n) => `\\b${escape(normalizeForIndex(n)).replace(/\s+/g, "\\s+")}s?\\b`)].map((p) => ({ id: t.id, re: new RegExp(p, "g") })),
    );
  }

  /** Every mention of a tier in normalised text, one per mention (the index counts them like words). */
  mentions(norm: string): Tier[] {
    const out: Tier[] = [];
    for (const re of this.byLetter) for (const m of norm.matchAll(re)) out.push(m[1]!.toUpperCase());
    for (const { id, re } of this.named) for (const _ of norm.matchAll(re)) out.push(id);
    return out;
  }

  /** The tier a talent says is theirs ("C类人才", "tier C", "tier=C", a tier's name), if any. */
  stated(norm: string): Tier | undefined {
    for (const re of this.statedBy) {
      const m = re.exec(norm);
      if (m) return m[1]!.toUpperCase();
    }
    let first: { id: Tier; at: number } | undefined;
    for (const { id, re } of this.named) {
      const at = norm.search(re);
      if (at >= 0 && (!first || at < first.at)) first = { id, at };
    }
    return first?.id;
  }

  /** True when `text` speaks of `tier`: "D类", "Tier D", a table cell starting with "D", "A–E", "C、D、E类", its name. */
  mentioned(text: string, tier: Tier): boolean {
    const n = normalizeForIndex(text);
    const t = tier.toLowerCase();
    let own = this.ownMention.get(t);
    if (!own) this.ownMention.set(t, (own = new RegExp(`(^|[^a-z])${t}\\s*(${this.zhMarker}|卡)|\\b(${this.enMarker})s?\\s*${t}\\b|^${t}(\\b|\\s*[-–—(（:])`)));
    if (own.test(n)) return true;
    const rank = (x: string) => this.ids.indexOf(x.toUpperCase());
    for (const m of n.matchAll(this.range)) if (rank(m[1]!) <= rank(t) && rank(t) <= rank(m[2]!)) return true;
    for (const m of n.matchAll(this.listed)) if (m[1]!.includes(t)) return true;
    // "Tier A and B", "Tiers A, B or C".
    for (const m of n.matchAll(this.tiersListed)) if (m[1]!.split(/\W+/).includes(t)) return true;
    // A table cell that is only a list of tiers: "C, D", "A/B".
    if (this.cellList.test(n.trim()) && n.includes(t)) return true;
    return this.named.some(({ id, re }) => id === tier && n.search(re) >= 0);
  }

  /** A front-matter list of tiers ("A, B", "A-C", ["D", "E"]): the ids, or the entry that is not one. */
  parseList(parts: readonly string[]): { tiers: Tier[] } | { unknown: string } {
    const out = new Set<Tier>();
    const L = `[${this.ids.join("")}]`;
    for (const raw of parts) {
      const p = String(raw).trim().toUpperCase();
      if (!p) continue;
      const range = new RegExp(`^(${L})\\s*[-–~]\\s*(${L})$`).exec(p);
      if (range) {
        const [from, to] = [this.ids.indexOf(range[1]!), this.ids.indexOf(range[2]!)];
        for (const id of this.ids.slice(Math.min(from, to), Math.max(from, to) + 1)) out.add(id);
      } else if (this.ids.includes(p)) out.add(p);
      else return { unknown: String(raw) };
    }
    return { tiers: this.ids.filter((id) => out.has(id)) };
  }

  /** What the index depends on: a change re-tokenises every passage. */
  fingerprint(): string {
    return JSON.stringify([this.ids, this.zhMarker, this.enMarker, this.named.map((x) => [x.id, x.re.source])]);
  }
}

/** Reads and validates a tiers file; a problem throws a `DomainFileError` naming the file and line. */
export function loadTiers(file: string): TierScheme {
  const { text, data } = parseDomainYaml(file, "the tiers", tiersSchema);
  const seen = new Set<string>();
  for (const t of data.tiers) {
    if (seen.has(t.id)) {
      const line = text.split("\n").findIndex((l) => new RegExp(`id:\\s*${t.id}\\b`).test(l));
      throw new DomainFileError(file, line < 0 ? undefined : line + 1, `tier ${t.id} is listed twice`);
    }
    seen.add(t.id);
  }
  return new TierScheme(data);
}

/** The deployment's tiers (`DOMAIN_DIR/tiers.yaml`), read once and shared. */
export const domainTiers = perDomainDir((dir) => loadTiers(path.join(dir, "tiers.yaml")));

/** The deployment's tier ids, highest first. */
export const tierIds = (): readonly Tier[] => domainTiers().ids;

/** True when `text` speaks of `tier` (see `TierScheme.mentioned`). */
export const tierMentioned = (text: string, tier: Tier): boolean => domainTiers().mentioned(text, tier);

