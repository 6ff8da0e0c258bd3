import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTicketStore, type TicketStore } from "../../src/tickets/store.ts";
import type { Ticket } from "../../src/tickets/ticket.ts";
import { ticket, ticketBackends, uniqueNamespace } from "../fixtures/tickets.ts";
import { runChildren } from "./children.ts";
import type { ChildJob } from "./store-child.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-tickets-mp-"));
const backends = await ticketBackends(path.join(dir, "shared.sqlite"), "multi-process ticket tests");
const live = backends.filter((b) => b.skip === undefined);

/** Per backend: our view of the store, the ticket both children update, and each child's ids. */
const runs = new Map<string, { store: TicketStore; shared: Ticket; ids: [string[], string[]] }>();

// Two child processes, each working on every available backend at once: 50 tickets per backend and 10 notes on
// one shared ticket, all concurrently.
beforeAll(async () => {
  const opened = await Promise.all(
    live.map(async (b) => {
      const namespace = uniqueNamespace("mp");
      const store = await createTicketStore(b.url, { namespace, prefix: "MP" });
      const shared = await store.repo.create(ticket({ id: "MP-SHARED", talent: "telegram:shared" }));
      return { b, namespace, store, shared };
    }),
  );
  const jobs = (talent: string): ChildJob[] =>
    opened.map(({ b, namespace, shared }) => ({ kind: "create", url: b.url, namespace, prefix: "MP", talent, count: 50, append: { id: shared.id, count: 10 } }));
  try {
    const [first, second] = await runChildren<{ ids: string[] }>([jobs("telegram:p1"), jobs("telegram:p2")]);
    opened.forEach(({ b, store, shared }, i) => runs.set(b.name, { store, shared, ids: [first![i]!.ids, second![i]!.ids] }));
  } catch (error) {
    await Promise.all(opened.map(({ store }) => cleanUp(store)));
    throw error;
  }
});

async function cleanUp(store: TicketStore): Promise<void> {
  await store.repo.clear();
  await store.coordination.clear();
  await store.close();
}

afterAll(async () => {
  await Promise.all([...runs.values()].map(({ store }) => cleanUp(store)));
  await rm(dir, { recursive: true, force: true });
});

describe.each(backends)("tickets from two processes on $name", ({ name, skip }) => {
  it.skipIf(skip !== undefined)("should give 100 distinct, gap-free ids to 2 × 50 concurrent creations", async () => {
    const { ids } = runs.get(name)!;
    const all = ids.flat();
    expect(all).toHaveLength(100);
    expect(new Set(all).size).toBe(100);
    for (const id of all) expect(id).toMatch(/^MP-2026-\d{6}$/);
    expect(all.map((id) => Number(id.slice(-6))).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await runs.get(name)!.store.repo.nextId(new Date("2026-12-31T23:59:59Z"))).toBe("MP-2026-000101");
  });

  it.skipIf(skip !== undefined)("should list all 100 tickets, by status and by each process's talent", async () => {
    const { store, shared, ids } = runs.get(name)!;
    const listed = await store.repo.list({ status: "new", limit: 1000 });
    expect(new Set(listed.map((t) => t.id))).toEqual(new Set([...ids.flat(), shared.id]));
    expect((await store.repo.list({ talent: "telegram:p1", limit: 100 })).map((t) => t.id).sort()).toEqual([...ids[0]].sort());
    expect((await store.repo.list({ talent: "telegram:p2", limit: 100 })).map((t) => t.id).sort()).toEqual([...ids[1]].sort());
  });

  it.skipIf(skip !== undefined)("should land every update both processes made to one ticket", async () => {
    const { store, shared } = runs.get(name)!;
    const final = await store.repo.get(shared.id);
    expect(final?.version).toBe(21);
    expect(final?.history).toHaveLength(21);
    expect(new Set(final?.history.map((h) => h.by))).toEqual(new Set(["system", "telegram:p1", "telegram:p2"]));
  });
});
