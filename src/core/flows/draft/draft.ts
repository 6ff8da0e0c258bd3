import { z } from "zod";
import { regionEntry } from "../../../knowledge/regions.ts";
import { CONCEPT_PREFIX, Tokenizer } from "../../../knowledge/tokenize.ts";
import { normalizeForIndex, toSimplified, type Lang } from "../../../text/normalize.ts";
import { CATEGORIES, PRIORITIES, type Category, type Priority, type TicketPassage } from "../../../tickets/ticket.ts";

/**
 * Ticket drafts: what the offline rules read from a talent's request (category, priority, summary, the
 * category's fields), which field to ask for next, and how an answer to one question is validated.
 * Everything here is pure; the conversation around it is the request flow (`../request.ts`).
 */

// ---------------------------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------------------------

/** Everything a draft may ask for. `details` is asked only when a draft starts without any text. */
export const FIELD_KEYS = ["details", "child", "district", "hospital", "date", "address", "contact"] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

export interface FieldSpec {
  key: FieldKey;
  required: boolean;
}

/** The fields each category needs, in the order they are asked; every category also needs a contact. */
export const CATEGORY_FIELDS: Record<Category, readonly FieldSpec[]> = {
  schooling: [
    { key: "child", required: true },
    { key: "district", required: false },
  ],
  medical: [
    { key: "hospital", required: true },
    { key: "date", required: false },
  ],
  housing: [{ key: "address", required: true }],
  settlement: [],
  other: [],
};

export const CONTACT_FIELD: FieldSpec = { key: "contact", required: true };
const DETAILS_FIELD: FieldSpec = { key: "details", required: true };

/** The fields of a category, contact last. */
export function fieldsFor(category: Category): FieldSpec[] {
  return [...CATEGORY_FIELDS[category], CONTACT_FIELD];
}

/** The stored value of the contact field when the talent wants to be contacted in the chat itself. */
export const CHAT_CONTACT = "this chat";

/** What a request says, as far as a ticket goes. `fields` holds only what the message states. */
export interface DraftExtraction {
  category: Category;
  priority: Priority;
  /** One line, at most 60 characters, in the talent's words. */
  summary: string;
  /** The whole message. */
  details: string;
  fields: Partial<Record<FieldKey, string>>;
}

export interface ExtractOptions {
  /** District names the policies use (e.g. `东湖区`); city-level names are ignored. */
  districts?: readonly string[];
  /** For relative dates ("下周一", "next Monday"). Default: now. */
  now?: Date;
  /** Calendar of relative dates. Default `Asia/Shanghai`. */
  timeZone?: string;
  /** Language of canonical values such as a bare age ("8" → "8岁" / "8 years old"). Default from the text. */
  lang?: Lang;
}

/** Reads a draft from a message: the offline rules, or a model with the rules as fallback (`extract-llm.ts`). */
export interface DraftExtractor {
  extract(text: string, options?: ExtractOptions): Promise<DraftExtraction>;
}

// ---------------------------------------------------------------------------------------------------------------
// Draft state (kept in `ConversationState.flow`, so it survives restarts)
// ---------------------------------------------------------------------------------------------------------------

const passageSchema = z.object({ chunkId: z.string(), docId: z.string(), title: z.string(), section: z.string() });

export const draftSchema = z.object({
  kind: z.literal("draft"),
  /** Random id; Confirm/Cancel buttons carry it so a stale button cannot act on a newer draft. */
  id: z.string(),
  category: z.enum(CATEGORIES),
  priority: z.enum(PRIORITIES),
  summary: z.string(),
  details: z.string(),
  fields: z.record(z.string(), z.string()),
  /** Optional fields the talent skipped. */
  skipped: z.array(z.enum(FIELD_KEYS)),
  /** The field last asked for, or `confirm` when the draft is complete and shown for confirmation. */
  pending: z.union([z.enum(FIELD_KEYS), z.literal("confirm")]).optional(),
  lang: z.enum(["zh", "zh-Hant", "en"]),
  passages: z.array(passageSchema),
  passagesSearched: z.boolean(),
  /** `commissioner`: from the "ask my commissioner" button, after a question the policies did not answer. */
  origin: z.enum(["request", "commissioner"]),
  createdAt: z.string(),
});
export type Draft = z.infer<typeof draftSchema>;

/** The draft stored in a conversation's `flow`, or undefined when there is none (or it is not readable). */
export function readDraft(flow: unknown): Draft | undefined {
  const r = draftSchema.safeParse(flow);
  return r.success ? r.data : undefined;
}

