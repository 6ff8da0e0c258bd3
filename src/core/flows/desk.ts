import { DEFAULT_ANSWER_THRESHOLD } from "../../knowledge/hybrid-retriever.ts";
import type { KnowledgeBase } from "../../knowledge/knowledge-base.ts";
import type { TicketService } from "../../tickets/service.ts";
import { reply, type FlowContext, type ServiceDesk } from "../engine.ts";
import { t } from "../i18n.ts";
import type { Intent } from "../intents/intent.ts";
import { RuleIntentClassifier } from "../intents/rules.ts";
import type { Reply } from "../messages.ts";
import { TEXTS } from "../texts.ts";
import { readDraft, ruleExtractor, type DraftExtractor } from "./draft/draft.ts";
import { continueRating, rateButton, rating, waitingRating } from "./rating.ts";
import { continueRelay, relay, waitingRelay } from "./relay.ts";
import { confirmButton, continueDraft, request } from "./request.ts";
import { clearFlow, settleLang, type DeskEnv } from "./shared.ts";
import { status } from "./status.ts";

/**
 * The conversation side of tickets, the engine's `ServiceDesk`: it hands each message to its flow — the request
 * and its draft (`request.ts`, `draft-questions.ts`), status (`status.ts`), messages to the commissioner
 * (`relay.ts`), ratings (`rating.ts`) and cancelling (`cancel.ts`). What a flow waits for lives in
 * `ConversationState.flow` (Keyv), so a restart loses nothing.
 */

export interface TicketDeskOptions {
  service: TicketService;
  /** The knowledge base, for the passages a ticket carries and the district names; none: nothing is searched. */
  knowledge?: () => KnowledgeBase;
  /** Reads a draft from a request; default the offline rules (`createDraftExtractor` for the model). */
  extractor?: DraftExtractor;
  /** Default: the engine's time for the message. */
  clock?: () => Date;
  /** Passages with a lower answerability are not attached. Default: the default `ANSWER_THRESHOLD`. */
  passageThreshold?: number;
  /** Most passages attached to a ticket. Default 3. */
  maxPassages?: number;
  /** Time zone of dates the talent says and of times shown. Default `Asia/Shanghai`. */
  timeZone?: string;
  /**
   * A draft older than this stops claiming messages that do not answer it: they are handled normally and the
   * draft is dropped. Default 72.
   */
  draftTtlHours?: number;
}

/** The ticket desk: the engine's `ServiceDesk`, plus `relay` for messages to a ticket waiting on the talent. */
export interface TicketDesk extends ServiceDesk {
  /**
   * A message when nothing is awaited: passes it to the commissioner when it explicitly adds to a ticket
   * ("add to my ticket WT-…: …", "补充：…") or when one of the talent's tickets waits on them and the message
   * is not a question, a new request or a command. Undefined: handle the message normally.
   */
  relay(ctx: FlowContext, intent?: Intent): Promise<Reply | undefined>;
}

/** The next message while something waits (`state.awaiting`), to the flow that waits for it. */
async function continueFlow(env: DeskEnv, ctx: FlowContext): Promise<Reply | undefined> {
  if (ctx.msg.action) return undefined;
  const draft = readDraft(ctx.state.flow);
  if (draft) return continueDraft(env, ctx, draft);
  const relayTo = waitingRelay(ctx.state.flow);
  if (relayTo) return continueRelay(env, ctx, relayTo);
  const rated = waitingRating(ctx.state.flow);
  if (rated) return continueRating(env, ctx, rated);
  // Something waits that this desk does not know (or no longer can read): let the engine handle the message.
  clearFlow(ctx);
  return undefined;
}

/** The Cancel button of a draft, or of the question what to add to a ticket. */
function cancelButton(ctx: FlowContext, payload: string | undefined): Reply | undefined {
  const flow = ctx.state.flow;
  const draft = readDraft(flow);
  const matches = draft ? !payload || payload === draft.id : waitingRelay(flow) !== undefined && payload === "relay";
  if (!matches) return undefined;
  clearFlow(ctx);
  return reply(t(TEXTS.cancelled, ctx.lang), ctx.lang);
}

/** A button of the desk's: Confirm, Cancel, a Rate star; undefined for any other (or a stale one). */
async function button(env: DeskEnv, ctx: FlowContext): Promise<Reply | undefined> {
  const a = ctx.msg.action;
  if (!a) return undefined;
  switch (a.id) {
    case "confirm_draft":
      return confirmButton(env, ctx, a);
    case "cancel_draft":
      return cancelButton(ctx, a.payload);
    case "rate":
      return rateButton(env, ctx, a.payload);
    default:
      return undefined;
  }
}

export function createTicketDesk(options: TicketDeskOptions): TicketDesk {
  const env: DeskEnv = {
    service: options.service,
    knowledge: options.knowledge,
    extractor: options.extractor ?? ruleExtractor,
    clock: options.clock,
    passageThreshold: options.passageThreshold ?? DEFAULT_ANSWER_THRESHOLD,
    maxPassages: options.maxPassages ?? 3,
    timeZone: options.timeZone ?? "Asia/Shanghai",
    draftTtlHours: options.draftTtlHours ?? 72,
    rules: new RuleIntentClassifier(),
    filed: new Map(),
  };
  return {
    async request(ctx, context = {}) {
      settleLang(ctx);
      return request(env, ctx, context);
    },
    async status(ctx) {
      settleLang(ctx);
      return status(env, ctx);
    },
    async rating(ctx) {
      settleLang(ctx);
      return rating(env, ctx);
    },
    continue: (ctx) => continueFlow(env, ctx),
    action: (ctx) => button(env, ctx),
    async relay(ctx, intent) {
      if (ctx.msg.action || ctx.state.awaiting) return undefined;
      settleLang(ctx);
      return relay(env, ctx, intent);
    },
  };
}
