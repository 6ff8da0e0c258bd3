import { CN_NUM, cnNumber, view } from "./words.ts";

/** The preferred date of a request or an answer ("下周一", "Nov 25", "tomorrow"), in the city's calendar. */

const DAY_MS = 86_400_000;
const EN_WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const ZH_WEEKDAYS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const EN_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** Today's date in `timeZone`, as a UTC midnight. */
function today(now: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day")));
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function validDate(y: number, m: number, d: number): Date | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : undefined;
}

/** A month and day without a year: this year, or next year when it has passed. */
function upcoming(base: Date, m: number, d: number): Date | undefined {
  const y = base.getUTCFullYear();
  const date = validDate(y, m, d);
  if (!date) return undefined;
  return date < base ? validDate(y + 1, m, d) : date;
}

/**
 * A preferred date: `2026-11-25`, `2026年11月25日`, `11月25日`, `今天/明天/后天`, `下周一`, `周五`, `Nov 25`,
 * `25 November`, `tomorrow`, `next Monday`, `this Friday`; the result is `YYYY-MM-DD (as said)`. Vague answers
 * ("下周", "next week", "尽快", "asap") are kept as said. Undefined for no date or a date in the past.
 */
export function extractDate(text: string, now = new Date(), timeZone = "Asia/Shanghai"): string | undefined {
  const s = view(text).toLowerCase();
  const base = today(now, timeZone);
  const dow = base.getUTCDay();
  const plus = (n: number) => new Date(base.getTime() + n * DAY_MS);
  const mondayThisWeek = plus(-((dow + 6) % 7));
  const weekday = (w: number, week: number) => new Date(mondayThisWeek.getTime() + (week * 7 + ((w + 6) % 7)) * DAY_MS);
  const original = view(text);
  const said = (date: Date | undefined, match: RegExpExecArray) =>
    date && date >= base ? `${iso(date)} (${original.slice(match.index, match.index + match[0].length).trim()})` : undefined;
  const coming = (w: number) => plus(((w - dow + 7) % 7) || 7);

  let m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/.exec(s);
  if (m) {
    const d = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return d && d >= base ? iso(d) : undefined;
  }
  m = new RegExp(`(${CN_NUM})\\s*月\\s*(${CN_NUM})\\s*[日号]`).exec(s);
  if (m) return said(upcoming(base, cnNumber(m[1]!) ?? 0, cnNumber(m[2]!) ?? 0), m);
  m = new RegExp(`\\b(${EN_MONTHS.join("|")})[a-z]*\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`).exec(s);
  if (m) return said(upcoming(base, EN_MONTHS.indexOf(m[1]!) + 1, Number(m[2])), m);
  m = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${EN_MONTHS.join("|")})[a-z]*\\b`).exec(s);
  if (m) return said(upcoming(base, EN_MONTHS.indexOf(m[2]!) + 1, Number(m[1])), m);

  m = /大后天|后天|明天|明日|今天|今日/.exec(s);
  if (m) return said(plus({ 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 }[m[0]] ?? 0), m);
  m = /\b(day after tomorrow|tomorrow|today)\b/.exec(s);
  if (m) return said(plus(m[1] === "today" ? 0 : m[1] === "tomorrow" ? 1 : 2), m);

  m = /(下下|下个|下|这个|这|本)?\s*(?:周|星期|礼拜)([一二三四五六日天])/.exec(s);
  if (m) {
    const w = ZH_WEEKDAYS[m[2]!]!;
    const week = m[1] === "下下" ? 2 : m[1] === "下" || m[1] === "下个" ? 1 : m[1] ? 0 : undefined;
    const date = week === undefined ? coming(w) : weekday(w, week);
    // "这周五" said on a Sunday means the coming Friday.
    return said(week === 0 && date < base ? coming(w) : date, m);
  }
  m = new RegExp(`\\b(next|this|coming|on)?\\s*(${EN_WEEKDAYS.join("|")})\\b`).exec(s);
  if (m) {
    const w = EN_WEEKDAYS.indexOf(m[2]!);
    const date = m[1] === "next" ? weekday(w, 1) : m[1] === "this" ? weekday(w, 0) : coming(w);
    return said(m[1] === "this" && date < base ? coming(w) : date, m);
  }
  m = /(尽快|越快越好|越早越好|下下周|下周|下个?星期|下个?礼拜|这周|本周|周末|下个月|\basap\b|as soon as possible|next week|this week|the weekend|this weekend|next month)/.exec(s);
  if (m) return m[0];
  return undefined;
}
