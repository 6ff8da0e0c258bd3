import { toSimplified, type Lang } from "../../../text/normalize.ts";

/**
 * What the draft rules share: the view of a message every pattern reads, Chinese numbers, and the names that
 * end before a suffix (a hospital's, a department's, an estate's).
 */

/** Simplified, NFKC, case kept: the view every field pattern reads. */
export function view(text: string): string {
  return toSimplified(text.normalize("NFKC"));
}

export function isEnglish(lang: Lang | undefined, text: string): boolean {
  return lang ? lang === "en" : !/[\u3400-\u9fff]/.test(text);
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "25", "二十五", "十一", "三" → number (up to 99). */
export function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (CN_DIGITS[s] !== undefined) return CN_DIGITS[s];
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return undefined;
}

export const CN_NUM = "(?:\\d{1,2}|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])";
export const EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

// Words that end a name when reading backwards from a suffix ("帮我预约市第一人民医院" → "市第一人民医院").
const NAME_BREAK = new RegExp(
  "(?:帮我|帮忙|请问|请|麻烦|预约|挂号|挂|约|去|到|在|看病|看|找|想|要|给|的|个|一下|我家|我住|住在|我|是|位于|地址|医院|卫生院|诊所|" +
    "今天|明天|后天|下下周[一二三四五六日天]?|下周[一二三四五六日天]?|这周[一二三四五六日天]?|本周[一二三四五六日天]?|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|" +
    "\\d{1,2}月\\d{1,2}[日号]|上午|下午|晚上)",
  "g",
);

/** The Chinese name that ends right before `end` in `s`: the run of ideographs there, after the last break word. */
export function nameBefore(s: string, end: number, maxChars = 16): string {
  const run = /[\u4e00-\u9fff\dA-Za-z]*$/.exec(s.slice(Math.max(0, end - maxChars), end))?.[0] ?? "";
  const pieces = run.split(NAME_BREAK);
  return pieces[pieces.length - 1] ?? "";
}

const DEPT_BLOCK = /^(本|学|理|文|工|专|预|百|教|社|内外|学前|哪|什么|哪个|那个|这个)$/;
const EN_DEPARTMENTS =
  /\b(cardiology|paediatrics|pediatrics|dermatology|orthopaedics|orthopedics|neurology|ophthalmology|dentistry|dental|gynaecology|gynecology|obstetrics|ent|oncology|psychiatry|psychology|urology|gastroenterology|endocrinology|respiratory medicine|rheumatology|nephrology|haematology|hematology|internal medicine|general surgery|surgery|emergency department|emergency|tcm|traditional chinese medicine|eye clinic|dental clinic|rehabilitation)\b/i;

/** A department ("心内科", "Cardiology") in the view `s` of a message. */
export function extractDepartment(s: string): string | undefined {
  for (const m of s.matchAll(/科(?![学技研普室目])/g)) {
    const before = nameBefore(s, m.index, 6);
    const name = [...before].slice(-5).join("");
    if (name && /[\u4e00-\u9fff]/.test(name) && !DEPT_BLOCK.test(name)) return `${name}科`;
  }
  const en = EN_DEPARTMENTS.exec(s);
  return en ? en[1]![0]!.toUpperCase() + en[1]!.slice(1).toLowerCase() : undefined;
}
