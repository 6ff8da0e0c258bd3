import type { App } from "@slack/bolt";
import type { SlackContext } from "../context.ts";
import { registerCommands } from "./commands.ts";
import { registerEngineActions } from "./engine-actions.ts";
import { registerMessages } from "./messages.ts";
import { registerStaffActions } from "./staff-actions.ts";
import { registerViews } from "./views.ts";

/**
 * Every Slack listener, registered in one place so the HTTP receiver and Socket Mode run the same ones:
 * talents' messages and mentions, talents' buttons, card buttons, modal submissions, slash commands.
 */
export function registerListeners(app: App, ctx: SlackContext): void {
  registerMessages(app, ctx);
  registerEngineActions(app, ctx);
  registerStaffActions(app, ctx);
  registerViews(app, ctx);
  registerCommands(app, ctx);
}
