import type { TicketCard } from "../../core/commissioner-desk.ts";
import { utcStamp } from "../../tickets/ticket.ts";
import { escapeHtml, MESSAGE_LIMIT } from "./format.ts";

/**
 * A ticket card for commissioners as one Telegram HTML message: what the ticket is about, who filed it, who
 * has it, the SLA deadlines, its state and the latest event. Long fields are shortened so the card always
 * fits one message.
 */

const CATEGORY: Record<TicketCard["category"], string> = {
  housing: "住房 housing",
  schooling: "子女入学 schooling",
  medical: "就医 medical",
  settlement: "落户 settlement",
  other: "其他 other",
};
const PRIORITY: Record<TicketCard["priority"], string> = { normal: "普通 normal", urgent: "⚠️ 紧急 urgent" };


function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

const e = (text: string, max = 300) => escapeHtml(clip(text, max));

/** HTML of a card; `head` (plain text, e.g. the reminder that brought it) goes on top. */
export function renderCard(card: TicketCard, head?: string): string {
  const full = cardHtml(card, head, true);
  // Escaping can grow text up to five times: a card of pathological text drops its free-text parts.
  return full.length <= MESSAGE_LIMIT ? full : cardHtml(card, head && clip(head, 200), false);
}

function cardHtml(card: TicketCard, head: string | undefined, detailed: boolean): string {
  const lines: string[] = [];
  if (head) lines.push(e(head, 800), "");
  lines.push(`🎫 <b>${e(card.id, 40)}</b> · ${e(card.statusText, 60)}`);
  lines.push(`<b>${e(card.summary, 200)}</b>`);
  lines.push(`类别 Category: ${CATEGORY[card.category]} · 优先级 Priority: ${PRIORITY[card.priority]}`);
  lines.push(`人才 Talent: ${e(card.talent, 80)}`);
  lines.push(`专员 Commissioner: ${e(card.commissioner.name, 80)}`);
  lines.push(
    `首次响应时限 First response due: ${utcStamp(card.firstResponseDue)}${card.firstResponseAt ? ` ✓ ${utcStamp(card.firstResponseAt)}` : ""}`,
    `办结时限 Resolution due: ${utcStamp(card.resolutionDue)}`,
  );
  if (detailed) {
    for (const [k, v] of Object.entries(card.fields).slice(0, 12)) lines.push(`${e(k, 40)}: ${e(v, 200)}`);
    if (card.details && card.details !== card.summary) lines.push(`详情 Details: ${e(card.details, 600)}`);
  }
  if (card.last) lines.push(`最近 Latest: ${utcStamp(card.last.at)} ${e(card.last.by, 80)} ${e(card.last.text, detailed ? 400 : 100)}`);
  if (card.rating) lines.push(`评分 Rating: ${"★".repeat(card.rating.score)}${"☆".repeat(5 - card.rating.score)}${card.rating.comment ? ` ${e(card.rating.comment, detailed ? 200 : 50)}` : ""}`);
  return lines.join("\n");
}
