import type { types } from "@slack/bolt";
import type { Action } from "../../core/messages.ts";
import type { TicketCard } from "../../core/commissioner-desk.ts";
import { parseStaffActionId, staffActionId } from "./action-ids.ts";
import { escapeMrkdwn, mention, slackDate, truncate } from "./mrkdwn.ts";
import { textSections, type SlackMessage } from "./reply-blocks.ts";

/**
 * Ticket cards for commissioners (bilingual, Chinese first, like the roster): what the ticket is about, who
 * asked, who is in charge, the deadlines and the buttons valid in its state. The same rendering is posted when a
 * ticket arrives and sent again with `chat.update` whenever the ticket changes.
 */

const STATUS_ICON: Record<TicketCard["status"], string> = {
  new: ":new:",
  claimed: ":raising_hand:",
  in_progress: ":hammer_and_wrench:",
  waiting_on_talent: ":hourglass_flowing_sand:",
  resolved: ":white_check_mark:",
  closed: ":lock:",
  reopened: ":leftwards_arrow_with_hook:",
  cancelled: ":heavy_multiplication_x:",
};

const CATEGORY: Record<TicketCard["category"], string> = {
  housing: "住房 housing",
  schooling: "入学 schooling",
  medical: "就医 medical",
  settlement: "落户 settlement",
  other: "其他 other",
};

const PRIORITY: Record<TicketCard["priority"], string> = { normal: "普通 normal", urgent: ":rotating_light: 紧急 urgent" };

/** The commissioner's Slack mention, when one of their channels is on Slack. */
function commissionerMention(card: TicketCard): string {
  const slack = card.commissioner.channels.find((c) => c.startsWith("slack:"));
  return slack ? `${mention(slack)} ${escapeMrkdwn(card.commissioner.name)}` : escapeMrkdwn(card.commissioner.name);
}

/** Staff buttons (Claim, Reply, Resolve, Reassign) for the actions of a card or a reminder. */
export function staffButtons(actions: Action[] | undefined): types.ActionsBlock[] {
  const buttons: types.Button[] = [];
  for (const a of actions ?? []) {
    const id = parseStaffActionId(`staff:${a.id}`);
    if (!id || !a.payload || buttons.some((b) => b.action_id === staffActionId(id))) continue;
    buttons.push({
      type: "button",
      action_id: staffActionId(id),
      value: a.payload,
      text: { type: "plain_text", text: truncate(LABELS[id], 75), emoji: true },
      ...(id === "claim" ? { style: "primary" as const } : {}),
    });
  }
  return buttons.length ? [{ type: "actions", elements: buttons }] : [];
}

const LABELS = { claim: "认领 Claim", reply: "回复 Reply", resolve: "办结 Resolve", reassign: "转交 Reassign" } as const;

/** The card of a ticket as a Slack message. */
export function cardMessage(card: TicketCard): SlackMessage {
  const field = (label: string, value: string): types.MrkdwnElement => ({ type: "mrkdwn", text: truncate(`*${label}*\n${value}`, 2000) });
  const fields: types.MrkdwnElement[] = [
    field("状态 Status", `${STATUS_ICON[card.status]} ${escapeMrkdwn(card.statusText)}`),
    field("类别 Category", CATEGORY[card.category]),
    field("优先级 Priority", PRIORITY[card.priority]),
    field("人才 Talent", mention(card.talent)),
    field("专员 Commissioner", commissionerMention(card)),
    field("首次响应时限 First response due", card.firstResponseAt ? `~${slackDate(card.firstResponseDue)}~ :heavy_check_mark: ${slackDate(card.firstResponseAt)}` : slackDate(card.firstResponseDue)),
    field("办结时限 Resolution due", slackDate(card.resolutionDue)),
    ...(card.rating ? [field("评分 Rating", `${"★".repeat(card.rating.score)}${"☆".repeat(5 - card.rating.score)}${card.rating.comment ? ` ${escapeMrkdwn(card.rating.comment)}` : ""}`)] : []),
  ];
  const details = [card.details, ...Object.entries(card.fields).map(([k, v]) => `${k}: ${v}`)].filter((s) => s.trim()).join("\n");
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(`${card.id} · ${card.summary}`, 150), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: truncate(`${commissionerMention(card)} · ${STATUS_ICON[card.status]} *${escapeMrkdwn(card.statusText)}*`, 3000) } },
    { type: "section", fields },
    ...textSections(details, 3),
    ...(card.last ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: truncate(`${slackDate(card.last.at)} · ${escapeMrkdwn(card.last.by)}: ${escapeMrkdwn(card.last.text)}`, 2000) }] }] : []),
    ...staffButtons(card.actions),
  ];
  const who = card.commissioner.channels.find((c) => c.startsWith("slack:"));
  const text = truncate(`${who ? `${mention(who)} ` : ""}${card.id} [${card.statusText}] ${card.summary}`, 3000);
  return { text, blocks };
}

/** A reminder, escalation or talent message in a card's thread, mentioning the person it is for. */
export function threadNotice(to: string, text: string, actions: Action[] | undefined): SlackMessage {
  const head = `${mention(to)} `;
  const sections = textSections(text, 10);
  const first = sections[0];
  if (first?.text) first.text.text = truncate(head + first.text.text, 3000);
  return { text: truncate(head + text, 3000), blocks: [...(sections.length ? sections : [{ type: "section" as const, text: { type: "mrkdwn" as const, text: head } }]), ...staffButtons(actions)] };
}
