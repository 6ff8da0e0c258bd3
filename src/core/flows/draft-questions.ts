import { regionEntry } from "../../knowledge/regions.ts";
import type { Lang } from "../../text/normalize.ts";
import { textGroup } from "../catalogue.ts";
import { reply, type FlowContext } from "../engine.ts";
import { t, type Bilingual } from "../i18n.ts";
import type { Action, Reply } from "../messages.ts";
import { fieldsFor, missingField, type Draft, type ExtractOptions, type FieldKey, type FieldSpec } from "./draft/draft.ts";
import { CHAT_CONTACT, localDistricts } from "./draft/fields.ts";
import { CATEGORY_LABELS, DESK_TEXTS, now, type DeskEnv } from "./shared.ts";

/**
 * The draft's side of the request flow: the question for the next missing field, or the completed draft shown
 * for confirmation, with its Confirm and Cancel buttons. The draft waits in `ConversationState.flow` (Keyv),
 * so a restart loses nothing.
 */

const FIELD_LABELS: Record<FieldKey, Bilingual> = textGroup("fields", ["details", "child", "district", "hospital", "date", "address", "contact"]);

/** What an invalid answer lacked, for "Sorry, I couldn't find {what} in that". */
export const FIELD_WHAT: Record<FieldKey, Bilingual> = textGroup("fieldWhat", ["details", "child", "district", "hospital", "date", "address", "contact"]);

// The question that asks for each detail (read when asked: the texts come from the deployment's files).
const QUESTIONS: Record<FieldKey, () => Bilingual> = {
  details: () => DESK_TEXTS.askDetails,
  child: () => DESK_TEXTS.askChild,
  district: () => DESK_TEXTS.askDistrict,
  hospital: () => DESK_TEXTS.askHospital,
  date: () => DESK_TEXTS.askDate,
  address: () => DESK_TEXTS.askAddress,
  contact: () => DESK_TEXTS.askContact,
};

/** The districts the policies name (not the whole city); none without a knowledge base. */
function districts(env: DeskEnv): string[] {
  if (!env.knowledge) return [];
  return localDistricts([...env.knowledge().docs.values()].flatMap((d) => (d.region ? [d.region] : [])));
}

/** How the draft rules read this message: the districts, the time and zone, the language. */
export const extractOptions = (env: DeskEnv, ctx: FlowContext): ExtractOptions => ({ districts: districts(env), now: now(env, ctx), timeZone: env.timeZone, lang: ctx.lang });

function formatValue(key: FieldKey, value: string, lang: Lang): string {
  if (key === "contact" && value === CHAT_CONTACT) return t(DESK_TEXTS.chatContact, lang);
  if (key === "district" && lang === "en" && /[\u3400-\u9fff]/.test(value)) {
    const k = regionEntry(value).key;
    return k ? `${k[0]!.toUpperCase()}${k.slice(1)}` : value;
  }
  return value;
}

function districtExamples(env: DeskEnv, lang: Lang): string {
  const names = districts(env).slice(0, 2);
  if (!names.length) return "";
  if (lang === "en") return `(e.g. ${names.map((n) => formatValue("district", n, "en")).join(", ")}) `;
  return `（例如：${names.join("、")}）`;
}

function question(env: DeskEnv, key: FieldKey, lang: Lang): string {
  return t(QUESTIONS[key](), lang, key === "district" ? { examples: districtExamples(env, lang) } : {});
}

export const draftButtons = (draft: Draft, lang: Lang, confirm: boolean): Action[] => [
  ...(confirm ? [{ id: "confirm_draft", label: t(DESK_TEXTS.confirm, lang), payload: draft.id }] : []),
  { id: "cancel_draft", label: t(DESK_TEXTS.cancel, lang), payload: draft.id },
];

export function saveDraft(ctx: FlowContext, draft: Draft): void {
  ctx.state.flow = { ...draft };
  ctx.state.awaiting = "draft";
}

/** Asks for the field `spec` (after `lead`), and waits for the answer. */
export function ask(env: DeskEnv, ctx: FlowContext, draft: Draft, spec: FieldSpec, lead = ""): Reply {
  draft.pending = spec.key;
  saveDraft(ctx, draft);
  const text = [lead, question(env, spec.key, ctx.lang)].filter(Boolean).join("\n");
  return reply(text, ctx.lang, { actions: draftButtons(draft, ctx.lang, false) });
}

/** Shows the complete draft (after `lead`) for confirmation. */
export function show(ctx: FlowContext, draft: Draft, lead = ""): Reply {
  draft.pending = "confirm";
  saveDraft(ctx, draft);
  const lang = ctx.lang;
  const lines = fieldsFor(draft.category).flatMap((f) => {
    const v = draft.fields[f.key];
    const value = v ? formatValue(f.key, v, lang) : draft.skipped.includes(f.key) ? t(DESK_TEXTS.skipped, lang) : undefined;
    return value ? [t(DESK_TEXTS.fieldLine, lang, { label: t(FIELD_LABELS[f.key], lang), value })] : [];
  });
  const passages = draft.passagesSearched ? (draft.passages.length ? t(DESK_TEXTS.passagesFound, lang, { n: draft.passages.length }) : t(DESK_TEXTS.passagesNone, lang)) : "";
  const body = t(DESK_TEXTS.draft, lang, {
    category: t(CATEGORY_LABELS[draft.category], lang),
    urgent: draft.priority === "urgent" ? t(DESK_TEXTS.urgentTag, lang) : "",
    summary: draft.summary,
    fields: lines.join("\n"),
    passages,
  });
  return reply([lead, body].filter(Boolean).join("\n"), lang, { actions: draftButtons(draft, lang, true) });
}

/** The next question, or the draft for confirmation when nothing is missing. */
export function proceed(env: DeskEnv, ctx: FlowContext, draft: Draft, lead = ""): Reply {
  const next = missingField(draft);
  return next ? ask(env, ctx, draft, next, lead) : show(ctx, draft, lead);
}
