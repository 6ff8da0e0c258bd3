/**
 * Child process for the crash tests in outbox.test.ts: files a ticket on a real store and dies with SIGKILL,
 * either right after saving it (`file`) or after a notification was sent and before the outbox was updated
 * (`send-crash`). Prints the ticket id on stdout first.
 *
 *   node --import tsx test/tickets/outbox-crash-child.ts file <storeUrl>
 *   node --import tsx test/tickets/outbox-crash-child.ts send-crash <storeUrl> <dedupeKeyvUrl> <phoneFile> <leaseMs>
 */
import { appendFile } from "node:fs/promises";
import { createKeyv } from "../../src/storage/keyv.ts";
import { DedupingNotifier } from "../../src/tickets/notifiers.ts";
import { Dispatcher } from "../../src/tickets/outbox.ts";
import type { Notifier, OutgoingNotification } from "../../src/tickets/ports.ts";
import { rosterSchema } from "../../src/tickets/roster.ts";
import { TicketService } from "../../src/tickets/service.ts";
import { ticketTexts } from "../../src/core/ticket-texts.ts";
import { createTicketStore } from "../../src/tickets/store.ts";

/** The person's phone: one JSON line per notification received. */
class FileNotifier implements Notifier {
  constructor(private readonly file: string) {}
  async send(n: OutgoingNotification): Promise<void> {
    await appendFile(this.file, `${JSON.stringify({ id: n.id, to: n.to, ticketId: n.ticketId })}\n`);
  }
}

const [mode, storeUrl, kvUrl, phone, leaseMs] = process.argv.slice(2);
if (!mode || !storeUrl) throw new Error("usage: outbox-crash-child.ts file|send-crash <storeUrl> …");

const store = await createTicketStore(storeUrl);

const roster = rosterSchema.parse({
  commissioners: [{ id: "li-wei", name: "李伟 Li Wei", channels: ["telegram:100000001"] }],
});
const service = new TicketService({ repo: store.repo, roster, clock: () => new Date(), texts: ticketTexts });
const { ticket } = await service.create({ talent: "telegram:555", category: "housing", summary: "Heating broken", details: "No heating since Monday", lang: "en" });
process.stdout.write(`${ticket.id}\n`);

if (mode === "file") {
  // Saved with its pending notification; the process dies before any dispatcher runs.
  process.kill(process.pid, "SIGKILL");
} else if (mode === "send-crash") {
  if (!kvUrl || !phone) throw new Error("send-crash needs <dedupeKeyvUrl> <phoneFile>");
  const deduping = new DedupingNotifier(new FileNotifier(phone), createKeyv(kvUrl, "delivered-notifications"));
  const crashing: Notifier = {
    async send(n) {
      await deduping.send(n);
      // Sent and recorded as delivered; the outbox still holds it when the process dies.
      process.kill(process.pid, "SIGKILL");
      await new Promise(() => undefined);
    },
  };
  await new Dispatcher({ repo: store.repo, coordination: store.coordination, notifier: crashing, leaseMs: Number(leaseMs ?? 60_000), owner: "crashing-child" }).runOnce();
}
throw new Error("the child should have been killed");
