import type { webApi } from "@slack/bolt";
import type { Notifier, OutgoingNotification } from "../../core/ports.ts";
import type { Ticket } from "../../tickets/ticket.ts";
import { threadNotice } from "./card-blocks.ts";
import type { CardRef, TicketCards } from "./cards.ts";
import { slackUserId } from "./mrkdwn.ts";
import { replyMessage } from "./reply-blocks.ts";

export interface SlackNotifierOptions {
  client: webApi.WebClient;
  cards: TicketCards;
  /** The current ticket of a notification (no permission check). */
  load(id: string): Promise<Ticket | undefined>;
  /** Channel id where ticket cards are posted; without it each commissioner gets them as DMs. */
  commissionerChannel?: string;
}

/** Notifications that are themselves about the card: the card is the message. */
const CARD_KINDS = new Set<OutgoingNotification["kind"]>(["ticket_created", "reassigned"]);

/**
 * Delivers ticket notifications to `slack:U…` recipients. `send` throws when Slack refuses or cannot be reached
 * (the outbox retries with backoff).
 *
 * - To the ticket's talent (commissioner replies, rating requests, status changes): a DM with the text and the
 *   notification's buttons, pressed like any engine button.
 * - To staff: the ticket card in the commissioners' channel (mentioning the commissioner), or in the recipient's
 *   DM when no channel is configured. A new ticket or a reassignment posts the card when it is not there yet;
 *   everything else (reminders, escalations, talent messages, reopen notices, and a reassignment whose card is
 *   already in the channel) goes into the card's thread, mentioning the recipient, with Claim/Reply/Reassign
 *   buttons when the notification carries them.
 */
export class SlackNotifier implements Notifier {
  constructor(private readonly o: SlackNotifierOptions) {}

  async send(n: OutgoingNotification): Promise<void> {
    const user = slackUserId(n.to);
    if (!user) throw new Error(`The Slack notifier cannot deliver to "${n.to}" (expected slack:U…).`);
    const ticket = await this.o.load(n.ticketId);
    if (!ticket || ticket.talent === n.to) {
      await this.o.client.chat.postMessage({ channel: user, ...replyMessage({ text: n.text, citations: [], actions: n.actions ?? [], lang: n.lang }), unfurl_links: false });
      return;
    }
    const channel = this.o.commissionerChannel;
    const refs = await this.o.cards.refs(ticket.id);
    let card: CardRef | undefined = channel ? refs.find((r) => !r.user && r.channel === channel) : refs.find((r) => r.user === user);
    if (!card) {
      card = channel ? await this.o.cards.post(ticket, channel) : await this.o.cards.post(ticket, user, user);
      // The card mentions the commissioner in charge: for them, a new or reassigned ticket needs nothing more.
      if (CARD_KINDS.has(n.kind)) return;
    } else if (n.kind === "ticket_created") {
      return; // delivered before (a retry after a crash): the card is there
    }
    await this.o.client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, ...threadNotice(n.to, n.text, n.actions), unfurl_links: false });
  }
}
