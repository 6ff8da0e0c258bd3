import type { webApi } from "@slack/bolt";
import type Keyv from "keyv";
import type { Logger } from "../../logger.ts";
import { scrubError } from "../../text/scrub.ts";
import type { Ticket } from "../../tickets/ticket.ts";
import type { InFlight } from "../channel.ts";
import type { ChannelDependencies } from "../../core/ports.ts";
import { cardMessage } from "./card-blocks.ts";

/** Where a ticket card was posted. */
export interface CardRef {
  channel: string;
  ts: string;
  /** The commissioner whose DM it is in; absent for the commissioners' channel. */
  user?: string;
}

const CARD_TTL_MS = 180 * 86_400_000;

export interface TicketCardsOptions {
  client: webApi.WebClient;
  /** Card references by ticket id. */
  kv: Keyv<CardRef[]>;
  desk: Pick<ChannelDependencies, "card">;
  /** The current ticket (no permission check: cards are for staff). */
  load(id: string): Promise<Ticket | undefined>;
  logger: Logger;
  inflight: InFlight;
}

/**
 * The Slack messages showing a ticket card, and keeping them current: every card posted is remembered in Keyv
 * (by ticket id) and updated in place with `chat.update` when the ticket changes.
 *
 * Refreshes of one ticket run one at a time and re-read the ticket, so the last update shows the latest state;
 * a refresh asked for while another one waits joins it. Card references of one ticket are only written by the
 * notifier, which the dispatcher's per-ticket lease serialises across processes.
 */
export class TicketCards {
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Promise<void>>();

  constructor(private readonly o: TicketCardsOptions) {}

  async refs(ticketId: string): Promise<CardRef[]> {
    return (await this.o.kv.get(ticketId)) ?? [];
  }

  /** Posts the card of `ticket` to `channel` (a channel id, or a user id for a DM) and remembers it. */
  async post(ticket: Ticket, channel: string, dmUser?: string): Promise<CardRef> {
    const res = await this.o.client.chat.postMessage({ channel, ...cardMessage(this.o.desk.card(ticket)), unfurl_links: false });
    if (!res.channel || !res.ts) throw new Error("chat.postMessage answered without channel or ts");
    const ref: CardRef = { channel: res.channel, ts: res.ts, ...(dmUser ? { user: dmUser } : {}) };
    await this.o.kv.set(ticket.id, [...(await this.refs(ticket.id)), ref], CARD_TTL_MS);
    return ref;
  }

  /** Updates every card of the ticket to its current state; failures are logged, never thrown. */
  refresh(ticketId: string): Promise<void> {
    const queued = this.waiting.get(ticketId);
    if (queued) return queued;
    const previous = this.running.get(ticketId) ?? Promise.resolve();
    const next = previous.then(() => {
      this.waiting.delete(ticketId);
      return this.update(ticketId);
    });
    this.waiting.set(ticketId, next);
    const tracked = this.o.inflight.track(next);
    this.running.set(ticketId, tracked);
    void tracked.finally(() => {
      if (this.running.get(ticketId) === tracked) this.running.delete(ticketId);
    });
    return tracked;
  }

  /** Resolves when every refresh asked for so far is done. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }

  private async update(ticketId: string): Promise<void> {
    try {
      const refs = await this.refs(ticketId);
      if (!refs.length) return;
      const ticket = await this.o.load(ticketId);
      if (!ticket) return;
      const message = cardMessage(this.o.desk.card(ticket));
      for (const ref of refs) {
        try {
          await this.o.client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
        } catch (err) {
          this.o.logger.warn({ ticket: ticketId, channel: ref.channel, err: scrubError(err) }, "could not update a Slack ticket card");
        }
      }
    } catch (err) {
      this.o.logger.warn({ ticket: ticketId, err: scrubError(err) }, "could not refresh the Slack ticket cards");
    }
  }
}
