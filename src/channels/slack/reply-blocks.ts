import type { types } from "@slack/bolt";
import { textGroup } from "../../core/catalogue.ts";
import { t } from "../../core/i18n.ts";
import type { Action, Citation, Reply } from "../../core/messages.ts";
import { encodeEngineValue, engineActionId } from "./action-ids.ts";
import { escapedChunks, escapeMrkdwn, truncate } from "./mrkdwn.ts";

/** A message body for `chat.postMessage` / `chat.update` / `respond`: Block Kit plus the plain-text fallback. */
export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const SOURCE_TEXTS = textGroup("sources", ["heading", "effective"]);

/** Slack's limits: 50 blocks a message, 25 elements an actions block, 10 a context block, 75 characters a button. */
const MAX_BLOCKS = 50;
const MAX_BUTTONS = 25;
const MAX_CONTEXT = 10;
const BUTTON_TEXT = 75;
/** The fallback text is what notifications and screen readers show; keep it well below Slack's 40 000. */
const FALLBACK = 3000;

/** Section blocks for a (long) text: escaped mrkdwn, at most 3000 characters each. */
export function textSections(text: string, maxSections = MAX_BLOCKS): types.SectionBlock[] {
  const chunks = escapedChunks(text);
  if (chunks.length > maxSections) chunks.splice(maxSections - 1, chunks.length, "…");
  return chunks.map((c) => ({ type: "section", text: { type: "mrkdwn", text: c } }));
}

function citationLine(c: Citation, lang: Reply["lang"]): string {
  const title = escapeMrkdwn(c.title);
  const linked = c.source && /^https?:\/\//i.test(c.source) ? `<${escapeMrkdwn(c.source)}|${title}>` : title;
  // Sections are paths that usually start with the title ("Title › Chapter II"): don't say it twice.
  const section = c.section.startsWith(`${c.title} › `) ? c.section.slice(c.title.length + 3) : c.section;
  const parts = [linked, section ? escapeMrkdwn(section) : "", c.effective ? escapeMrkdwn(t(SOURCE_TEXTS.effective, lang, { date: c.effective })) : ""];
  return truncate(parts.filter(Boolean).join(" · "), 2000);
}

/** A context block naming each cited policy: title (linked when it has a web source) · section · date of effect. */
export function citationsBlock(citations: Citation[], lang: Reply["lang"]): types.ContextBlock | undefined {
  const lines = [...new Set(citations.map((c) => citationLine(c, lang)))];
  if (!lines.length) return undefined;
  const shown = lines.slice(0, MAX_CONTEXT - 1);
  if (lines.length > shown.length) shown[shown.length - 1] += " …";
  return {
    type: "context",
    elements: [{ type: "mrkdwn", text: `*${t(SOURCE_TEXTS.heading, lang)}*` }, ...shown.map((text) => ({ type: "mrkdwn" as const, text }))],
  };
}

/** Actions blocks with one button per engine action (25 a block); actions too big for a button are left out. */
export function engineButtons(actions: Action[]): types.ActionsBlock[] {
  const buttons: types.Button[] = [];
  actions.forEach((a, n) => {
    const value = encodeEngineValue(a);
    if (value === undefined) return;
    buttons.push({ type: "button", action_id: engineActionId(a, n), text: { type: "plain_text", text: truncate(a.label, BUTTON_TEXT), emoji: true }, value });
  });
  const blocks: types.ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += MAX_BUTTONS) blocks.push({ type: "actions", elements: buttons.slice(i, i + MAX_BUTTONS) });
  return blocks;
}

/**
 * An engine reply (answer, question, draft, notification for a talent) as a Slack message: the text in sections,
 * the citations in a context block, the buttons in actions blocks.
 */
export function replyMessage(reply: Pick<Reply, "text" | "citations" | "actions" | "lang">): SlackMessage {
  const buttons = engineButtons(reply.actions);
  const sources = citationsBlock(reply.citations, reply.lang);
  const room = MAX_BLOCKS - buttons.length - (sources ? 1 : 0);
  const blocks: types.KnownBlock[] = [...textSections(reply.text, room), ...(sources ? [sources] : []), ...buttons];
  return { text: truncate(reply.text, FALLBACK) || " ", blocks };
}
