import type { Lang } from "../text/normalize.ts";
import { NOTICE_KEYS, type TicketTexts } from "../tickets/ports.ts";
import type { TicketStatus } from "../tickets/ticket.ts";
import { textGroup } from "./catalogue.ts";
import { t } from "./i18n.ts";

/**
 * What tickets say, from the texts catalogue: the status words and the notifications the ticket service
 * queues. The ticket domain names a status or a notice; these are its words.
 */

const STATUS_WORDS: Record<TicketStatus, { zh: string; en: string }> = textGroup("status", ["new", "claimed", "in_progress", "waiting_on_talent", "resolved", "closed", "reopened", "cancelled"]);

/** A status as people read it (simplified Chinese for both Chinese scripts: the text it goes into is converted). */
export function statusLabel(s: TicketStatus, lang: Lang): string {
  return lang === "en" ? STATUS_WORDS[s].en : STATUS_WORDS[s].zh;
}

const NOTICES = textGroup("notices", NOTICE_KEYS);

/** The `TicketTexts` the ticket service is given. */
export const ticketTexts: TicketTexts = {
  notice: (key, lang, vars) => t(NOTICES[key], lang, vars),
  status: statusLabel,
};
