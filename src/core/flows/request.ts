import { randomUUID } from "node:crypto";
import type { Hit } from "../../knowledge/document.ts";
import { answerability } from "../../knowledge/hybrid-retriever.ts";
import { toSimplified } from "../../text/normalize.ts";
import type { NewTicket } from "../../tickets/service.ts";
import type { TicketPassage } from "../../tickets/ticket.ts";
import { reply, type FlowContext } from "../engine.ts";
import { t } from "../i18n.ts";
import type { Reply } from "../messages.ts";
import { TEXTS } from "../texts.ts";
import { cancelTicket } from "./cancel.ts";
import { applyAnswer, fieldSpec, missingField, newDraft, readDraft, relevantFields, type Draft, type DraftExtraction } from "./draft/draft.ts";
import { extractFields } from "./draft/fields.ts";
import { ask, draftButtons, extractOptions, FIELD_WHAT, proceed, saveDraft, show } from "./draft-questions.ts";
import { explicitRelay } from "./relay.ts";
import { CANCEL, clearFlow, DESK_TEXTS, now, plain, unrelated, type DeskEnv } from "./shared.ts";

/**
 * The request flow: a request (or the "ask my commissioner" button) becomes a draft, completed one question at
 * a time (`draft-questions.ts`) and confirmed before it is filed, with the policy passages found for it.
 */

