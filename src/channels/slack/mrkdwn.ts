/**
 * Slack text helpers: mrkdwn escaping, splitting long text into section-sized pieces, user mentions and dates
 * that Slack renders in each reader's own time zone.
 */

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
 * Escapes `text` and splits it into pieces of at most `max` characters each, at line breaks where possible (an
 * over-long line is cut between characters, never inside an escape such as `&amp;`). Empty pieces are dropped.
 */
export function escapedChunks(text: string, max = SECTION_LIMIT): string[] {
  const out: string[] = [];
  let cur = "";
  const flush = () => {
    const piece = cur.replace(/\s+$/, "");
    if (piece.trim()) out.push(piece);
    cur = "";
  };
  for (const line of text.split(/(?<=\n)/)) {
    const escaped = escapeMrkdwn(line);
    if (cur.length + escaped.length <= max) {
      cur += escaped;
      continue;
    }
    flush();
    if (escaped.length <= max) {
      cur = escaped;
      continue;
    }
    for (const ch of line) {
      const e = escapeMrkdwn(ch);
      if (cur.length + e.length > max) flush();
      cur += e;
    }
  }
  flush();
  return out;
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
