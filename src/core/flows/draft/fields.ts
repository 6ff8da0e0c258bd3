import { regionEntry } from "../../../knowledge/regions.ts";
import { normalizeForIndex, toSimplified } from "../../../text/normalize.ts";
import { extractDate } from "./dates.ts";
import type { ExtractOptions, FieldKey } from "./draft.ts";
import { CN_NUM, cnNumber, EN_ORDINALS, extractDepartment, isEnglish, nameBefore, view } from "./words.ts";

/**
 * The fields of a draft read from free text (a request, or the answer to one question): the child, the
 * district, the hospital, the date, the address and the contact.
 */

/** The stored value of the contact field when the talent wants to be contacted in the chat itself. */
export const CHAT_CONTACT = "this chat";

/** The child's grade(s) and age(s): "三年级", "初一", "大班", "Grade 3", "8岁", "8 years old". */
export function extractChild(text: string): string | undefined {
  const s = view(text);
  const found: string[] = [];
  const add = (v: string) => found.includes(v) || found.push(v);
  for (const m of s.matchAll(/(?:[一二三四五六七八九]|[1-9])\s*年级|初[一二三]|高[一二三]|[小中大托]班|学前班/g)) add(m[0].replace(/\s+/g, ""));
  for (const m of s.matchAll(/\b(?:grade|year)\s*(\d{1,2})\b/gi)) add(`Grade ${m[1]}`);
  for (const m of s.matchAll(/\b(\d{1,2})(?:st|nd|rd|th)\s+grade\b/gi)) add(`Grade ${m[1]}`);
  for (const m of s.matchAll(new RegExp(`\\b(${EN_ORDINALS.join("|")})\\s+grade\\b`, "gi"))) add(`Grade ${EN_ORDINALS.indexOf(m[1]!.toLowerCase()) + 1}`);
  for (const m of s.matchAll(new RegExp(`(${CN_NUM})\\s*(?:周岁|岁)(半)?`, "g"))) {
    const n = cnNumber(m[1]!);
    if (n !== undefined && n <= 25) add(`${n}岁${m[2] ?? ""}`);
  }
  for (const m of s.matchAll(/\b(\d{1,2})(?:\s*|-)(?:years?|yrs?)(?:\s*|-)old\b|\b(\d{1,2})-year-old\b|\baged?\s+(\d{1,2})\b/gi)) {
    const n = Number(m[1] ?? m[2] ?? m[3]);
    if (n <= 25) add(`${n} years old`);
  }
  return found.length ? found.join(", ") : undefined;
}

/** Districts the policies name that are not the whole city. */
export function localDistricts(districts: readonly string[] = []): string[] {
  return [...new Set(districts)].filter((d) => !regionEntry(d).cityLevel);
}

const NOT_A_DISTRICT = /^(学区|小区|社区|片区|园区|城区|市区|郊区|景区|辖区|地区|山区|校区|专区|街区|住宅区|生活区|开发区|新区|本区|该区|这个区|哪个区|哪区|任何区)$/;

