import { CONCEPT_PREFIX, Tokenizer } from "../../../knowledge/tokenize.ts";
import { normalizeForIndex, toSimplified } from "../../../text/normalize.ts";
import type { Category, Priority } from "../../../tickets/ticket.ts";
import { extractDepartment } from "./words.ts";

/** What a request is about, how urgent it is, and its one-line summary. */

const CATEGORY_CONCEPTS: Record<Exclude<Category, "other">, Record<string, number>> = {
  housing: {
    housing: 1, apartment: 2, talent_apartment: 2, rent: 1, rent_subsidy: 2, purchase: 1, purchase_subsidy: 2, repair: 2, heating: 2,
    property_service: 2, move_in: 1, move_out: 1, gas_utilities: 2, deposit: 1, keys_locks: 2, vacancy: 1, resale_home: 1, lease_term: 1,
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
