import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../fixtures/cli.ts";
import type { Action, Reply } from "../../src/core/messages.ts";
import type { InboxItem } from "../../src/tickets/notifiers.ts";
import type { Ticket } from "../../src/tickets/ticket.ts";
import { KNOWLEDGE } from "../fixtures/app.ts";
import { tempDir } from "../fixtures/policies.ts";

/**
 * The console scenario end to end, with the real CLIs as child processes sharing one SQLite store:
 * alice files a schooling request in the chat, her commissioner li-wei works it with `tickets`, alice sees the
 * reply and the rating prompt at her next message and rates it 5, and bob (another talent) can neither see nor
 * claim it.
 *
 * Each run costs a couple of seconds of start-up, so the scenario runs once in `beforeAll` as a chain of stages
 * (independent runs of a stage in parallel) and the tests check what each stage printed.
 */

interface RunResult {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}
type ChatReply = Reply & { intent?: string; inbox: InboxItem[] };

const REQUEST = "Please help me enrol my daughter in Grade 3";
const REPLY = "Donghu No. 2 Primary School has a place in Grade 3; please bring your residence permit on Monday.";
const RESOLUTION = "Enrolled at Donghu No. 2 Primary School from 1 September.";
const LI_WEI = "李伟 Li Wei";

let ws: Awaited<ReturnType<typeof tempDir>>;

/** Runs `src/cli/<cli>.ts` through tsx in the project root, with all state under the test's directory. */
function run(cli: "chat" | "tickets", args: string[]): Promise<RunResult> {
  return runCli(cli, args, {
    KNOWLEDGE_DIR: KNOWLEDGE,
    DATA_DIR: ws.path,
    INDEX_DIR: path.join(ws.path, "index"),
    STORE_URL: `sqlite://${path.join(ws.path, "state.sqlite")}`,
    ROSTER_FILE: "config/roster.example.yaml",
  });
}

/** The JSON a successful run printed (throws with the run's output otherwise). */
function parsed<T>(r: RunResult): T {
  if (r.code !== 0) throw new Error(`${r.args.join(" ")} exited with ${r.code}:\n${r.stderr}${r.stdout}`);
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`${r.args.join(" ")} did not print JSON:\n${r.stdout}\n${r.stderr}`);
  }
}

const chat = (user: string, ...args: string[]) => run("chat", ["--user", user, "--json", ...args]);
const tickets = (as: string, ...args: string[]) => run("tickets", [...args, "--as", as]);

/** The 1-based number of the first button matching `match`, for `--press`. */
function button(reply: Reply, match: (a: Action) => boolean): number {
  const i = reply.actions.findIndex(match);
  if (i < 0) throw new Error(`no such button in: ${JSON.stringify(reply.actions)}`);
  return i + 1;
}

/** What alice answers to each question the desk asks about her request. */
function answer(question: string): string {
  if (/district/i.test(question)) return "Donghu";
  if (/reach you|contact/i.test(question)) return "this chat";
  if (/child|grade/i.test(question)) return "Grade 3";
  throw new Error(`unexpected question: ${question}`);
}

// --- the scenario, in stages -----------------------------------------------------------------------------------

interface Filed {
  first: RunResult;
  turns: ChatReply[];
  confirmation: ChatReply;
  id: string;
}
interface Worked {
  list: RunResult;
  liWeiInbox: ChatReply;
  bobShow: RunResult;
  bobShowMissing: RunResult;
  bobClaim: RunResult;
  claim: RunResult;
  reply: RunResult;
  resolve: RunResult;
}
interface Rated {
  next: ChatReply;
  thanks: ChatReply;
}
interface Final {
  show: Ticket;
  showText: RunResult;
}

let filed: Promise<Filed>;
let worked: Promise<Worked>;
let rated: Promise<Rated>;
let final: Promise<Final>;