/** A district the text names: one of `districts` (Chinese name, short name or pinyin), else "X District". */
export function extractDistrict(text: string, districts: readonly string[] = []): string | undefined {
  const s = normalizeForIndex(text);
  const words = s.replace(/[^a-z]+/g, " ").trim().split(" ").filter(Boolean);
  for (const d of localDistricts(districts)) {
    const e = regionEntry(d);
    if (e.zhNames.some((n) => [...n].length >= 2 && s.includes(n))) return d;
    if (e.key.length >= 3) {
      for (let i = 0; i < words.length; i++) {
        for (let n = 1; n <= 3 && i + n <= words.length; n++) if (words.slice(i, i + n).join("") === e.key) return d;
      }
    }
  }
  const en = /\b([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:District|district|Dist\.?)\b/.exec(text.normalize("NFKC"));
  if (en) return `${en[1]} District`;
  return undefined;
}

/** A district as an answer: a known one, "X District", or a short Chinese name ending in 区/县. */
function parseDistrictAnswer(text: string, districts: readonly string[]): string | undefined {
  const known = extractDistrict(text, districts);
  if (known) return known;
  const s = view(text).trim().replace(/^(在|去|希望在|想在|最好在|最好是|希望是|我想去|就)/, "").replace(/(吧|的|就行|就可以|都行|优先|附近|那边|最好|比较好)+[。！!.~\s]*$/, "");
  if (/^[\u4e00-\u9fff]{1,6}(区|县)$/.test(s) && [...s].length >= 2 && !NOT_A_DISTRICT.test(s)) return s;
  return undefined;
}

const EN_NAME_WORD = /^([A-Z][\w'’.-]*|first|second|third|people'?s|people’s|children'?s|women'?s|maternity|university|medical|central|international|city|municipal|general|union|affiliated|provincial|no\.?|\d+)$/;

/** A hospital ("市第一人民医院", "First People's Hospital") and/or a department ("心内科", "cardiology"). */
export function extractHospital(text: string): string | undefined {
  const s = view(text);
  const parts: string[] = [];
  for (const m of s.matchAll(/医院|卫生院|保健院|诊所|医疗中心/g)) {
    const name = nameBefore(s, m.index);
    if ([...name].length >= 2 && /[\u4e00-\u9fff]/.test(name)) {
      parts.push(name + m[0]);
      break;
    }
  }
  if (!parts.length) {
    for (const m of s.matchAll(/\b(hospital|clinic|medical cent(?:er|re))\b/gi)) {
      const words = s.slice(0, m.index).trimEnd().split(/\s+/);
      const name: string[] = [];
      while (words.length && EN_NAME_WORD.test(words[words.length - 1]!)) name.unshift(words.pop()!);
      if (name.length) {
        parts.push(`${name.join(" ")} ${m[1]![0]!.toUpperCase()}${m[1]!.slice(1)}`);
        break;
      }
    }
  }
  const dept = extractDepartment(s);
  if (dept) parts.push(dept);
  return parts.length ? parts.join(" ") : undefined;
}

// --- addresses -------------------------------------------------------------------------------------------------

// An estate's name, with its phase when it has several ("人才公寓二期").
const PLACE_SUFFIX = /(苑|园|小区|公寓|花园|家园|大厦|广场|新村|新城|城|府|里|湾|庭|居|社区|公馆|名都|华庭|中心|村|楼)([一二三四五六七八九十\d]+期)?$/;

/** An address or apartment: "东湖苑3栋502", "3栋2单元502室", "人才公寓A座1203", "新华路88号", "apartment 1203". */
export function extractAddress(text: string): string | undefined {
  const s = view(text);
  let m = /(\d+|[一二三四五六七八九十]+|[A-Za-z])\s*(栋|幢|号楼|座|楼)\s*(?:(\d+)\s*单元\s*)?(\d{2,5})\s*(室|号|房)?/.exec(s);
  if (m) {
    const name = nameBefore(s, m.index);
    const core = m[0].replace(/\s+/g, "").replace(/[，,。.]$/, "");
    return (PLACE_SUFFIX.test(name) ? name : "") + core;
  }
  m = /(\d+)\s*号(?!楼)/.exec(s);
  if (m) {
    const road = nameBefore(s, m.index);
    if (/(路|街|大道|巷|道|弄)$/.test(road)) {
      const tail = /^\s*(\d+\s*号)\s*(\d{2,5}\s*室)?/.exec(s.slice(m.index))!;
      return road + tail[0].replace(/\s+/g, "");
    }
  }
  m = /(?:房号|房间号|门牌号)\s*[:：是为]?\s*([A-Za-z]?\d{2,5})|(\d{3,5})\s*(室|房间|号房)/.exec(s);
  if (m) {
    const room = m[1] ?? `${m[2]}${m[3]}`;
    const name = nameBefore(s, m.index);
    return (PLACE_SUFFIX.test(name) ? name : "") + room;
  }
  const en: string[] = [];
  for (const x of s.matchAll(/\b(?:building|block|bldg\.?|tower)\s*(?:no\.?\s*|#\s*)?([a-z]?\d{1,3}[a-z]?)\b/gi)) en.push(`Building ${x[1]!.toUpperCase()}`);
  for (const x of s.matchAll(/\b(apartment|apt\.?|flat|room|rm\.?|unit|suite)\s*(?:no\.?\s*|number\s*|#\s*)?([a-z]?\d{1,5}[a-z]?)\b/gi)) {
    const word = x[1]!.toLowerCase().replace(/\.$/, "");
    const label = { apt: "Apartment", rm: "Room" }[word] ?? word[0]!.toUpperCase() + word.slice(1);
    en.push(`${label} ${x[2]!.toUpperCase()}`);
  }
  const street = /\b(?:no\.?\s*)?\d{1,5},?\s+(?:[A-Za-z]+\s+){1,4}(?:road|rd|street|st|avenue|ave|lane|ln|boulevard|blvd)\b\.?/i.exec(s);
  if (street) en.push(street[0]);
  // The estate an apartment number belongs to: "Apartment 1203, Donghu Court".
  const estate = /\b(?:[A-Z][a-z]+\s+){1,3}(?:Court|Gardens?|Residences?|Apartments|Tower|Estate|Village|Community|Mansion|Plaza|Park)\b(?:,?\s+Phase\s+(?:[IVX]+|\d+|[A-Z])\b)?/.exec(s);
  if (en.length && estate) en.push(estate[0]);
  return en.length ? en.join(", ") : undefined;
}

/** An address as an answer: what `extractAddress` finds, or a named place with a number ("人才公寓12号楼"). */
function parseAddressAnswer(text: string): string | undefined {
  const found = extractAddress(text);
  const s = view(text).trim();
  // Asked for the address, the talent types just that: it is kept whole ("Building 3, Room 1203, Talent
  // Apartments Phase II"), not cut to the part a pattern recognises.
  const whole = s.replace(/^(地址(是|为)?|我住在|住在|it'?s|it is|i live (in|at)|(my )?address( is)?)\s*[:：]?\s*/i, "").replace(/[\s。.!！]+$/, "");
  const bare = (x: string) => [...x.replace(/[\s,，]/g, "")].length;
  if (found && !/[。！？!?；;]/.test(whole) && bare(whole) <= bare(found) + 6) return whole;
  if (found) return found;
  const named = /[\u4e00-\u9fff]{2,}(苑|园|小区|公寓|花园|家园|大厦|广场|新村|城|府|社区|路|街|大道)/.test(s) || /\b(apartment|apartments|residence|court|garden|gardens|tower|road|street|avenue)\b/i.test(s);
  return named && /\d/.test(s) && [...s].length <= 80 ? s : undefined;
}

// --- contact ---------------------------------------------------------------------------------------------------

const CHAT_PHRASE =
  /(\bthis chat\b|\bin (the |this )?chat\b|\bvia (the |this )?chat\b|\b(contact|message|reach|reply to) me here\b|\bright here\b|^here[.!]?$|^(just )?here (is fine|please|is ok|is good)|\bhere in (the |this )?chat\b|\bon telegram\b|\bon slack\b|就在这里|在这里联系|这里联系|就这里|在这儿|就在这儿|这里就行|这里就可以|本对话|这个对话|这个聊天|聊天里|在这里回复|这里回复|在线联系|直接回复我|^这里$)/i;

/** A phone number, an email, a WeChat id, or "this chat" ("就在这里联系"), as the contact to store. */
export function extractContact(text: string): string | undefined {
  const s = text.normalize("NFKC");
  const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(s);
  if (email) return email[0];
  const phone =
    /(?<![\d])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?![\d])/.exec(s) ??
    /(?<![\d])\+\d{1,3}[\s-]?\d[\d\s-]{6,14}\d(?![\d])/.exec(s) ??
    /(?<![\d])0\d{2,3}[\s-]?\d{7,8}(?![\d])/.exec(s);
  if (phone) return phone[0].replace(/[\s-]+/g, "");
  const wechat = /(?:微信|wechat|weixin)\s*(?:号|id)?\s*(?:是|为|:|：)?\s*([a-zA-Z][-_a-zA-Z0-9]{5,19})/i.exec(s);
  if (wechat) return `WeChat ${wechat[1]}`;
  if (CHAT_PHRASE.test(toSimplified(s).trim())) return CHAT_CONTACT;
  return undefined;
}

/** Every field the message states (whatever the category). */
export function extractFields(text: string, options: ExtractOptions = {}): Partial<Record<FieldKey, string>> {
  const out: Partial<Record<FieldKey, string>> = {};
  const set = (k: FieldKey, v: string | undefined) => {
    if (v) out[k] = v;
  };
  set("child", extractChild(text));
  set("district", extractDistrict(text, options.districts));
  set("hospital", extractHospital(text));
  set("date", extractDate(text, options.now, options.timeZone));
  set("address", extractAddress(text));
  set("contact", extractContact(text));
  return out;
}

/**
 * Validates the answer to a question about `key` and returns the value to store, or undefined when the answer
 * does not give one. A bare number is accepted as the child's age.
 */
export function parseField(key: FieldKey, answer: string, options: ExtractOptions = {}): string | undefined {
  const text = answer.trim();
  if (!text) return undefined;
  switch (key) {
    case "details":
      return [...text].length >= 2 ? text : undefined;
    case "child": {
      const found = extractChild(text);
      if (found) return found;
      const bare = /^(\d{1,2})[.!。]?$/.exec(text.normalize("NFKC"));
      if (bare && Number(bare[1]) <= 18) return isEnglish(options.lang, text) ? `${Number(bare[1])} years old` : `${Number(bare[1])}岁`;
      return undefined;
    }
    case "district":
      return parseDistrictAnswer(text, options.districts ?? []);
    case "hospital":
      return extractHospital(text);
    case "date":
      return extractDate(text, options.now, options.timeZone);
    case "address":
      return parseAddressAnswer(text);
    case "contact":
      return extractContact(text);
  }
}
