import { detectLang, hasCjk, isTraditional, toSimplified, toTraditional, type Lang } from "../text/normalize.ts";

/**
 * The language and script to answer a message in: the message's own when it has enough text to tell,
 * otherwise the platform locale, otherwise what the talent used last, otherwise simplified Chinese.
 */
export function replyLang(text: string, options: { locale?: string; previous?: Lang } = {}): Lang {
  const letters = text.replace(/[\s\d\p{P}\p{S}]/gu, "");
  if (hasCjk(letters)) {
    // A few characters are enough to tell the script when one of them differs between scripts.
    if (isTraditional(letters)) return "zh-Hant";
    if (toTraditional(letters) !== letters) return "zh";
    return options.previous && options.previous !== "en" ? options.previous : fromLocale(options.locale) === "zh-Hant" ? "zh-Hant" : "zh";
  }
  if (/[a-z]{2,}/i.test(letters) && letters.length >= 2) return detectLang(text);
  return options.previous ?? fromLocale(options.locale) ?? "zh";
}

/** Maps a platform locale (`en-US`, `zh-hans`, `zh-TW`…) to a reply language. */
export function fromLocale(locale: string | undefined): Lang | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase();
  if (/^zh[-_](tw|hk|mo|hant)/.test(l)) return "zh-Hant";
  if (l.startsWith("zh")) return "zh";
  if (l.startsWith("en")) return "en";
  return undefined;
}

/** Puts Chinese text into the script of `lang` (English is returned as is). */
export function toScript(text: string, lang: Lang): string {
  if (lang === "zh-Hant") return toTraditional(text);
  if (lang === "zh") return toSimplified(text);
  return text;
}

/** A message in both languages; traditional Chinese is derived from the simplified text. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Picks the text for `lang` and fills `{name}` placeholders. */
export function t(msg: Bilingual, lang: Lang, vars: Record<string, string | number> = {}): string {
  const filled = fill(lang === "en" ? msg.en : msg.zh, vars);
  return lang === "zh-Hant" ? toTraditional(filled) : filled;
}

/** Fills the `{name}` placeholders of `text` (unknown names are left as they are). */
export function fill(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
