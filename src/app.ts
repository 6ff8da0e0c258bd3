import { existsSync } from "node:fs";
import { answerPhrases } from "./core/answer/phrases.ts";
import { catalogue } from "./core/catalogue.ts";
import { intentPhrases } from "./core/intents/phrases.ts";
import { CommissionerDesk, type PendingStaffInput } from "./core/commissioner-desk.ts";
import type Keyv from "keyv";
import { resolveRosterFile, type Config } from "./config.ts";
import type { Logger } from "./logger.ts";
import { createTicketDesk } from "./core/flows/desk.ts";
import { createDraftExtractor } from "./core/flows/draft/extract-llm.ts";
import { DedupingNotifier, InboxNotifier, LogNotifier, RoutingNotifier } from "./tickets/notifiers.ts";
import { Dispatcher } from "./tickets/outbox.ts";
import type { Notifier } from "./tickets/ports.ts";
import { loadRoster, type Roster } from "./tickets/roster.ts";
import { TicketService } from "./tickets/service.ts";
import { ticketTexts } from "./core/ticket-texts.ts";
import { SlaClock } from "./tickets/sla.ts";
import { createTicketStore, type TicketStore } from "./tickets/store.ts";
import { ExtractiveAnswerer, type Answerer } from "./core/answer/answerer.ts";
import { ConversationStore, type ConversationState } from "./core/conversation-state.ts";
import { createEngine, type Engine, type ServiceDesk } from "./core/engine.ts";
import { channelDependencies, type ChannelDependencies } from "./core/ports.ts";
import type { IntentClassifier } from "./core/intents/intent.ts";
import { RuleIntentClassifier } from "./core/intents/rules.ts";
import { ModelIntentClassifier } from "./core/intents/llm.ts";
import { ModelAnswerer } from "./core/answer/llm.ts";
import { createChatModel } from "./core/model.ts";
import type { Profile } from "./core/profile.ts";
import { QuestionLog, type QuestionRecord } from "./core/question-log.ts";
import { createEmbedder } from "./knowledge/embedders/create.ts";
import { outdatedReason, type IngestReport } from "./knowledge/ingest/build-index.ts";
import { KnowledgeBase, openOrBuild } from "./knowledge/knowledge-base.ts";
import { createKeyv } from "./storage/keyv.ts";

export interface AppOptions {
  /** Index directory (default: config.indexDir). */
  indexRoot?: string;
  /** Override the classifier or answerer (the model paths plug in here). */
  classifier?: IntentClassifier;
  answerer?: Answerer;
  desk?: ServiceDesk;
  clock?: () => Date;
  /** Called when the index had to be built on start. */
  onBuilt?: (report: IngestReport) => void;
  /**
   * Called when the index was written by an older version of the code (it is still served; `kb ingest` rebuilds
   * it — on a large corpus with a paid embedding model that is not something to start silently).
   */
  onOutdated?: (reason: string) => void;
  /** Notifiers of the channels that are running (Telegram, Slack); others are logged. Console is built in. */
  notifiers?: { telegram?: Notifier; slack?: Notifier };
  logger?: Logger;
}

export interface App {
  engine: Engine;
  /** The knowledge base currently answering. */
  knowledge(): KnowledgeBase;
  /** Where the versioned index lives (`kb ingest` publishes into it). */
  indexRoot: string;
  /** Loads the live index again (after `kb ingest`) and swaps it in; questions in flight finish on the old one. */
  reload(): Promise<KnowledgeBase>;
  questions: QuestionLog;
  /** Routes notifications by the recipient's channel; channels register with `notifiers.set(name, notifier)`. */
  notifiers: RoutingNotifier;
  /** A namespaced Keyv on the configured store, disconnected by `close()`. */
  store<T>(namespace: string): Keyv<T>;
  /**
   * The application as a channel adapter sees it (handle a message, act on a ticket, hear of changes, reload
   * the index): channels get this instead of the whole app, so none of them reaches a repository.
   */
  forChannels: ChannelDependencies;
  tickets: {
    roster: Roster;
    service: TicketService;
    store: TicketStore;
    /** Delivers queued notifications; `main` runs it periodically, one-shot tools call `flush()`. */
    dispatcher: Dispatcher;
    sla: SlaClock;
    /** Notifications for console users, shown at their next message. */
    inbox: InboxNotifier;
  };
  close(): Promise<void>;
}