beforeAll(async () => {
  ws = await tempDir("ticket-flow");

  // 1. alice asks in her own words, answers the questions and confirms. The first run builds the index, and only
  //    it: nothing else runs until it is done.
  filed = (async () => {
    const first = await chat("alice", REQUEST);
    const turns = [parsed<ChatReply>(first)];
    for (let i = 0; i < 5 && !turns.at(-1)!.actions.some((a) => a.id === "confirm_draft"); i++) {
      turns.push(parsed<ChatReply>(await chat("alice", answer(turns.at(-1)!.text))));
    }
    const draft = turns.at(-1)!;
    const confirmation = parsed<ChatReply>(await chat("alice", "--press", String(button(draft, (a) => a.id === "confirm_draft"))));
    const id = /WT-\d{4}-\d{6}/.exec(confirmation.text)?.[0];
    if (!id) throw new Error(`no ticket number in: ${confirmation.text}`);
    return { first, turns, confirmation, id };
  })();

  // 2. li-wei finds it and works it; meanwhile bob tries to look at it and to claim it.
  worked = (async () => {
    const { id } = await filed;
    const [list, liWeiInbox, bobShow, bobShowMissing, bobClaim] = await Promise.all([
      tickets("li-wei", "list", "--json"),
      chat("li-wei", "/tickets").then((r) => parsed<ChatReply>(r)),
      tickets("console:bob", "show", id),
      tickets("console:bob", "show", "WT-2026-999999"),
      tickets("console:bob", "claim", id),
    ]);
    const claim = await tickets("li-wei", "claim", id);
    const reply = await tickets("li-wei", "reply", id, REPLY);
    const resolve = await tickets("li-wei", "resolve", id, RESOLUTION);
    return { list, liWeiInbox, bobShow, bobShowMissing, bobClaim, claim, reply, resolve };
  })();

  // 3. alice's next message shows what happened; she presses five stars.
  rated = (async () => {
    const { id } = await filed;
    await worked;
    const next = parsed<ChatReply>(await chat("alice", `/ticket ${id}`));
    const thanks = parsed<ChatReply>(await chat("alice", "--press", String(button(next, (a) => a.id === "rate" && a.payload === `${id}:5`))));
    return { next, thanks };
  })();

  // 4. The ticket as li-wei sees it now, as JSON and as text.
  final = (async () => {
    const { id } = await filed;
    await rated;
    const [show, showText] = await Promise.all([tickets("li-wei", "show", id, "--json").then((r) => parsed<Ticket>(r)), tickets("li-wei", "show", id)]);
    return { show, showText };
  })();

  await final;
}, 60_000);

afterAll(async () => {
  await ws?.cleanup();
});

