import { normalizeForIndex } from "../text/normalize.ts";
import type { DocMeta } from "./document.ts";

// A Chinese policy names another by its title in 《》. "按《X》执行", "详见《X》", "以《X》为准": it leaves the matter
// to X. "根据《X》…制定" names its legal basis, which is not where an answer is.
const DEFERS = /(?:按|按照|依照|参照|详见|见|适用|执行)《([^》]{4,60})》|《([^》]{4,60})》(?:执行|办理|为准|规定执行)/g;

/** Policies (ids) among `docs` that `text` leaves a matter to, by the title it names, in order of mention. */
export function deferredTo(text: string, docs: readonly DocMeta[]): string[] {
  // Runs on every answer and almost never finds a title: the titles are only read when it does.
  const found = [...normalizeForIndex(text).matchAll(DEFERS)];
  if (!found.length) return [];
  const byTitle = new Map(docs.map((d) => [normalizeForIndex(d.title).replace(/\s+/g, ""), d.translationOf ?? d.id]));
  const out: string[] = [];
  for (const m of found) {
    const id = byTitle.get((m[1] ?? m[2])!.replace(/\s+/g, ""));
    if (id && !out.includes(id)) out.push(id);
  }
  return out;
}
