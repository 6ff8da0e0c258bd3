import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryTicketRepository } from "../../src/tickets/memory.ts";
import type { TicketRepository } from "../../src/tickets/ports.ts";
import { createTicketStore, type TicketStore, type TicketStoreOptions } from "../../src/tickets/store.ts";
import { record, TicketError, transition, type Ticket } from "../../src/tickets/ticket.ts";
import { notification, ticket, ticketBackends, uniqueNamespace } from "../fixtures/tickets.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-tickets-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const AT = new Date("2026-03-02T10:00:00Z");

interface Subject {
  name: string;
  skip?: string;
  open(prefix: string): Promise<{ repo: TicketRepository; store?: TicketStore; twin?: (options?: TicketStoreOptions) => Promise<TicketStore>; close(): Promise<void> }>;
}

const subjects: Subject[] = [
  {
    name: "memory",
    open: async (prefix) => {
      const repo = new MemoryTicketRepository(prefix);
      return { repo, close: () => repo.close() };
    },
  },
  ...(await ticketBackends(path.join(dir, "tickets.sqlite"), "ticket repository tests")).map(
    (b): Subject => ({
      name: b.name,
      ...(b.skip ? { skip: b.skip } : {}),
      open: async (prefix) => {
        const namespace = uniqueNamespace("repo");
        const store = await createTicketStore(b.url, { prefix, namespace });
        return {
          repo: store.repo,
          store,
          // A second, independent store on the same namespace: like another process.
          twin: (options) => createTicketStore(b.url, { prefix, namespace, ...options }),
          close: async () => {
            await store.repo.clear();
            await store.coordination.clear();
            await store.close();
          },
        };
      },
    }),
  ),
];

