import { Command, InvalidArgumentError } from "commander";
import { createApp } from "../app.ts";
import { renderConsole, renderInbox } from "../channels/console/render.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { ConversationStore, type ConversationState } from "../core/conversation-state.ts";
import { createKeyv } from "../storage/keyv.ts";

/**
 * One message to the bot from a script: `npm run chat -- --user alice "租房补贴多少钱"`. State persists between
 * runs, so a script can hold a multi-turn conversation as one user; `--press N` presses button N of the
 * previous reply; `--json` prints the reply structure.
 */
const program = new Command("chat")
  .description("send one message to the bot as a console user and print the reply")
  .argument("[message...]", "the message text")
  .option("--user <id>", "console user id (state and profile are kept per user)", "local")
  .option("--index <dir>", "index directory to answer from (default: $INDEX_DIR or data/index)")
  .option("--press <n>", "press button n of the previous reply", (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a button number");
    return n;
  })
  .option("--json", "print the reply as JSON (text, citations, actions)")
  .action(async (words: string[], opts: { user: string; index?: string; press?: number; json?: boolean }) => {
    const config = loadConfig(process.env);
    const user = `console:${opts.user}`;
    let text = words.join(" ").trim();
    let action: { id: string; payload?: string } | undefined;
    if (opts.press) {
      const kv = createKeyv<ConversationState>(config.storeUrl, "conversation");
      const state = await new ConversationStore(kv).get(user);
      await kv.disconnect();
      const a = state.lastActions?.[opts.press - 1];
      if (!a) throw new Error(`The previous reply has no button ${opts.press}.`);
      action = { id: a.id, ...(a.payload ? { payload: a.payload } : {}) };
      text ||= a.label;
    }
    if (!text) throw new Error("Give a message, or --press N.");
    const app = await createApp(config, {
      ...(opts.index ? { indexRoot: opts.index } : {}),
      onBuilt: (r) => console.error(`(built the index first: ${r.documents} documents, ${r.chunks.total} chunks)`),
      onOutdated: (reason) => console.error(`(the index was built by an older version — ${reason}; \`npm run kb -- ingest\` rebuilds it)`),
    });
    try {
      const inbox = await app.tickets.inbox.take(user);
      const locale = Intl.DateTimeFormat().resolvedOptions().locale;
      const reply = await app.engine.handle({ user, text, locale, ...(action ? { action } : {}) });
      // Deliver what this message queued (a new ticket's notice to the commissioner…) before exiting.
      await app.tickets.dispatcher.flush();
      if (opts.json) console.log(JSON.stringify({ ...reply, inbox }, null, 2));
      else console.log(inbox.length ? `${renderInbox(inbox)}\n\n${renderConsole(reply)}` : renderConsole(reply));
    } finally {
      await app.close();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
