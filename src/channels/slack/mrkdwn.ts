/**
 * Slack text helpers: mrkdwn escaping, splitting long text into section-sized pieces, user mentions and dates
 * that Slack renders in each reader's own time zone.
 */

import { splitText } from "../split.ts";

const ESCAPED_LENGTH: Record<string, number> = { "&": 5, "<": 4, ">": 4 };

/** Longest text of a section block. */
export const SECTION_LIMIT = 3000;

/** Escapes the three characters mrkdwn treats as control characters (`&`, `<`, `>`). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts `text` to at most `max` characters (code points), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * Escapes `text` and splits it into pieces of at most `max` characters each (counted after escaping), at
 * paragraph, line or sentence boundaries where possible, never inside an escape such as `&amp;`. Empty pieces
 * are dropped.
 */
export function escapedChunks(text: string, max = SECTION_LIMIT): string[] {
  const escapedLength = (i: number) => ESCAPED_LENGTH[text[i] ?? ""] ?? 1;
  return splitText(text, max, escapedLength)
    .map((piece) => escapeMrkdwn(piece.replace(/\s+$/, "")))
    .filter((piece) => piece.trim());
}

/** The Slack user id of a `slack:U…` user, else undefined. */
export function slackUserId(user: string): string | undefined {
  return user.startsWith("slack:") && user.length > 6 ? user.slice(6) : undefined;
}

/** `<@U…>` for a Slack user, the escaped id for anyone else (`telegram:123`). */
export function mention(user: string): string {
  const id = slackUserId(user);
  return id ? `<@${id}>` : escapeMrkdwn(user);
}

/** A date Slack shows in the reader's time zone, with a UTC fallback for clients that cannot. */
export function slackDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short} {time}|${fallback}>`;
}
