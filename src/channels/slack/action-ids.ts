import type { Action } from "../../core/messages.ts";
import { isStaffAction, type StaffAction } from "../../core/commissioner-desk.ts";

/**
 * Button and modal identifiers, defined once: every `action_id`, button `value` and `callback_id` the Slack
 * channel sends is built and parsed here.
 *
 * - Engine buttons (answers, drafts, rating stars): `action_id` `engine:<id>:<n>` (n keeps ids unique within a
 *   message), `value` JSON `{"id","payload"}`. Pressed by anyone; the engine decides what they mean.
 * - Staff buttons (ticket cards, reminders): `action_id` `staff:<claim|reply|resolve|reassign>`, `value` the ticket
 *   id. `CommissionerDesk.act` checks who pressed them.
 */

export const ENGINE_ACTION = /^engine:/;
export const STAFF_ACTION = /^staff:/;

/** Modal callback ids. */
export const MODALS = { reply: "staff_reply", resolve: "staff_resolve", reassign: "staff_reassign" } as const;

/** Slack's limits: button value 2000 characters. */
const VALUE_LIMIT = 2000;

export function engineActionId(a: Action, n: number): string {
  return `engine:${a.id}:${n}`.slice(0, 255);
}

/** The button value of an engine action, or undefined when it would not fit in a button. */
export function encodeEngineValue(a: Action): string | undefined {
  const v = JSON.stringify(a.payload === undefined ? { id: a.id } : { id: a.id, payload: a.payload });
  return v.length <= VALUE_LIMIT ? v : undefined;
}

/** The engine action behind a pressed button, or undefined for a malformed (forged, outdated) value. */
export function decodeEngineValue(value: string | undefined): { id: string; payload?: string } | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value) as unknown;
    if (!v || typeof v !== "object") return undefined;
    const { id, payload } = v as { id?: unknown; payload?: unknown };
    if (typeof id !== "string" || !id || (payload !== undefined && typeof payload !== "string")) return undefined;
    return payload === undefined ? { id } : { id, payload };
  } catch {
    return undefined;
  }
}

export type CardButton = Exclude<StaffAction, "reassign_to">;

export function staffActionId(id: CardButton): string {
  return `staff:${id}`;
}

/** The staff action of a pressed button's `action_id`, or undefined for one we never send. */
export function parseStaffActionId(actionId: string): CardButton | undefined {
  const id = actionId.slice("staff:".length);
  return isStaffAction(id) && id !== "reassign_to" ? id : undefined;
}

/** What a staff modal remembers between the button and the submission. */
export interface ModalMetadata {
  ticket: string;
  /** Where the button was (for ephemeral answers). */
  channel?: string;
}

export function encodeModalMetadata(m: ModalMetadata): string {
  return JSON.stringify(m);
}

export function decodeModalMetadata(raw: string | undefined): ModalMetadata | undefined {
  try {
    const v = JSON.parse(raw ?? "") as Partial<ModalMetadata>;
    return typeof v.ticket === "string" ? { ticket: v.ticket, ...(typeof v.channel === "string" ? { channel: v.channel } : {}) } : undefined;
  } catch {
    return undefined;
  }
}
