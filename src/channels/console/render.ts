import { t } from "../../core/i18n.ts";
import { textGroup } from "../../core/catalogue.ts";
import type { Reply } from "../../core/messages.ts";

const SOURCE_TEXTS = textGroup("sources", ["heading", "effective"]);

/** Plain-text rendering of a reply for a terminal: the text, numbered sources, then numbered choices. */
export function renderConsole(reply: Reply): string {
  const out = [reply.text];
  if (reply.citations.length) {
    out.push("", `${t(SOURCE_TEXTS.heading, reply.lang)}:`);
    reply.citations.forEach((c, i) => {
      const when = c.effective ? ` (${t(SOURCE_TEXTS.effective, reply.lang, { date: c.effective })})` : "";
      out.push(`  [${i + 1}] ${c.section}${when}${c.source ? ` ${c.source}` : ""}`);
    });
  }
  if (reply.actions.length) {
    out.push("");
    reply.actions.forEach((a, i) => out.push(`  ${i + 1}) ${a.label}`));
  }
  return out.join("\n");
}

/** Messages that arrived for a console user since their last message (commissioner replies, rating requests). */
export function renderInbox(items: { text: string; at: string; ticketId?: string }[]): string {
  return items.map((i) => `📬 ${i.text}`).join("\n\n");
}