/** Builds a draft from an extraction, keeping only the fields its category uses. */
export function newDraft(
  x: DraftExtraction,
  init: { id: string; lang: Lang; now: Date; passages?: TicketPassage[]; passagesSearched?: boolean; origin?: Draft["origin"] },
): Draft {
  return {
    kind: "draft",
    id: init.id,
    category: x.category,
    priority: x.priority,
    summary: x.summary,
    details: x.details,
    fields: relevantFields(x.category, x.fields),
    skipped: [],
    lang: init.lang,
    passages: init.passages ?? [],
    passagesSearched: init.passagesSearched ?? false,
    origin: init.origin ?? "request",
    createdAt: init.now.toISOString(),
  };
}

/** Only the fields `category` asks for (and the contact). */
export function relevantFields(category: Category, fields: Partial<Record<FieldKey, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fieldsFor(category)) {
    const v = fields[f.key];
    if (v) out[f.key] = v;
  }
  return out;
}

/**
 * The next field to ask for: the first required field without a value, or an optional field that was neither
 * answered nor skipped (each optional field is asked once). Undefined when the draft is ready to confirm.
 */
export function missingField(d: Pick<Draft, "category" | "details" | "fields" | "skipped">): FieldSpec | undefined {
  if (!d.details.trim()) return DETAILS_FIELD;
  for (const f of fieldsFor(d.category)) {
    if (d.fields[f.key]) continue;
    if (f.required || !d.skipped.includes(f.key)) return f;
  }
  return undefined;
}

/** The spec of a field of a draft (`details` included). */
export function fieldSpec(category: Category, key: FieldKey): FieldSpec | undefined {
  return key === "details" ? DETAILS_FIELD : fieldsFor(category).find((f) => f.key === key);
}