const ONLY_COMMISSIONER =
  /^(please |pls )?((i want|i'd like|i would like|can i|could i|let me) (to )?)?(ask|contact|talk to|speak to|speak with|talk with|chat with|get|reach|pass (this|it) to) (my |the |a )?(service )?(commissioner|human|person|agent)( please| for me)?[.!?。！]*$|^(请)?(请专员帮我|专员帮我|请专员|找专员|联系专员|联系我的专员|转人工|人工服务|转专员|找人工|人工|请专员帮忙)[吧。！!]*$/i;

const CONFIRM = /^(\/?confirm|confirmed|yes|y|yep|yeah|ok|okay|submit|send( it)?|go ahead|sure|correct|that'?s right|looks good|确认|确定|提交|确认提交|是|是的|好|好的|可以|对|对的|没问题|没错|行)[\s.!。！~]*$/i;

/** A draft nobody touched for `draftTtlHours`: an answer that does not fit it lets it go. */
const stale = (env: DeskEnv, ctx: FlowContext, draft: Draft) => now(env, ctx).getTime() - Date.parse(draft.createdAt) > env.draftTtlHours * 3600_000;

function toPassages(env: DeskEnv, hits: Hit[]): TicketPassage[] {
  const seen = new Set<string>();
  const out: TicketPassage[] = [];
  for (const h of hits) {
    if (answerability(h) < env.passageThreshold || seen.has(h.chunk.id)) continue;
    seen.add(h.chunk.id);
    out.push({ chunkId: h.chunk.id, docId: h.doc.id, title: h.doc.title, section: h.chunk.metadata.section });
    if (out.length >= env.maxPassages) break;
  }
  return out;
}

async function searchPassages(env: DeskEnv, ctx: FlowContext, question: string): Promise<{ passages: TicketPassage[]; searched: boolean }> {
  if (!env.knowledge) return { passages: [], searched: false };
  try {
    const hits = await env.knowledge().search(question, { k: env.maxPassages * 2, lang: ctx.lang, ...(ctx.profile.district ? { region: ctx.profile.district } : {}) });
    return { passages: toPassages(env, hits), searched: true };
  } catch {
    return { passages: [], searched: false };
  }
}

/** Fills a draft's category, summary and fields from a description, and searches the policies for it. */
async function describe(env: DeskEnv, ctx: FlowContext, draft: Draft, text: string, hits?: Hit[]): Promise<Draft> {
  const x: DraftExtraction = await env.extractor.extract(text, extractOptions(env, ctx));
  const found = hits ? { passages: toPassages(env, hits), searched: true } : await searchPassages(env, ctx, text);
  return {
    ...draft,
    category: x.category,
    priority: x.priority,
    summary: x.summary,
    details: x.details || text,
    fields: { ...relevantFields(x.category, x.fields), ...relevantFields(x.category, draft.fields) },
    passages: found.passages,
    passagesSearched: found.searched,
  };
}

/** "I understood: …" for a described draft, with the urgency note. */
const intro = (ctx: FlowContext, draft: Draft, viaButton = false) =>
  t(viaButton ? DESK_TEXTS.introQuestion : DESK_TEXTS.intro, ctx.lang, { summary: draft.summary }) + (draft.priority === "urgent" ? t(DESK_TEXTS.urgentNote, ctx.lang) : "");

/** Files a confirmed draft, once: a second Confirm gets the ticket the first one filed. */
async function file(env: DeskEnv, ctx: FlowContext, draft: Draft): Promise<Reply> {
  const lang = ctx.lang;
  const previous = env.filed.get(draft.id);
  if (previous) {
    const id = await previous.catch(() => undefined);
    if (id) {
      clearFlow(ctx);
      return reply(t(DESK_TEXTS.alreadyFiled, lang, { id }), lang);
    }
  }
  const input: NewTicket = {
    talent: ctx.msg.user,
    category: draft.category,
    priority: draft.priority,
    summary: draft.summary,
    details: draft.details,
    fields: relevantFields(draft.category, draft.fields),
    lang,
    conversation: ctx.state.turns.map((turn) => ({ ...turn })),
    passages: draft.passages,
    passagesSearched: draft.passagesSearched,
  };
  const created = env.service.create(input);
  const id = created.then((r) => r.ticket.id);
  env.filed.set(draft.id, id);
  if (env.filed.size > 1000) env.filed.delete(env.filed.keys().next().value!);
  try {
    const { ticket, commissioner, firstResponseHours } = await created;
    clearFlow(ctx);
    return reply(
      t(DESK_TEXTS.created, lang, { id: ticket.id, name: commissioner.name, hours: firstResponseHours, urgent: ticket.priority === "urgent" ? t(DESK_TEXTS.urgentTag, lang) : "" }),
      lang,
    );
  } catch {
    env.filed.delete(draft.id);
    saveDraft(ctx, draft);
    return reply(t(DESK_TEXTS.fileFailed, lang), lang, { actions: draftButtons(draft, lang, true) });
  }
}

/** A request, or the "ask my commissioner" button (with the question and what was found for it). */
export async function request(env: DeskEnv, ctx: FlowContext, context: { question?: string; hits?: Hit[] } = {}): Promise<Reply> {
  const lang = ctx.lang;
  const typed = ctx.msg.action ? "" : ctx.msg.text.trim();
  if (typed) {
    const handled = (await cancelTicket(env, ctx)) ?? (await explicitRelay(env, ctx, true));
    if (handled) return handled;
  }
  // The "ask my commissioner" button, or the same said in words right after an answer that offered it.
  const offered = ctx.state.lastActions?.some((a) => a.id === "ask_commissioner") ?? false;
  const viaButton = ctx.msg.action?.id === "ask_commissioner" || (!!typed && ONLY_COMMISSIONER.test(toSimplified(typed)) && offered && !!ctx.state.lastQuestion);
  const subject = (viaButton ? (context.question ?? ctx.state.lastQuestion) : (context.question ?? typed))?.trim() ?? "";
  const describedOnlyAsCommissioner = !viaButton && ONLY_COMMISSIONER.test(toSimplified(subject));

  const previous = readDraft(ctx.state.flow);
  const lead: string[] = [];
  if (previous?.summary) lead.push(t(DESK_TEXTS.replaced, lang, { summary: previous.summary }));

  let draft = newDraft(
    { category: "other", priority: "normal", summary: "", details: "", fields: {} },
    { id: randomUUID().slice(0, 8), lang, now: now(env, ctx), origin: viaButton ? "commissioner" : "request" },
  );
  if (subject && !describedOnlyAsCommissioner) {
    draft = await describe(env, ctx, draft, subject, context.hits);
    lead.push(intro(ctx, draft, viaButton));
  }
  return proceed(env, ctx, draft, lead.join("\n"));
}

/** A message while the complete draft is shown: Confirm files it, a correction updates it. */
async function continueConfirm(env: DeskEnv, ctx: FlowContext, draft: Draft, text: string): Promise<Reply | undefined> {
  if (CONFIRM.test(plain(text)) && !missingField(draft)) return file(env, ctx, draft);
  if (text.startsWith("/")) return undefined;
  // A correction ("电话改成 139…", "district: Xishan") updates the draft before it is confirmed.
  const found = relevantFields(draft.category, extractFields(text, extractOptions(env, ctx)));
  const changed = Object.entries(found).filter(([k, v]) => draft.fields[k] !== v);
  const elsewhere = await unrelated(env, text, draft);
  if (changed.length && !elsewhere) {
    for (const [k, v] of changed) draft.fields[k] = v;
    return show(ctx, draft, t(DESK_TEXTS.updated, ctx.lang));
  }
  if (elsewhere) return undefined;
  if (stale(env, ctx, draft)) {
    clearFlow(ctx);
    return undefined;
  }
  return show(ctx, draft);
}

/** The description a draft started without asked for. */
async function continueDetails(env: DeskEnv, ctx: FlowContext, draft: Draft, text: string): Promise<Reply | undefined> {
  // Anything but a status check or a call for help describes the request.
  const { intent } = await env.rules.classify(text, { awaiting: "draft" });
  if (intent === "ticket_status" || intent === "help") return undefined;
  if ([...text].length < 2) return ask(env, ctx, draft, fieldSpec(draft.category, "details")!, t(DESK_TEXTS.invalid, ctx.lang, { what: t(FIELD_WHAT.details, ctx.lang) }));
  const described = await describe(env, ctx, draft, text);
  return proceed(env, ctx, described, intro(ctx, described));
}

/** The next message while a draft waits: an answer to its question, a confirmation, a correction or a cancel. */
export async function continueDraft(env: DeskEnv, ctx: FlowContext, draft: Draft): Promise<Reply | undefined> {
  const text = ctx.msg.text.trim();
  const lang = ctx.lang;
  if (CANCEL.test(plain(text))) {
    clearFlow(ctx);
    return reply(t(TEXTS.cancelled, lang), lang);
  }
  const pending = draft.pending ?? "confirm";
  if (pending === "confirm" || !missingField(draft)) return continueConfirm(env, ctx, draft, text);
  if (text.startsWith("/")) return undefined;
  if (pending === "details") return continueDetails(env, ctx, draft, text);
  const { outcome, draft: next } = applyAnswer(draft, pending, text, extractOptions(env, ctx));
  const spec = fieldSpec(draft.category, pending) ?? fieldSpec(draft.category, "contact")!;
  switch (outcome) {
    case "accepted":
    case "skipped":
      return proceed(env, ctx, next);
    case "required":
      return ask(env, ctx, next, spec, t(DESK_TEXTS.required, lang));
    case "invalid": {
      const gained = Object.keys(next.fields).length > Object.keys(draft.fields).length;
      if (gained) return proceed(env, ctx, next);
      if (await unrelated(env, text, draft)) return undefined;
      if (stale(env, ctx, draft)) {
        clearFlow(ctx);
        return undefined;
      }
      return ask(env, ctx, next, spec, t(DESK_TEXTS.invalid, lang, { what: t(FIELD_WHAT[pending], lang) }));
    }
  }
}

/** The Confirm button: files the draft it belongs to (or says which ticket a stale press already filed). */
export async function confirmButton(env: DeskEnv, ctx: FlowContext, action: { id: string; payload?: string }): Promise<Reply | undefined> {
  const draft = readDraft(ctx.state.flow);
  if (!draft || (action.payload && action.payload !== draft.id)) {
    const id = action.payload ? await env.filed.get(action.payload)?.catch(() => undefined) : undefined;
    return id ? reply(t(DESK_TEXTS.alreadyFiled, ctx.lang, { id }), ctx.lang) : undefined;
  }
  const next = missingField(draft);
  return next ? ask(env, ctx, draft, next) : file(env, ctx, draft);
}