describe("a ticket from the console chat to a closed ticket", () => {
  it("should take alice's free-text schooling request, ask what is missing and file it with li-wei", async () => {
    const { first, turns, confirmation, id } = await filed;
    expect(first.stderr).toMatch(/built the index first: \d+ documents/);
    expect(turns[0]!.intent).toBe("request");
    expect(turns[0]!.text).toContain("Enrol my daughter in Grade 3");
    // Grade 3 was in the message, so the desk asks only for the rest and then shows the draft.
    expect(turns.length).toBeGreaterThanOrEqual(2);
    for (const t of turns.slice(0, -1)) expect(t.text).not.toMatch(/How old is your child/);
    const draft = turns.at(-1)!;
    expect(draft.text).toMatch(/Category: Schooling/);
    expect(draft.text).toMatch(/Grade 3/);
    expect(draft.actions.map((a) => a.id)).toEqual(["confirm_draft", "cancel_draft"]);

    expect(id).toMatch(/^WT-\d{4}-\d{6}$/);
    expect(confirmation.text).toContain(LI_WEI);
    expect(confirmation.text).toMatch(/within 24 hours/);
  });

  it("should show the new ticket on li-wei's list and tell him about it with Claim/Reply/Resolve/Reassign buttons", async () => {
    const { id } = await filed;
    const { list, liWeiInbox } = await worked;
    const mine = parsed<Ticket[]>(list);
    expect(mine.map((t) => t.id)).toEqual([id]);
    expect(mine[0]).toMatchObject({ talent: "console:alice", commissioner: "li-wei", category: "schooling", status: "new", lang: "en", details: REQUEST });
    expect(mine[0]!.fields).toMatchObject({ child: "Grade 3", contact: "this chat" });

    const notice = liWeiInbox.inbox.find((n) => n.ticketId === id);
    expect(notice, JSON.stringify(liWeiInbox.inbox)).toMatchObject({ kind: "ticket_created" });
    expect(notice!.text).toContain(id);
    expect(notice!.actions?.map((a) => a.label)).toEqual(["Claim", "Reply", "Resolve", "Reassign"]);
  });

  it("should let li-wei claim, reply and resolve it from the tickets CLI", async () => {
    const { id } = await filed;
    const { claim, reply, resolve } = await worked;
    for (const r of [claim, reply, resolve]) expect(r.code, `${r.args.join(" ")}\n${r.stderr}`).toBe(0);
    expect(claim.stdout.trim()).toBe(`${id} is now claimed (li-wei).`);
    expect(reply.stdout.trim()).toBe(`${id} is now claimed (li-wei).`);
    expect(resolve.stdout.trim()).toBe(`${id} is now resolved (li-wei).`);
  });

  it("should show alice the commissioner's reply and the rating prompt at her next message", async () => {
    const { id } = await filed;
    const { next } = await rated;
    const reply = next.inbox.find((n) => n.kind === "reply");
    expect(reply?.text).toBe(`Reply on your ticket ${id} from ${LI_WEI}:\n${REPLY}`);
    const prompt = next.inbox.find((n) => n.kind === "rating_request");
    expect(prompt?.text).toContain(RESOLUTION);
    expect(prompt?.text).toMatch(/rate the service from 1 to 5/);
    expect(prompt?.actions?.map((a) => a.payload)).toEqual([1, 2, 3, 4, 5].map((n) => `${id}:${n}`));
    // The reply came before the rating prompt, and nothing arrived twice.
    expect(next.inbox.map((n) => n.kind)).toEqual(["reply", "rating_request"]);
    // Her message itself shows the ticket, resolved.
    expect(next.text).toContain(id);
    expect(next.text).toMatch(/Status: resolved/);
  });

  it("should close the ticket when alice rates it 5, with the whole story in its history", async () => {
    const { id } = await filed;
    const { thanks } = await rated;
    expect(thanks.text).toContain(id);
    expect(thanks.text).toMatch(/5\/5/);
    expect(thanks.text).toMatch(/closed/);

    const { show, showText } = await final;
    expect(show).toMatchObject({ id, status: "closed", talent: "console:alice", commissioner: "li-wei", rating: { score: 5 } });
    expect(show.firstResponseAt).toBeDefined();
    expect(show.resolvedAt).toBeDefined();
    // Every notification was delivered.
    expect(show.outbox).toEqual([]);
    expect(show.conversation[0]).toMatchObject({ role: "talent", text: REQUEST });
    expect(show.history.map((h) => [h.action, h.by, h.from ?? null, h.to ?? null, h.text ?? null, h.rating ?? null])).toEqual([
      ["created", "console:alice", null, "new", "Enrol my daughter in Grade 3", null],
      ["status", "console:li-wei", "new", "claimed", null, null],
      ["reply", "console:li-wei", null, null, REPLY, null],
      ["status", "console:li-wei", "claimed", "resolved", RESOLUTION, null],
      ["rated", "console:alice", null, null, null, 5],
      ["status", "console:alice", "resolved", "closed", null, null],
    ]);
    const times = show.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    expect(showText.code).toBe(0);
    expect(showText.stdout).toContain(`status closed · schooling · normal · talent console:alice · commissioner li-wei`);
    expect(showText.stdout).toMatch(/history:\n/);
    expect(showText.stdout).toContain(`console:li-wei reply: ${REPLY}`);
    expect(showText.stdout).toMatch(/rating 5\/5/);
  });

  it("should tell bob there is no such ticket, exactly as for a number nobody has", async () => {
    const { id } = await filed;
    const { bobShow, bobShowMissing } = await worked;
    expect(bobShow.code).not.toBe(0);
    expect(bobShow.stdout).toBe("");
    expect(bobShow.stderr).toMatch(/no ticket/i);
    expect(bobShow.stderr).not.toMatch(/alice|Grade 3|li-wei/i);
    expect(bobShowMissing.code).not.toBe(0);
    expect(bobShow.stderr.replace(id, "ID")).toBe(bobShowMissing.stderr.replace("WT-2026-999999", "ID"));
  });

  it("should refuse to let bob, a talent, claim the ticket, and leave no trace of the attempt", async () => {
    const { bobClaim } = await worked;
    expect(bobClaim.code).not.toBe(0);
    expect(bobClaim.stdout).toBe("");
    expect(bobClaim.stderr.trim()).toBe("Only service commissioners and admins can claim tickets.");
    const { show } = await final;
    expect(show.history.filter((h) => h.by === "console:bob")).toEqual([]);
  });
});
