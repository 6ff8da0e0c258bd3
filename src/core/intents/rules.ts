import { CONCEPT_PREFIX, Tokenizer } from "../../knowledge/tokenize.ts";
import { normalizeForIndex } from "../../text/normalize.ts";
import { parseProfile } from "../profile.ts";
import type { Intent, IntentClassifier, IntentContext, IntentResult } from "./intent.ts";
import { intentPhrases, type IntentPhrases } from "./phrases.ts";

/** Ticket ids look like `WT-2026-000123`: a prefix of letters, a year and a sequence number. */
export const TICKET_ID = /\b[a-z]{1,5}-\d{4}-\d{3,}\b/i;

// Bot commands ("/start", "/profile@DeskBot"): syntax of the platforms, not of a language.
const COMMAND = /^\/(\w+)(?:@\w+)?\b/;

/**
 * The offline intent classifier: ordered bilingual rules over the message and the domain lexicon. It tells
 * "can you help me apply for X" (a request) from "how do I apply for X" (a question) by looking for a request
 * lead ("can you", "帮我") followed by an action ("apply", "预约") rather than an information verb ("查一下").
 */
export class RuleIntentClassifier implements IntentClassifier {
  constructor(
    private readonly tokenizer = Tokenizer.default(),
    private readonly phrases: IntentPhrases = intentPhrases(),
  ) {}

  async classify(text: string, context: IntentContext = {}): Promise<IntentResult> {
    const [intent, confidence] = this.decide(text, context);
    return { intent, confidence, source: "rules" };
  }

  private decide(raw: string, ctx: IntentContext): [Intent, number] {
    const P = this.phrases.patterns;
    const text = raw.trim();
    const norm = normalizeForIndex(text).replace(/\s+/g, " ").trim();
    if (!norm) return ["help", 0.5];

    const cmd = COMMAND.exec(norm)?.[1];
    if (cmd) {
      if (cmd === "start" || cmd === "help") return ["help", 1];
      if (cmd === "cancel") return ["cancel", 1];
      if (cmd === "ticket" || cmd === "tickets") return ["ticket_status", 1];
      if (cmd === "profile" || cmd === "lang" || cmd === "language") return ["profile", 1];
      if (cmd === "rate") return ["rating", 1];
    }

    const tokens = this.tokenizer.tokenizeNormalized(norm);
    const domain = tokens.some((t) => t.startsWith(CONCEPT_PREFIX) && !this.phrases.generic.has(t));
    const isQuestion = P.question.test(norm);
    const short = [...norm].length <= 24;

    // Acting on an existing ticket or booking is a request; "cancel" alone abandons the current step.
    if (P.cancel_ticket.test(norm) && (TICKET_ID.test(norm) || domain || P.booking.test(norm))) return ["request", 0.9];
    if ((P.cancel_phrase.test(norm) && short) || (P.cancel_anywhere.test(norm) && short && !domain)) return ["cancel", 0.9];

    // Ratings: a digit or stars when a rating was asked for; "4 stars", "打2分", "三颗星" anywhere.
    if (P.rating_only.test(norm)) return [ctx.awaiting === "rating" || P.rating_mark.test(norm) || norm.length <= 2 ? "rating" : "question", 0.8];
    if (P.stars.test(text) || P.rating_strong.test(norm)) return ["rating", 0.9];
    if (short && /[^\d][1-5]$/.test(norm) && !isQuestion) return ["rating", 0.6];

    if (TICKET_ID.test(norm)) return ["ticket_status", 0.9];
    if (P.status_ask.test(norm) && !P.policy_words.test(norm)) return ["ticket_status", 0.8];
    if (P.ticket_words.test(norm) && !P.policy_words.test(norm) && (isQuestion || short)) return ["ticket_status", 0.8];
    if (short && P.satisfaction.test(norm) && (ctx.awaiting === "rating" || !isQuestion || P.verdict.test(norm))) return ["rating", 0.8];

    if (P.talk_to_human.test(norm)) return ["request", 0.9];
    if (P.profile_ask.test(norm) || (P.profile_change.test(norm) && !P.problem.test(norm))) return ["profile", 0.85];

    const lead = P.request_lead.test(norm);
    const action = P.action_verb.test(norm);
    const info = P.info_verb.test(norm);
    const outOfScope = P.chitchat.test(norm) && !domain;
    // "How do I apply…?" asks for information even when it says "I need"; "Can you apply for me?" asks for action.
    const asksInfo = P.question_form.test(norm) || info;
    if (lead && action && !info && !outOfScope) return ["request", 0.85];
    if (P.problem.test(norm) && !P.problem_info.test(norm)) return ["request", 0.8];
    if (P.need_thing.test(norm) && (action || domain) && !asksInfo) return ["request", 0.75];
    if (lead && domain && !info && !isQuestion) return ["request", 0.6];

    const profile = parseProfile(norm, []);
    const states = P.self_statement.test(norm) || profile.tier !== undefined || profile.children !== undefined || profile.arrival !== undefined;
    if (states && (!isQuestion || !domain) && !lead) return ["profile", 0.8];

    if (P.greeting.test(norm)) return ["help", 0.95];
    if (P.capability.test(norm) && !domain) return ["help", 0.85];
    if (P.greeting_lead.test(norm) && !domain && !isQuestion) return ["help", 0.8];

    if (domain && !outOfScope) return ["question", isQuestion ? 0.9 : 0.7];
    if (outOfScope) return ["chitchat", 0.8];
    if (isQuestion && P.desk_subject.test(norm)) return ["question", 0.6];
    // "5 working days?": a question about an aspect (time, amount, documents) of what was just discussed.
    if (isQuestion && /\d/.test(norm) && tokens.some((t) => t.startsWith(CONCEPT_PREFIX))) return ["question", 0.5];
    // A question about how a service goes ("报修后多久能修好？") with nothing out of scope in it: the policies may
    // well cover it, and if not the engine says so and offers the commissioner.
    if (isQuestion && tokens.some((t) => this.phrases.serviceAspects.has(t))) return ["question", 0.5];
    return ["chitchat", 0.5];
  }
}
