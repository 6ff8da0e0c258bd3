import * as OpenCC from "opencc-js";

/** Languages a policy or a message can be in. `zh-Hant` is Chinese in traditional characters. */
export type Lang = "zh" | "zh-Hant" | "en";

const toSimplifiedConverter = OpenCC.Converter({ from: "t", to: "cn" });
const toTraditionalConverter = OpenCC.Converter({ from: "cn", to: "tw" });

/** Traditional → simplified Chinese (characters only; everything else is untouched). */
export function toSimplified(text: string): string {
  return toSimplifiedConverter(text);
}

/** Simplified → traditional Chinese (Taiwan standard), for replying in the talent's script. */
export function toTraditional(text: string): string {
  return toTraditionalConverter(text);
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_G = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN_WORD_G = /[A-Za-z]{2,}/g;

/** True if the string contains at least one CJK ideograph. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

// Tone-marked vowels or a trailing tone digit identify an annotation as pinyin rather than a real
// parenthetical such as "(A类)" or "(2025)".
const PINYIN_SYLLABLE = "[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ][a-zü]*|[a-zü]{2,6}[1-5]";
const PINYIN_ANNOTATION = new RegExp(
  `([\\u3400-\\u9fff])[(（](?:${PINYIN_SYLLABLE})(?:\\s+(?:${PINYIN_SYLLABLE}))*[)）]`,
  "gu",
);

/**
 * Removes pinyin that scrapers leave after characters, e.g. `來(lái)` → `來`, `预（yù）约` → `预约`.
 * Parentheses holding anything that is not tone-marked pinyin are kept.
 */
export function stripPinyinAnnotations(text: string): string {
  return text.replace(PINYIN_ANNOTATION, "$1");
}

// Lines that belong to a web page's chrome, not to the policy: menus, breadcrumbs, share/print links,
// page counters and footers. Matched against a whole (trimmed, NFKC-normalised) line.
const NOISE_LINE_PATTERNS: RegExp[] = [
  /^(当前位置|當前位置|您现在的位置|您的位置|current location)\s*[:：]/i,
  /^(首页|首頁|home)\s*([|>»/｜]\s*\S+\s*){2,}/i,
  /^([^\s|]{2,6}\s*[|｜]\s*){3,}[^\s|]{2,6}$/,
  /(分享到|分享至|share to)\s*[:：]/i,

  /^(发布时间|發布時間|浏览次数|瀏覽次數|阅读次数|来源|來源)\s*[:：].*(浏览|瀏覽|次数|次數|来源|來源|阅读)/,

  /^(上一篇|下一篇|相关链接|相關鏈接|相关文章|扫一扫|掃一掃)\s*[:：]?/,

  /^(skip to (main )?content|print this page|close window|back to top)$/i,
];

// Words of a site's frame (print/close links, footer, accessibility links). One alone may be part of a policy
// sentence ("…也可以通过手机版申请"), so a line is chrome only when it has two of them or little else.
const CHROME_WORDS =
  /(打印本页|打印本頁|关闭窗口|關閉窗口|返回顶部|返回頂部|收藏本页|设为首页|設為首頁|加入收藏|无障碍浏览|無障礙瀏覽|手机版|手機版|欢迎访问|歡迎訪問|字号[:：]|字號[:：]|主办单位|主辦單位|承办单位|承辦單位|网站标识码|網站標識碼|icp备|icp備|公网安备|公網安備|版权所有|版權所有|技术支持|技術支持|网站地图|網站地圖)/gi;

/** True when a line is web-page chrome (navigation, breadcrumbs, share links, footer) rather than content. */
export function isNoiseLine(line: string): boolean {
  const t = line.normalize("NFKC").trim();
  if (!t) return false;
  if (NOISE_LINE_PATTERNS.some((re) => re.test(t))) return true;
  const hits = t.match(CHROME_WORDS) ?? [];
  if (hits.length >= 2) return true;
  return hits.length === 1 && t.replace(CHROME_WORDS, "").replace(/[\s\p{P}\p{S}|]/gu, "").length <= 12;
}

/**
 * Cleans scraping artifacts out of a document before chunking: navigation/footer lines and pinyin
 * annotations. The text keeps its script and punctuation (this is what talents are shown).
 */
export function cleanScraped(text: string): string {
  return stripPinyinAnnotations(
    text
      .split("\n")
      .filter((line) => !isNoiseLine(line))
      .join("\n"),
  );
}

/**
 * Normalisation for indexing only: full-width → half-width (NFKC), pinyin annotations removed,
 * traditional → simplified, thousands separators removed from numbers, lower case.
 * The result is never shown to a user.
 */
export function normalizeForIndex(text: string): string {
  let t = text.normalize("NFKC");
  t = stripPinyinAnnotations(t);
  if (hasCjk(t)) t = toSimplified(t);
  t = t.replace(/(\d),(?=\d{3}\b)/g, "$1");
  return t.toLowerCase();
}

/**
 * Detects the language of a text: `en` when Latin words outweigh Chinese characters, otherwise `zh`
 * or `zh-Hant` depending on whether converting to simplified changes a noticeable share of characters.
 */
export function detectLang(text: string): Lang {
  const cjk = text.match(CJK_G)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD_G)?.length ?? 0;
  // One Chinese character carries about as much as half an English word.
  if (cjk === 0 || latinWords > cjk * 0.6) return "en";
  return isTraditional(text) ? "zh-Hant" : "zh";
}

/** True when the Chinese in `text` is written in traditional characters. */
export function isTraditional(text: string): boolean {
  const chars = text.match(CJK_G);
  if (!chars) return false;
  const sample = chars.join("");
  const simplified = toSimplified(sample);
  let changed = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] !== simplified[i]) changed++;
  // Traditional text has roughly one character in five that differs; simplified text has almost none.
  return changed >= Math.max(1, sample.length * 0.04);
}