const SKIP = /^(skip( (it|this( one)?))?|pass|none|n\/?a|no preference|no|nope|not sure|don'?t know|any|anything|whatever|跳过|跳過|略过|略過|不填|没有|沒有|无|無|不限|都行|都可以|随便|隨便|无所谓|無所謂|不知道|不确定|不確定)[\s.!。！~]*$/i;

/** "skip", "跳过", "略過", "no preference"… (accepted for optional fields only). */
export function isSkip(text: string): boolean {
  return SKIP.test(text.normalize("NFKC").trim());
}

export type AnswerOutcome = "accepted" | "skipped" | "required" | "invalid";

/**
 * Applies the talent's answer to the pending field `key`: validates it, accepts "skip" for an optional field,
 * and fills any other empty field the answer also states (e.g. a district and a phone number in one line).
 * Returns the outcome and the updated draft (a copy).
 */
export function applyAnswer(draft: Draft, key: FieldKey, text: string, options: ExtractOptions = {}): { outcome: AnswerOutcome; draft: Draft } {
  const next: Draft = { ...draft, fields: { ...draft.fields }, skipped: [...draft.skipped] };
  const spec = fieldSpec(draft.category, key);
  if (isSkip(text)) {
    if (!spec || spec.required) return { outcome: "required", draft };
    if (!next.skipped.includes(key)) next.skipped.push(key);
    return { outcome: "skipped", draft: next };
  }
  const value = parseField(key, text, { ...options, lang: options.lang ?? draft.lang });
  const others = relevantFields(draft.category, extractFields(text, { ...options, lang: options.lang ?? draft.lang }));
  let filledOther = false;
  for (const [k, v] of Object.entries(others)) {
    if (k !== key && !next.fields[k]) {
      next.fields[k] = v;
      filledOther = true;
    }
  }
  if (value) {
    if (key === "details") next.details = value;
    else next.fields[key] = value;
    return { outcome: "accepted", draft: next };
  }
  return { outcome: "invalid", draft: filledOther ? next : draft };
}

// ---------------------------------------------------------------------------------------------------------------
// Category, priority, summary
// ---------------------------------------------------------------------------------------------------------------

const CATEGORY_CONCEPTS: Record<Exclude<Category, "other">, Record<string, number>> = {
  housing: {
    housing: 1, apartment: 2, talent_apartment: 2, rent: 1, rent_subsidy: 2, purchase: 1, purchase_subsidy: 2, repair: 2, heating: 2,
    property_service: 2, move_in: 1, gas_utilities: 2, deposit: 1, keys_locks: 2, vacancy: 1, resale_home: 1, lease_term: 1,
  },
  schooling: {
    school: 2, enrolment: 2, school_place: 2, kindergarten: 2, primary_school: 2, middle_school: 2, high_school: 2, international_school: 2,
    tuition: 2, transfer_school: 2, school_choice: 2, catchment: 2, child: 0.5,
  },
  medical: {
    medical: 2, hospital: 2, appointment: 1, green_channel: 2, checkup: 2, insurance: 1, specialist: 1, tcm: 2, designated_hospital: 2,
    medicine: 1, pediatrics: 2, exam_items: 1, illness: 2,
  },
  settlement: {
    hukou: 2, settle: 1, collective_hukou: 2, spouse: 1, spouse_employment: 2, work_permit: 2, residence_permit: 2, police_immigration: 1,
    job: 0.5, family: 0.5, foreigner: 0.5,
  },
};

const GRADE_HINT = /([一二三四五六七八九1-9]\s*年级|初[一二三]|高[一二三]|\bgrade\s*\d|\b\d{1,2}(st|nd|rd|th)\s+grade|\b(first|second|third|fourth|fifth|sixth)\s+grade)/i;

/** The category of a request, from the domain lexicon's concepts (and grades, departments). */
export function detectCategory(text: string, tokenizer = Tokenizer.default()): Category {
  const concepts = tokenizer.tokenize(text).filter((t) => t.startsWith(CONCEPT_PREFIX)).map((t) => t.slice(CONCEPT_PREFIX.length));
  const score: Record<Exclude<Category, "other">, number> = { housing: 0, schooling: 0, medical: 0, settlement: 0 };
  for (const c of concepts) for (const cat of Object.keys(score) as (keyof typeof score)[]) score[cat] += CATEGORY_CONCEPTS[cat][c] ?? 0;
  const norm = normalizeForIndex(text);
  if (GRADE_HINT.test(norm)) score.schooling += 2;
  if (extractDepartment(toSimplified(text.normalize("NFKC")))) score.medical += 1;
  let best: Category = "other";
  let top = 0;
  for (const cat of Object.keys(score) as (keyof typeof score)[]) {
    if (score[cat] > top) {
      best = cat;
      top = score[cat];
    }
  }
  return top >= 1 ? best : "other";
}

const URGENT =
  /(\burgent\b|\burgently\b|\basap\b|as soon as possible|\bemergency\b|right away|immediately|\bno (heating|heat|hot water|water|power|electricity|gas)\b|(heating|heater|radiator|boiler|power|electricity|water supply)\b.{0,40}?\b(is|are|has|have|went|gone) (off|out|down|gone|cut|not working|broken|stopped|died)|(heating|heater|radiator|boiler)\b.{0,40}?\b(broken|not working|doesn'?t work|isn'?t working|stopped working)|power (cut|outage|failure)|black ?out|smell(s|ing)? (of )?gas|gas (smell|leak)|\bleak(s|ing|ed)?\b|flood(ed|ing)?|burst pipe|紧急|加急|很急|急需|着急|急事|火急|尽快|马上|立刻|立即|没有?暖气|暖气.{0,8}(坏|不热|停|没)|停暖|没有?热水|停水|没有?水了|没水|停电|没有?电了|断电|燃气泄漏|煤气泄漏|漏气|煤气味|燃气味|天然气味|漏水|渗水|爆管|水管(爆|裂)|着火|火灾)/i;

/** `urgent` for no heating, water or power, a gas smell, a leak, or "urgent"/"紧急"/"asap"; else `normal`. */
export function detectPriority(text: string): Priority {
  return URGENT.test(normalizeForIndex(text)) ? "urgent" : "normal";
}

const LEADS: RegExp[] = [
  /^(hi|hello|hey|dear \w+|你好|您好|嗨|哈喽)[\s,，!！.。~]*/i,
  /^(can|could|would|will) (you|u) (please |pls |kindly )?(help me |help to |help )?/i,
  /^(please|pls|plz|kindly)\s+(help me\s+|help\s+)?/i,
  /^(i need you to|i'?d like you to|i want you to|help me)\s+/i,
  /^(请问|请你|请您|请|麻烦你|麻烦您|麻烦|拜托|劳驾)(帮我|帮忙|帮|给我)?/,
  /^(能不能|可不可以|可以|能否)(帮我|帮忙)/,
  /^(帮我|帮忙|替我)/,
];

/** A one-line summary of a message: its first sentence without politeness, at most `max` characters. */
export function summarize(text: string, max = 60): string {
  let s = text.replace(/\s+/g, " ").trim();
  // Leads are matched on the simplified text and cut from the original, which keeps the talent's script.
  const simplified = toSimplified(s);
  if ([...simplified].length === [...s].length) {
    let rest = simplified;
    for (let i = 0; i < 3; i++) for (const re of LEADS) rest = rest.replace(re, "").trimStart();
    s = [...s].slice([...simplified].length - [...rest].length).join("");
  }
  const first = s.split(/(?<=[。！？!?；;\n])|(?<=\.)\s+/)[0]?.trim() ?? s;
  // Keep a second sentence when the first is too short to say anything ("Hi!", "急！").
  s = [...first].length >= 6 ? first : s;
  s = s.replace(/[。.!！；;，,、\s]+$/, "");
  if (/^[a-z]/.test(s)) s = s[0]!.toUpperCase() + s.slice(1);
  const chars = [...s];
  if (chars.length > max) {
    let cut = chars.slice(0, max - 1).join("");
    // English is cut at a word boundary ("…it's freezing…", not "…it's freezi…"); a clause break is better still.
    const clause = Math.max(cut.lastIndexOf(", "), cut.lastIndexOf("，"), cut.lastIndexOf("、"));
    if (clause >= max / 2) cut = cut.slice(0, clause);
    else if (/[A-Za-z]/.test(chars[max - 1] ?? "") && /[A-Za-z]$/.test(cut) && cut.lastIndexOf(" ") >= max / 2) cut = cut.slice(0, cut.lastIndexOf(" "));
    s = `${cut.replace(/[\s,，、;；:：]+$/, "")}…`;
  }
  return s || [...text.trim()].slice(0, max).join("");
}

// ---------------------------------------------------------------------------------------------------------------
// Fields from free text
// ---------------------------------------------------------------------------------------------------------------

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "25", "二十五", "十一", "三" → number (up to 99). */
export function cnNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (CN_DIGITS[s] !== undefined) return CN_DIGITS[s];
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return undefined;
}

const CN_NUM = "(?:\\d{1,2}|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])";
const EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"];

/** Simplified, NFKC, case kept: the view every field pattern reads. */
function view(text: string): string {
  return toSimplified(text.normalize("NFKC"));
}

function isEnglish(lang: Lang | undefined, text: string): boolean {
  return lang ? lang === "en" : !/[\u3400-\u9fff]/.test(text);
}

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

// Words that end a name when reading backwards from a suffix ("帮我预约市第一人民医院" → "市第一人民医院").
const NAME_BREAK = new RegExp(
  "(?:帮我|帮忙|请问|请|麻烦|预约|挂号|挂|约|去|到|在|看病|看|找|想|要|给|的|个|一下|我家|我住|住在|我|是|位于|地址|医院|卫生院|诊所|" +
    "今天|明天|后天|下下周[一二三四五六日天]?|下周[一二三四五六日天]?|这周[一二三四五六日天]?|本周[一二三四五六日天]?|周[一二三四五六日天]|星期[一二三四五六日天]|礼拜[一二三四五六日天]|" +
    "\\d{1,2}月\\d{1,2}[日号]|上午|下午|晚上)",
  "g",
);

/** The Chinese name that ends right before `end` in `s`: the run of ideographs there, after the last break word. */
function nameBefore(s: string, end: number, maxChars = 16): string {
  const run = /[\u4e00-\u9fff\dA-Za-z]*$/.exec(s.slice(Math.max(0, end - maxChars), end))?.[0] ?? "";
  const pieces = run.split(NAME_BREAK);
  return pieces[pieces.length - 1] ?? "";
}

const DEPT_BLOCK = /^(本|学|理|文|工|专|预|百|教|社|内外|学前|哪|什么|哪个|那个|这个)$/;
const EN_DEPARTMENTS =
  /\b(cardiology|paediatrics|pediatrics|dermatology|orthopaedics|orthopedics|neurology|ophthalmology|dentistry|dental|gynaecology|gynecology|obstetrics|ent|oncology|psychiatry|psychology|urology|gastroenterology|endocrinology|respiratory medicine|rheumatology|nephrology|haematology|hematology|internal medicine|general surgery|surgery|emergency department|emergency|tcm|traditional chinese medicine|eye clinic|dental clinic|rehabilitation)\b/i;

function extractDepartment(s: string): string | undefined {
  for (const m of s.matchAll(/科(?![学技研普室目])/g)) {
    const before = nameBefore(s, m.index, 6);
    const name = [...before].slice(-5).join("");
    if (name && /[\u4e00-\u9fff]/.test(name) && !DEPT_BLOCK.test(name)) return `${name}科`;
  }
  const en = EN_DEPARTMENTS.exec(s);
  return en ? en[1]![0]!.toUpperCase() + en[1]!.slice(1).toLowerCase() : undefined;
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

// --- dates -----------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// Putting it together
// ---------------------------------------------------------------------------------------------------------------

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

/** The offline extraction: lexicon category, urgency rules, summary, the category's fields. */
export function extractDraft(text: string, options: ExtractOptions = {}): DraftExtraction {
  const details = text.trim();
  const category = detectCategory(details);
  return {
    category,
    priority: detectPriority(details),
    summary: summarize(details),
    details,
    fields: relevantFields(category, extractFields(details, options)),
  };
}

/** `extractDraft` behind the `DraftExtractor` interface. */
export const ruleExtractor: DraftExtractor = {
  extract: async (text, options) => extractDraft(text, options),
};
