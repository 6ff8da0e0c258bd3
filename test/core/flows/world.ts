import { readFileSync } from "node:fs";
import path from "node:path";
import Keyv from "keyv";
import { afterAll, beforeAll, expect } from "vitest";
import { ExtractiveAnswerer } from "../../../src/core/answer/answerer.ts";
import { ConversationStore, type ConversationState } from "../../../src/core/conversation-state.ts";
import { createEngine } from "../../../src/core/engine.ts";
import { t, type Bilingual } from "../../../src/core/i18n.ts";
import { RuleIntentClassifier } from "../../../src/core/intents/rules.ts";
import type { Reply } from "../../../src/core/messages.ts";
import type { Profile } from "../../../src/core/profile.ts";
import { LocalHashEmbeddings } from "../../../src/knowledge/embedders/local.ts";
import { DEFAULT_ANSWER_THRESHOLD } from "../../../src/knowledge/hybrid-retriever.ts";
import { openOrBuild, type KnowledgeBase } from "../../../src/knowledge/knowledge-base.ts";
import type { Lang } from "../../../src/text/normalize.ts";
import { createTicketDesk, type TicketDeskOptions } from "../../../src/core/flows/desk.ts";
import { MemoryTicketRepository } from "../../../src/tickets/memory.ts";
import { parseRoster } from "../../../src/tickets/roster.ts";
import { TicketService } from "../../../src/tickets/service.ts";
import { ticketTexts } from "../../../src/core/ticket-texts.ts";
import { expectSimplified, expectTraditional, KNOWLEDGE, ROOT, talent } from "../../fixtures/app.ts";
import { tempDir } from "../../fixtures/policies.ts";

/**
 * The ticket desk's tests share this world: the real engine (rules, extractive answers, the demo corpus) with
 * the ticket desk and in-memory tickets, and the helpers that read its replies.
 */

export const ROSTER = parseRoster(readFileSync(path.join(ROOT, "config/roster.example.yaml"), "utf8"));
/** Sunday 22 November 2026, noon in Wutong. */
export const NOW = new Date("2026-11-22T04:00:00Z");
export const CHEN = "陈静 Chen Jing"; // schooling and medical, on duty
export const LI = "李伟 Li Wei"; // housing, settlement, other

let dir: Awaited<ReturnType<typeof tempDir>>;
let kb: KnowledgeBase;

/** The temporary folder of this file's tests, and the demo corpus's knowledge base (set by `useDeskWorld`). */
export const deskDir = () => dir;
export const deskKnowledge = () => kb;

/** Builds the demo corpus's index before the file's tests (and removes it after): call at the top of a test file. */
export function useDeskWorld(): void {
  beforeAll(async () => {
    dir = await tempDir("desk");
    ({ kb } = await openOrBuild({ indexRoot: path.join(dir.path, "index"), knowledgeDir: KNOWLEDGE, embedder: new LocalHashEmbeddings() }));
  });

  afterAll(async () => {
    await dir?.cleanup();
  });
}

export interface World {
  repo: MemoryTicketRepository;
  service: TicketService;
  conversations: ConversationStore;
  desk: ReturnType<typeof createTicketDesk>;
  engine: ReturnType<typeof createEngine>;
}

/** The real engine (rules, extractive answers, the demo corpus) with the ticket desk and in-memory tickets. */
export function world(options: { kv?: Keyv<ConversationState>; repo?: MemoryTicketRepository; desk?: Partial<TicketDeskOptions>; clock?: () => Date } = {}): World {
  const clock = options.clock ?? (() => NOW);
  const repo = options.repo ?? new MemoryTicketRepository("WT");
  const service = new TicketService({ repo, roster: ROSTER, clock, texts: ticketTexts });
  const desk = createTicketDesk({ service, knowledge: () => kb, ...options.desk });
  const conversations = new ConversationStore(options.kv ?? new Keyv<ConversationState>());
  const profiles = new Map<string, Profile>();
  const engine = createEngine({
    knowledge: () => kb,
    classifier: new RuleIntentClassifier(),
    answerer: new ExtractiveAnswerer(),
    conversations,
    profiles: { get: async (u) => profiles.get(u), set: async (u, p) => profiles.set(u, p) },
    desk,
    threshold: DEFAULT_ANSWER_THRESHOLD,
    clock,
  });
  return { repo, service, conversations, desk, engine };
}

let users = 0;
export const newUser = (w: World) => talent(w.engine, `test:desk-${++users}`);

/** The reply asks `question` (a text with an `{examples}` slot is matched around it). */
export function expectAsks(reply: Reply, question: Bilingual): void {
  const zh = question.zh.split("{examples}");
  const en = question.en.split("{examples}");
  zh.forEach((part, i) => expect(reply.text).toContain(t({ zh: part, en: en[i]! }, reply.lang)));
}

export function expectScript(reply: Reply, lang: Lang): void {
  expect(reply.lang).toBe(lang);
  if (lang === "zh") expectSimplified(reply.text);
  else if (lang === "zh-Hant") expectTraditional(reply.text);
}

export const ticketsOf = (w: World, user: string) => w.repo.list({ talent: user });

/** A ticket its commissioner has resolved, waiting for the talent's rating. */
export async function resolvedTicket(w: World, user: string, lang: Lang = "zh"): Promise<string> {
  const { ticket } = await w.service.create({ talent: user, category: "housing", summary: "暖气坏了", details: "暖气坏了，东湖苑3栋502", lang });
  const li = w.service.actor("console:li-wei");
  await w.service.claim(ticket.id, li);
  await w.service.resolve(ticket.id, li, "已更换暖气阀门");
  return ticket.id;
}