/** `onBuilt` and `onOutdated` that report to a process logger (the service and the console chat use them). */
export function indexEventsLogged(logger: Logger): Pick<AppOptions, "onBuilt" | "onOutdated"> {
  return {
    onBuilt: (r) => logger.info({ documents: r.documents, chunks: r.chunks.total, failed: r.failed.length }, "built the knowledge index"),
    onOutdated: (reason) => logger.warn({ reason }, "the knowledge index was built by an older version: run `npm run kb -- ingest` to rebuild it"),
  };
}

/**
 * Builds the channel-independent application from a configuration: knowledge base (built on first use),
 * stores, classifier, answerer and engine. Channels and `chat` both start from here.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  // A deployment's phrase files are checked before anything starts: a bad pattern names its file and line.
  answerPhrases();
  intentPhrases();
  catalogue().checkAll();
  const indexRoot = options.indexRoot ?? config.indexDir;
  const embedder = createEmbedder(config.embeddings);
  const { kb, built } = await openOrBuild({ indexRoot, knowledgeDir: config.knowledgeDir, embedder });
  if (built) options.onBuilt?.(built);
  const outdated = outdatedReason(kb.manifest);
  if (outdated) options.onOutdated?.(outdated);
  let current = kb;

  const stores: Keyv<unknown>[] = [];
  const store = <T>(ns: string) => {
    const k = createKeyv<T>(config.storeUrl, ns);
    stores.push(k as Keyv<unknown>);
    return k;
  };
  const profiles = store<Profile>("profile");
  const questions = new QuestionLog(store<QuestionRecord>("questions"));

  const clock = options.clock ?? (() => new Date());
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const logger = options.logger ?? (silent as unknown as Logger);
  const roster = await loadRoster(resolveRosterFile(config, existsSync));
  const ticketStore = await createTicketStore(config.storeUrl, { prefix: roster.ticketPrefix });
  const service = new TicketService({ repo: ticketStore.repo, roster, clock, texts: ticketTexts });
  const inbox = new InboxNotifier(store("inbox"));
  const routing = new RoutingNotifier({
    console: inbox,
    telegram: options.notifiers?.telegram ?? new LogNotifier(logger),
    slack: options.notifiers?.slack ?? new LogNotifier(logger),
  });
  const notifier = new DedupingNotifier(
    routing,
    store("delivered-notifications"),
    { logger },
  );
  const dispatcher = new Dispatcher({ repo: ticketStore.repo, notifier, coordination: ticketStore.coordination, clock, logger });
  const sla = new SlaClock({ repo: ticketStore.repo, coordination: ticketStore.coordination, roster, clock, logger });

  const rules = new RuleIntentClassifier();
  const extractive = new ExtractiveAnswerer();
  const model = config.chat ? await createChatModel(config.chat) : undefined;
  const desk =
    options.desk ??
    createTicketDesk({
      service,
      knowledge: () => current,
      passageThreshold: config.answerThreshold,
      timeZone: config.timeZone,
      extractor: createDraftExtractor(model, config.chat ? { timeoutMs: config.chat.timeoutMs } : {}),
      clock,
    });
  const engine = createEngine({
    knowledge: () => current,
    classifier: options.classifier ?? (model ? new ModelIntentClassifier({ model, fallback: rules, timeoutMs: config.chat!.timeoutMs }) : rules),
    answerer: options.answerer ?? (model ? new ModelAnswerer({ model, extractive, timeoutMs: config.chat!.timeoutMs }) : extractive),
    conversations: new ConversationStore(store<ConversationState>("conversation")),
    profiles: { get: (u) => profiles.get(u), set: (u, p) => profiles.set(u, p) },
    questions,
    ...(config.answerThreshold !== undefined ? { threshold: config.answerThreshold } : {}),
    desk,
    clock,
  });

  const reload = async () => {
    current = await KnowledgeBase.open(indexRoot, embedder);
    return current;
  };
  const commissioners = new CommissionerDesk({ service, pending: store<PendingStaffInput>("staff-pending"), clock });

  return {
    engine,
    knowledge: () => current,
    indexRoot,
    reload,
    forChannels: channelDependencies({ engine, desk: commissioners, service, load: (id) => ticketStore.repo.get(id), inbox, reload }),
    questions,
    notifiers: routing,
    store,
    tickets: { roster, service, store: ticketStore, dispatcher, sla, inbox },
    async close() {
      await Promise.allSettled([dispatcher.stop(), sla.stop()]);
      await ticketStore.close();
      await Promise.allSettled(stores.map((s) => s.disconnect()));
    },
  };
}
