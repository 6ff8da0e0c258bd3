import { createInterface } from "node:readline/promises";
import type { Action, IncomingMessage } from "../../core/messages.ts";
import type { ChannelDependencies } from "../../core/ports.ts";
import { renderConsole, renderInbox } from "./render.ts";

export interface ReplOptions {
  /**
   * The application as a channel sees it: the engine answers each line, and the user's inbox (commissioner
   * replies, rating requests) is shown as it fills.
   */
  core: Pick<ChannelDependencies, "handle" | "takeInbox">;
  user: string;
  input?: NodeJS.ReadableStream;
  /** Language hint for messages without text of their own; default: the system locale. */
  locale?: string;
  output?: NodeJS.WritableStream;
}

/**
 * Interactive terminal chat: type a question; buttons are shown as numbered choices and a number presses one.
 * `/quit` (or Ctrl-D) leaves.
 */
export async function runRepl(o: ReplOptions): Promise<void> {
  const output = o.output ?? process.stdout;
  const rl = createInterface({ input: o.input ?? process.stdin, output, terminal: (o.input ?? process.stdin) === process.stdin && process.stdin.isTTY });
  // Start listening before the first await: lines typed (or piped) meanwhile must not be lost.
  const lines = rl[Symbol.asyncIterator]();
  let actions: Action[] = [];
  // The terminal's locale decides the language of messages that have none of their own ("/start", "1").
  const locale = o.locale ?? Intl.DateTimeFormat().resolvedOptions().locale;
  const showInbox = async () => {
    const items = await o.core.takeInbox(o.user);
    if (items.length) output.write(`\n${renderInbox(items)}\n\n`);
  };
  const say = async (msg: IncomingMessage) => {
    await showInbox();
    const reply = await o.core.handle({ ...msg, locale });
    actions = reply.actions;
    output.write(`\n${renderConsole(reply)}\n\n`);
  };
  await say({ user: o.user, text: "/start" });
  rl.setPrompt("> ");
  rl.prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === "/quit" || text === "/exit") break;
    if (text) {
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      const action = actions[n - 1];
      await say(action ? { user: o.user, text: action.label, action: { id: action.id, ...(action.payload ? { payload: action.payload } : {}) } } : { user: o.user, text });
    }
    rl.prompt();
  }
  rl.close();
}