/** The error a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e,
  );
}

for (const subject of subjects) {
  describe.skipIf(subject.skip !== undefined)(`TicketRepository contract on ${subject.name}`, () => {
    let repo: TicketRepository;
    let store: TicketStore | undefined;
    let twin: ((options?: TicketStoreOptions) => Promise<TicketStore>) | undefined;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ repo, store, twin, close } = await subject.open("TT"));
    });
    afterEach(async () => {
      await close();
    });

    it("should return a created ticket from get, as version 1, and undefined for an unknown id", async () => {
      const t = ticket({ version: 7 });
      const created = await repo.create(t);
      expect(created).toEqual({ ...t, version: 1 });
      expect(await repo.get(t.id)).toEqual({ ...t, version: 1 });
      expect(await repo.get("TT-2026-999999")).toBeUndefined();
      // The caller's objects are copies, not the stored ticket.
      created.history.push({ at: t.createdAt, by: "x", action: "note" });
      t.summary = "changed";
      expect((await repo.get(t.id))?.history).toHaveLength(1);
      expect((await repo.get(t.id))?.summary).toBe("Talent apartment application");
    });

    it("should refuse to create an id twice with a conflict and keep the first ticket", async () => {
      const t = ticket();
      await repo.create(t);
      const e = await failure(repo.create({ ...t, summary: "second" }));
      expect(e).toBeInstanceOf(TicketError);
      expect((e as TicketError).code).toBe("conflict");
      expect((await repo.get(t.id))?.summary).toBe(t.summary);
    });

    it("should bump the version on update and keep the history", async () => {
      const t = await repo.create(ticket());
      const claimed = await repo.update(t.id, (c) => transition(c, "claimed", "slack:U1", AT));
      expect(claimed.version).toBe(2);
      expect(claimed.status).toBe("claimed");
      const replied = await repo.update(t.id, (c) => record(c, { by: "slack:U1", action: "reply", text: "我们已受理" }, AT));
      expect(replied.version).toBe(3);
      expect((await repo.get(t.id))?.history.map((h) => h.action)).toEqual(["created", "status", "reply"]);
      // The id cannot be changed by `change`.
      const same = await repo.update(t.id, (c) => ({ ...c, id: "OTHER" }));
      expect(same.id).toBe(t.id);
      expect(await repo.get("OTHER")).toBeUndefined();
    });

    it("should throw not_found for an unknown id and write nothing when change throws", async () => {
      const e = await failure(repo.update("TT-2026-424242", (c) => c));
      expect((e as TicketError).code).toBe("not_found");
      const t = await repo.create(ticket());
      const abort = await failure(
        repo.update(t.id, (c) => {
          transition(c, "closed", "slack:U1", AT); // new → closed is illegal
          return c;
        }),
      );
      expect((abort as TicketError).code).toBe("illegal_transition");
      expect(await repo.get(t.id)).toEqual(t);
      // The ticket is not left locked.
      expect((await repo.update(t.id, (c) => transition(c, "claimed", "slack:U1", AT))).version).toBe(2);
    });

    it("should land all of 20 concurrent updates of one ticket", async () => {
      const t = await repo.create(ticket());
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          repo.update(t.id, async (c) => {
            await new Promise((r) => setTimeout(r, Math.random() * 3));
            return record(c, { by: `slack:U${i}`, action: "note", text: `note ${i}` }, AT);
          }),
        ),
      );
      const final = await repo.get(t.id);
      expect(final?.version).toBe(21);
      expect(final?.history).toHaveLength(21);
      expect(new Set(final?.history.map((h) => h.text).filter(Boolean)).size).toBe(20);
    });

    it("should list by talent, commissioner and status, and drop a ticket from its old status", async () => {
      const a = await repo.create(ticket({ talent: "telegram:a", commissioner: "c-1" }));
      const b = await repo.create(ticket({ talent: "telegram:a", commissioner: "c-2" }));
      const c = await repo.create(ticket({ talent: "slack:b", commissioner: "c-1" }));
      const ids = (ts: Ticket[]) => ts.map((t) => t.id);
      expect(ids(await repo.list({ talent: "telegram:a" }))).toEqual([b.id, a.id]);
      expect(ids(await repo.list({ commissioner: "c-1" }))).toEqual([c.id, a.id]);
      expect(ids(await repo.list({ talent: "telegram:a", commissioner: "c-1" }))).toEqual([a.id]);
      expect(ids(await repo.list({ status: "new" }))).toEqual([c.id, b.id, a.id]);
      expect(await repo.list({ talent: "nobody" })).toEqual([]);

      await repo.update(b.id, (t) => transition(t, "claimed", "slack:U1", AT));
      expect(ids(await repo.list({ status: "new" }))).toEqual([c.id, a.id]);
      expect(ids(await repo.list({ status: "claimed" }))).toEqual([b.id]);
      expect(ids(await repo.list({ status: ["claimed", "new"] }))).toEqual([c.id, b.id, a.id]);
      expect(ids(await repo.list({ talent: "telegram:a", status: "new" }))).toEqual([a.id]);
      expect(ids(await repo.list({ commissioner: "c-2", status: "claimed" }))).toEqual([b.id]);
      expect(await repo.list({ status: [] })).toEqual([]);
      // The listed tickets are the stored ones, version included.
      expect((await repo.list({ status: "claimed" }))[0]).toEqual(await repo.get(b.id));

      // Reassignment moves the ticket between commissioners.
      await repo.update(a.id, (t) => ({ ...t, commissioner: "c-2" }));
      expect(ids(await repo.list({ commissioner: "c-1" }))).toEqual([c.id]);
      expect(ids(await repo.list({ commissioner: "c-2" }))).toEqual([b.id, a.id]);
    });

    it("should list newest first and honour the limit", async () => {
      const made: Ticket[] = [];
      for (let i = 0; i < 7; i++) made.push(await repo.create(ticket({ talent: "telegram:many" })));
      // Same creation time: the larger id first.
      const tie = "2026-01-01T00:00:00.000Z";
      const x = await repo.create(ticket({ id: "TT-2026-000101", createdAt: tie, talent: "telegram:tie" }));
      const y = await repo.create(ticket({ id: "TT-2026-000102", createdAt: tie, talent: "telegram:tie" }));
      const newest = made.map((t) => t.id).reverse();
      expect((await repo.list({ talent: "telegram:many" })).map((t) => t.id)).toEqual(newest);
      expect((await repo.list({ talent: "telegram:many", limit: 3 })).map((t) => t.id)).toEqual(newest.slice(0, 3));
      expect((await repo.list({ status: "new", limit: 2 })).map((t) => t.id)).toEqual(newest.slice(0, 2));
      expect((await repo.list({ limit: 9 })).map((t) => t.id)).toEqual([...newest, y.id, x.id]);
      expect((await repo.list({ talent: "telegram:tie" })).map((t) => t.id)).toEqual([y.id, x.id]);
      expect(await repo.list({ talent: "telegram:many", limit: 0 })).toEqual([]);
    });

    it("should report tickets with undelivered notifications until their outbox is empty", async () => {
      const quiet = await repo.create(ticket());
      const loud = await repo.create(ticket({ outbox: [notification()] }));
      expect(await repo.pendingOutbox()).toEqual([loud.id]);
      await repo.update(quiet.id, (t) => ({ ...t, outbox: [notification(), notification()] }));
      expect((await repo.pendingOutbox()).sort()).toEqual([quiet.id, loud.id].sort());
      expect(await repo.pendingOutbox(1)).toHaveLength(1);
      await repo.update(loud.id, (t) => ({ ...t, outbox: [] }));
      expect(await repo.pendingOutbox()).toEqual([quiet.id]);
      await repo.update(quiet.id, (t) => ({ ...t, outbox: t.outbox.slice(1) }));
      expect(await repo.pendingOutbox()).toEqual([quiet.id]);
      await repo.update(quiet.id, (t) => ({ ...t, outbox: [] }));
      expect(await repo.pendingOutbox()).toEqual([]);
    });

    it("should hand out well-formed, strictly increasing ids, unique under concurrency", async () => {
      const sequential: string[] = [];
      for (let i = 0; i < 5; i++) sequential.push(await repo.nextId(AT));
      for (const id of sequential) expect(id).toMatch(/^TT-2026-\d{6}$/);
      const numbers = sequential.map((id) => Number(id.slice(-6)));
      numbers.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(numbers[i]!));
      const parallel = await Promise.all(Array.from({ length: 20 }, () => repo.nextId(AT)));
      expect(new Set([...sequential, ...parallel]).size).toBe(25);
      for (const id of parallel) expect(Number(id.slice(-6))).toBeGreaterThan(numbers.at(-1)!);
      expect(await repo.nextId(new Date("2027-01-01T00:00:00Z"))).toMatch(/^TT-2027-\d{6}$/);
    });

    it.skipIf(subject.name === "memory")("should land concurrent updates of one ticket from two independent stores (the cross-process lock)", async () => {
      const other = await twin!();
      try {
        const t = await repo.create(ticket());
        const note = (r: TicketRepository, who: string) => (i: number) =>
          r.update(t.id, async (c) => {
            await new Promise((res) => setTimeout(res, Math.random() * 3));
            return record(c, { by: who, action: "note", text: `${who} ${i}` }, AT);
          });
        const ours = note(repo, "a");
        const theirs = note(other.repo, "b");
        await Promise.all(Array.from({ length: 10 }, (_, i) => [ours(i), theirs(i)]).flat());
        const final = await other.repo.get(t.id);
        expect(final?.version).toBe(21);
        expect(final?.history).toHaveLength(21);
        // Both see the same ticket, and its indexes once.
        expect((await repo.list({ status: "new" })).map((x) => x.id)).toEqual([t.id]);
        const ids = await Promise.all([repo.nextId(AT), other.repo.nextId(AT)]);
        expect(new Set(ids).size).toBe(2);
      } finally {
        await other.close();
      }
    });

    it.skipIf(subject.name === "memory")("should wait out the lock of a process that died holding it", async () => {
      const t = await repo.create(ticket());
      expect(await store!.coordination.lease(`ticket-lock:${t.id}`, "dead-process", 300)).toBe(true);
      const started = Date.now();
      expect((await repo.update(t.id, (c) => transition(c, "claimed", "slack:U1", AT))).version).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    });

    it.skipIf(subject.name === "memory")("should refuse, not overwrite, when a change outlived its lock and someone else wrote", async () => {
      const slow = await twin!({ lockTtlMs: 150 });
      try {
        const t = await repo.create(ticket());
        const late = slow.repo.update(t.id, async (c) => {
          await new Promise((r) => setTimeout(r, 400));
          return record(c, { by: "slow", action: "note" }, AT);
        });
        await new Promise((r) => setTimeout(r, 250)); // the slow lock has expired
        await repo.update(t.id, (c) => record(c, { by: "fast", action: "note" }, AT));
        const e = await failure(late);
        expect((e as TicketError).code).toBe("conflict");
        const final = await repo.get(t.id);
        expect(final?.history.map((h) => h.by)).toEqual(["system", "fast"]);
        expect(final?.version).toBe(2);
      } finally {
        await slow.close();
      }
    });

    it.skipIf(subject.name === "memory")("should ignore and clean up index entries a crash left behind", async () => {
      const index = store!.repo.index;
      const t = await repo.create(ticket({ talent: "telegram:crash" }));
      // As if a process died between adding the new memberships and writing the ticket / removing the old ones.
      await index.add([
        { idx: "status:claimed", member: t.id, sort: t.createdAt },
        { idx: "talent:telegram:crash", member: "TT-2026-000999", sort: t.createdAt },
        { idx: "outbox", member: "TT-2026-000999", sort: t.createdAt },
      ]);
      expect(await repo.list({ status: "claimed" })).toEqual([]);
      expect((await repo.list({ talent: "telegram:crash" })).map((x) => x.id)).toEqual([t.id]);
      expect(await index.page(["status:claimed"], 0, 10, "newest")).toEqual([]);
      expect(await index.page(["talent:telegram:crash"], 0, 10, "newest")).toEqual([t.id]);
      // pendingOutbox may report a stale id; the caller re-checks the ticket.
      expect(await repo.pendingOutbox()).toEqual(["TT-2026-000999"]);
      expect(await repo.get("TT-2026-000999")).toBeUndefined();
    });
  });
}
