import path from "node:path";
import { z } from "zod";
import { DomainFileError, lineOfKeys, parseDomainYaml, perDomainDir } from "../knowledge/lexicon/load.ts";
import type { Bilingual } from "./i18n.ts";

/**
 * The texts the desk says to talents, one catalogue per language (`DOMAIN_DIR/texts.zh.yaml`, `texts.en.yaml`;
 * traditional Chinese is derived from the simplified text). Code names a text by its group and key
 * (`textGroup("desk", [...])`); a city edits the wording in the files. Both files must have the same keys and,
 * for each, the same `{placeholders}`; every key the code uses must be there, and no other.
 */
export class TextCatalogue {
  private readonly checked = new Set<string>();

  private constructor(
    private readonly files: { zh: { file: string; text: string }; en: { file: string; text: string } },
    private readonly groups: ReadonlyMap<string, ReadonlyMap<string, Bilingual>>,
  ) {}

  /** Reads and checks both files of a catalogue folder; the first problem throws a `DomainFileError` with its file and line. */
  static load(dir: string): TextCatalogue {
    const read = (lang: "zh" | "en") => {
      const file = path.join(dir, `texts.${lang}.yaml`);
      const { text, data } = parseDomainYaml(file, "the texts", schema);
      return { file, text, data };
    };
    const zh = read("zh");
    const en = read("en");
    const groups = new Map<string, Map<string, Bilingual>>();
    for (const [a, b] of [
      [zh, en],
      [en, zh],
    ] as const) {
      for (const [group, texts] of Object.entries(a.data)) {
        if (!b.data[group]) throw new DomainFileError(b.file, undefined, `group ${group} is missing (${path.basename(a.file)} has it)`);
        for (const key of Object.keys(texts)) {
          if (b.data[group]![key] === undefined) throw new DomainFileError(b.file, lineOfKeys(b.text, [group]), `${group}.${key} is missing (${path.basename(a.file)} has it)`);
        }
      }
    }
    for (const [group, texts] of Object.entries(zh.data)) {
      const m = new Map<string, Bilingual>();
      for (const [key, zhText] of Object.entries(texts)) {
        const enText = en.data[group]![key]!;
        const [pz, pe] = [placeholders(zhText), placeholders(enText)];
        if (pz !== pe) throw new DomainFileError(en.file, lineOfKeys(en.text, [group, key]), `${group}.${key}: placeholders {${pe}} differ from the Chinese text's {${pz}}`);
        m.set(key, { zh: zhText, en: enText });
      }
      groups.set(group, m);
    }
    return new TextCatalogue({ zh, en }, groups);
  }

  /** The text `group.key`; the first use of a group checks it against the keys the code registered for it. */
  text(group: string, key: string): Bilingual {
    if (!this.checked.has(group)) this.check(group);
    return this.groups.get(group)!.get(key)!;
  }

  /** Checks every group the code loaded so far has registered (`textGroup`): called at start so a bad file stops it there. */
  checkAll(): void {
    for (const group of registry.keys()) this.check(group);
  }

  /** Groups of the files that no loaded code uses (a misspelt group name, or a module not loaded yet). */
  unusedGroups(): string[] {
    return [...this.groups.keys()].filter((g) => !registry.has(g));
  }

  private check(group: string): void {
    const keys = registry.get(group) ?? [];
    const have = this.groups.get(group);
    const { file, text } = this.files.en;
    if (!have) throw new DomainFileError(file, undefined, `group ${group} is missing`);
    for (const k of keys) if (!have.has(k)) throw new DomainFileError(file, lineOfKeys(text, [group]), `${group}.${k} is missing`);
    for (const k of have.keys()) if (!keys.includes(k)) throw new DomainFileError(file, lineOfKeys(text, [group, k]), `${group}.${k}: unknown text (no code uses it; a typo?)`);
    this.checked.add(group);
  }
}

const schema = z.record(z.string(), z.record(z.string(), z.string().min(1, "an empty text")));
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort().join(",");

const registry = new Map<string, readonly string[]>();
/** The deployment's catalogue (`DOMAIN_DIR`), read once and shared. */
export const catalogue = perDomainDir((dir) => TextCatalogue.load(dir));

/**
 * The texts of one group of the catalogue, by key: `TEXTS.welcome` reads `desk.welcome` from the deployment's
 * files. The keys are the code's; the wording is the files'.
 */
export function textGroup<const K extends string>(group: string, keys: readonly K[]): Readonly<Record<K, Bilingual>> {
  registry.set(group, keys);
  const out = {} as Record<K, Bilingual>;
  for (const k of keys) Object.defineProperty(out, k, { enumerable: true, get: () => catalogue().text(group, k) });
  return out;
}
