import { Command } from "commander";
import { existsSync } from "node:fs";
import { ConfigError, loadConfig, resolveRosterFile } from "../config.ts";
import { createLogger } from "../logger.ts";
import { createKeyv } from "../storage/keyv.ts";
import { InboxNotifier, LogNotifier, RoutingNotifier, DedupingNotifier } from "../tickets/notifiers.ts";
import { Dispatcher } from "../tickets/outbox.ts";
import { loadRoster, type Roster } from "../tickets/roster.ts";
import { TicketService } from "../tickets/service.ts";
import { statusLabel, ticketTexts } from "../core/ticket-texts.ts";
import { createTicketStore } from "../tickets/store.ts";
import { TicketError, type Ticket, type TicketStatus, STATUSES } from "../tickets/ticket.ts";

/**
 * Tickets from a terminal, for commissioners, admins and scripts:
 * `npm run tickets -- list|show|claim|reply|resolve|reassign|cancel … --as USER [--json]`.
 * The same roles as in the chat apply; notifications are delivered before the command exits.
 */
function who(roster: Roster, as: string): string {
  if (as.includes(":")) return as;
  const c = roster.commissioners.find((x) => x.id === as);
  if (!c) throw new Error(`--as ${as}: give a user as channel:id, or a commissioner id from the roster`);
  return c.channels[0]!;
}

function line(t: Ticket): string {
  return `${t.id}  ${statusLabel(t.status, "en").padEnd(16)} ${t.category.padEnd(10)} ${t.commissioner.padEnd(10)} ${t.updatedAt.slice(0, 16).replace("T", " ")}  ${t.summary}`;
}

function detail(t: Ticket): string {
  const out = [
    `${t.id} — ${t.summary}`,
    `status ${t.status} · ${t.category} · ${t.priority} · talent ${t.talent} · commissioner ${t.commissioner}`,
    `created ${t.createdAt} · first response due ${t.firstResponseDue}${t.firstResponseAt ? ` (answered ${t.firstResponseAt})` : ""} · resolution due ${t.resolutionDue}`,
    `details: ${t.details}`,
  ];
  for (const [k, v] of Object.entries(t.fields)) out.push(`  ${k}: ${v}`);
  out.push(t.passagesSearched ? (t.passages.length ? "policies found:" : "policies found: none") : "policies: not searched");
  for (const p of t.passages) out.push(`  ${p.section} [${p.docId}]`);
  if (t.conversation.length) {
    out.push("conversation:");
    for (const c of t.conversation) out.push(`  ${c.role === "talent" ? ">" : "<"} ${c.text.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  out.push("history:");
  for (const h of t.history) out.push(`  ${h.at.slice(0, 16).replace("T", " ")} ${h.by} ${h.action}${h.from ? ` ${h.from}→${h.to}` : h.to ? ` →${h.to}` : ""}${h.rating ? ` ${h.rating}/5` : ""}${h.text ? `: ${h.text}` : ""}`);
  if (t.rating) out.push(`rating ${t.rating.score}/5${t.rating.comment ? ` — ${t.rating.comment}` : ""}`);
  return out.join("\n");
}

async function withService<T>(fn: (s: TicketService, roster: Roster) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const roster = await loadRoster(resolveRosterFile(config, existsSync));
  const store = await createTicketStore(config.storeUrl, { prefix: roster.ticketPrefix });
  const inbox = createKeyv(config.storeUrl, "inbox");
  const sent = createKeyv(config.storeUrl, "delivered-notifications");
  const logger = createLogger({ logLevel: "warn" });
  try {
    const service = new TicketService({ repo: store.repo, roster, clock: () => new Date(), texts: ticketTexts });
    const result = await fn(service, roster);
    const notifier = new DedupingNotifier(new RoutingNotifier({ console: new InboxNotifier(inbox), telegram: new LogNotifier(logger), slack: new LogNotifier(logger) }), sent);
    await new Dispatcher({ repo: store.repo, notifier, coordination: store.coordination, logger }).flush();
    return result;
  } finally {
    await store.close();
    await Promise.allSettled([inbox.disconnect(), sent.disconnect()]);
  }
}

const program = new Command("tickets").description("work on tickets as a commissioner or admin").requiredOption("--as <user>", "who is acting: channel:id, or a commissioner id from the roster").option("--json", "print JSON");

const as = (cmd: Command) => cmd.optsWithGlobals<{ as: string; json?: boolean }>();
const print = (cmd: Command, value: unknown, text: string) => console.log(as(cmd).json ? JSON.stringify(value, null, 2) : text);

program
  .command("list")
  .description("tickets you may see: a talent's own, a commissioner's assigned, an admin's open ones")
  .option("--status <status...>", `only these statuses (${STATUSES.join(", ")})`)
  .action(async (opts: { status?: TicketStatus[] }, cmd: Command) => {
    await withService(async (s, roster) => {
      const list = await s.listFor(s.actor(who(roster, as(cmd).as)), opts.status);
      print(cmd, list, list.length ? list.map(line).join("\n") : "No tickets.");
    });
  });

program.command("show").argument("<id>").description("one ticket with its conversation, policies and history").action(async (id: string, _o, cmd: Command) => {
  await withService(async (s, roster) => {
    const t = await s.get(id, s.actor(who(roster, as(cmd).as)));
    print(cmd, t, detail(t));
  });
});

const act = (name: string, description: string, run: (s: TicketService, actor: ReturnType<TicketService["actor"]>, id: string, rest: string[], opts: Record<string, unknown>) => Promise<Ticket>) =>
  program
    .command(name)
    .description(description)
    .argument("<id>")
    .argument("[text...]")
    .option("--wait", "(reply) wait for the talent's answer")
    .action(async (id: string, rest: string[], opts: Record<string, unknown>, cmd: Command) => {
      await withService(async (s, roster) => {
        const t = await run(s, s.actor(who(roster, as(cmd).as)), id, rest, opts);
        print(cmd, t, `${t.id} is now ${t.status} (${t.commissioner}).`);
      });
    });

act("claim", "take a ticket", (s, a, id) => s.claim(id, a));
act("start", "mark a ticket in progress", (s, a, id) => s.start(id, a));
act("reply", "reply to the talent (--wait: then wait for their answer)", (s, a, id, rest, o) => {
  if (!rest.length) throw new Error("reply: give the text");
  return s.reply(id, a, rest.join(" "), { waitForTalent: !!o.wait });
});
act("resolve", "resolve with a closing note; the talent is asked to rate it", (s, a, id, rest) => s.resolve(id, a, rest.join(" ") || "resolved"));
act("reassign", "pass a ticket to another commissioner (roster id)", (s, a, id, rest) => {
  if (!rest[0]) throw new Error("reassign: give the commissioner id");
  return s.reassign(id, a, rest[0]);
});
act("cancel", "cancel an open ticket", (s, a, id, rest) => s.cancel(id, a, rest.join(" ") || undefined));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(err instanceof TicketError || err instanceof ConfigError || err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
