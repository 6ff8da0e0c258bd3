import { z } from "zod";
import type { Lang } from "../../../text/normalize.ts";
import { CATEGORIES, PRIORITIES, type Category, type Priority, type TicketPassage } from "../../../tickets/ticket.ts";
import { detectCategory, detectPriority, summarize } from "./classify.ts";
import { extractFields, parseField } from "./fields.ts";

/**
 * Ticket drafts: which fields each category needs, the draft kept in the conversation, which field to ask for
 * next, and how an answer to one question is validated; with the offline reading of a request into a draft.
 * The rules that read a message are in `classify.ts` (category, priority, summary), `fields.ts` and `dates.ts`.
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
