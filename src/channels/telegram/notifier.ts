import type { Api } from "grammy";
import type { ChannelDependencies, Notifier, OutgoingNotification } from "../../core/ports.ts";
import type { CallbackCodec } from "./callback-data.ts";
import type { CardBoard } from "./card-board.ts";
import { renderPlain } from "./format.ts";
import { inlineKeyboard } from "./keyboard.ts";

export interface TelegramNotifierDeps {
  api: Api;
  desk: Pick<ChannelDependencies, "isStaff" | "ticketFor" | "displayName">;
  cards: CardBoard;
  codec: CallbackCodec;
  /** Group chat id where staff notifications go instead of private chats. */
  commissionerChat?: string;
}

/** The chat of a `telegram:<id>` recipient (a user's private chat id is their user id; groups are negative). */
export function chatOf(to: string): number {
  const m = /^telegram:(-?\d+)$/.exec(to);
  if (!m) throw new Error(`"${to}" is not a Telegram chat (expected telegram:<numeric user id>, e.g. telegram:123456789).`);
  return Number(m[1]);
}

/**
 * Ticket notifications on Telegram. Staff (per the roster) get a ticket card with the buttons valid for the
 * ticket's current state, edited in place later; talents get the text with the notification's buttons (e.g.
 * the rating stars). Throws when Telegram refuses or cannot be reached, so the outbox retries with backoff.
 */
export function createTelegramNotifier(d: TelegramNotifierDeps): Notifier {
  return {
    async send(n: OutgoingNotification): Promise<void> {
      const chat = chatOf(n.to);
      if (d.desk.isStaff(n.to)) {
        const ticket = await d.desk.ticketFor(n.to, n.ticketId);
        if (ticket) {
          const group = d.commissionerChat;
          const head = [group ? `→ ${d.desk.displayName(n.to)}` : "", n.kind === "ticket_created" ? "" : n.text].filter(Boolean).join("\n");
          await d.cards.post(group ?? chat, ticket, head || undefined);
          return;
        }
      }
      const chunks = renderPlain(n.text);
      const keyboard = await inlineKeyboard(n.actions ?? [], d.codec);
      for (const [i, text] of chunks.entries()) {
        const last = i === chunks.length - 1;
        await d.api.sendMessage(chat, text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(last && keyboard ? { reply_markup: keyboard } : {}) });
      }
    },
  };
}
