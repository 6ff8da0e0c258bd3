import { GrammyError, type Api } from "grammy";
import type Keyv from "keyv";
import type { Logger } from "../../logger.ts";
import { scrubError } from "../../text/scrub.ts";
import type { Ticket } from "../../tickets/ticket.ts";
import type { ChannelDependencies } from "../../core/ports.ts";
import type { CallbackCodec } from "./callback-data.ts";
import { renderCard } from "./card.ts";
import { inlineKeyboard } from "./keyboard.ts";

/** Where one card of a ticket was posted. */
export interface CardRef {
  chat: number;
  message: number;
  /** The plain text shown above the card (the notification that brought it), kept when it is edited. */
  head?: string;
}

export interface CardBoardDeps {
  api: Api;
  desk: Pick<ChannelDependencies, "card">;
  codec: CallbackCodec;
  /** Card messages by ticket id. */
  refs: Keyv<CardRef[]>;
  logger: Logger;
}

const MAX_REFS = 20; // a ticket's cards kept up to date (the newest)
const REFS_TTL_MS = 180 * 86_400_000;

/**
 * The ticket cards posted to commissioners: posts them, remembers where (Keyv, so a restart keeps editing
 * them) and edits every card of a ticket in place when it changes. Edits of one ticket run one after the
 * other and always render the newest version seen, so a burst of changes ends with the final state.
 */
export class CardBoard {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly latest = new Map<string, Ticket>();
  private readonly rendered = new Map<string, number>();
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly d: CardBoardDeps) {}

  private async markup(ticket: Ticket, head?: string) {
    const card = this.d.desk.card(ticket);
    const keyboard = (await inlineKeyboard(card.actions, this.d.codec)) ?? { inline_keyboard: [] };
    return { text: renderCard(card, head), keyboard };
  }

  /** Sends a card to `chat` and remembers it. Throws when Telegram refuses (the outbox retries). */
  async post(chat: number | string, ticket: Ticket, head?: string): Promise<void> {
    const { text, keyboard } = await this.markup(ticket, head);
    const sent = await this.d.api.sendMessage(chat, text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: { is_disabled: true } });
    await this.remember(ticket.id, { chat: sent.chat.id, message: sent.message_id, ...(head ? { head } : {}) });
  }

  /** Adds a card message to a ticket's list (no-op when known). */
  remember(ticketId: string, ref: CardRef): Promise<void> {
    return this.update(ticketId, (refs) => (refs.some((r) => r.chat === ref.chat && r.message === ref.message) ? refs : [...refs, ref].slice(-MAX_REFS)));
  }

  /** Read-modify-write of a ticket's card list, one at a time per ticket in this process. */
  private update(ticketId: string, change: (refs: CardRef[]) => CardRef[]): Promise<void> {
    const run = (this.writes.get(ticketId) ?? Promise.resolve()).then(async () => {
      const refs = (await this.d.refs.get(ticketId)) ?? [];
      const next = change(refs);
      if (next !== refs) await this.d.refs.set(ticketId, next, REFS_TTL_MS);
    });
    const tail = run.catch(() => undefined);
    this.writes.set(ticketId, tail);
    void tail.then(() => {
      if (this.writes.get(ticketId) === tail) this.writes.delete(ticketId);
    });
    return run;
  }

  /** Edits every card of the ticket to show `ticket` (or a newer version, if one arrives meanwhile). Never rejects. */
  refresh(ticket: Ticket): Promise<void> {
    const seen = this.latest.get(ticket.id);
    if (!seen || seen.version <= ticket.version) this.latest.set(ticket.id, ticket);
    const run = (this.chains.get(ticket.id) ?? Promise.resolve())
      .then(() => this.editAll(ticket.id))
      .catch((err: unknown) => this.d.logger.warn({ ticket: ticket.id, err: scrubError(err) }, "could not update the ticket's cards"));
    this.chains.set(ticket.id, run);
    void run.finally(() => {
      if (this.chains.get(ticket.id) === run) {
        this.chains.delete(ticket.id);
        this.latest.delete(ticket.id);
        this.rendered.delete(ticket.id);
      }
    });
    return run;
  }

  private async editAll(id: string): Promise<void> {
    const ticket = this.latest.get(id);
    if (!ticket || this.rendered.get(id) === ticket.version) return;
    this.rendered.set(id, ticket.version);
    const refs = (await this.d.refs.get(id)) ?? [];
    const gone: CardRef[] = [];
    for (const ref of refs) {
      const { text, keyboard } = await this.markup(ticket, ref.head);
      try {
        await this.d.api.editMessageText(ref.chat, ref.message, text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: { is_disabled: true } });
      } catch (err) {
        if (err instanceof GrammyError && /message is not modified/i.test(err.description)) continue;
        if (err instanceof GrammyError && /message to edit not found|chat not found|bot was kicked|not enough rights/i.test(err.description)) gone.push(ref);
        else this.d.logger.warn({ ticket: id, chat: ref.chat, err: scrubError(err) }, "could not update a ticket card");
      }
    }
    if (gone.length) await this.update(id, (all) => all.filter((r) => !gone.some((g) => g.chat === r.chat && g.message === r.message)));
  }
}
