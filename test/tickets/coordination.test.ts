import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreCoordination } from "../../src/tickets/coordination.ts";
import { MemoryCoordination } from "../../src/tickets/memory.ts";
import type { Coordination } from "../../src/tickets/ports.ts";
import { createTicketStore } from "../../src/tickets/store.ts";
import { ticketBackends, uniqueNamespace } from "../fixtures/tickets.ts";
import { runChildren } from "./children.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-coord-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Subject {
  name: string;
  url?: string;
  skip?: string;
  open(namespace: string): Promise<{ coordination: Coordination; close(): Promise<void> }>;
}

const subjects: Subject[] = [
  { name: "memory", open: async () => ({ coordination: new MemoryCoordination(), close: async () => undefined }) },
  ...(await ticketBackends(path.join(dir, "coord.sqlite"), "coordination tests")).map(
    (b): Subject => ({
      name: b.name,
      url: b.url,
      ...(b.skip ? { skip: b.skip } : {}),
      open: async (namespace) => {
        const store = await createTicketStore(b.url, { namespace });
        return {
          coordination: store.coordination,
          close: async () => {
            await store.coordination.clear();
            await store.close();
          },
        };
      },
    }),
  ),
];

for (const subject of subjects) {
  describe.skipIf(subject.skip !== undefined)(`Coordination on ${subject.name}`, () => {
    let c: Coordination;
    let namespace: string;
    let close: () => Promise<void>;

    beforeEach(async () => {
      namespace = uniqueNamespace("coord");
      ({ coordination: c, close } = await subject.open(namespace));
    });
    afterEach(async () => {
      await close();
    });

    it("should let exactly one of 20 parallel once() calls claim a key, for good", async () => {
      const claims = await Promise.all(Array.from({ length: 20 }, () => c.once("slack-event:Ev1")));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await c.once("slack-event:Ev1")).toBe(false);
      expect(await c.once("slack-event:Ev2")).toBe(true);
      // A lease on the same key name is a different thing.
      expect(await c.lease("slack-event:Ev1", "w1", 1000)).toBe(true);
    });

    it("should keep a lease exclusive until it expires, renewable by its owner and takeable afterwards", async () => {
      expect(await c.lease("reminders", "w1", 400)).toBe(true);
      expect(await c.lease("reminders", "w2", 400)).toBe(false);
      expect(await c.lease("reminders", "w1", 400)).toBe(true); // renewed
      await sleep(250);
      expect(await c.lease("reminders", "w2", 400)).toBe(false); // still inside the renewed lease
      await sleep(250);
      expect(await c.lease("reminders", "w2", 400)).toBe(true); // expired: taken over
      expect(await c.lease("reminders", "w1", 400)).toBe(false);
      expect(await c.lease("other", "w1", 400)).toBe(true); // keys are independent
    });

    it("should ignore a release by someone who does not hold the lease", async () => {
      expect(await c.lease("sla", "w1", 5000)).toBe(true);
      await c.release("sla", "w2");
      expect(await c.lease("sla", "w2", 5000)).toBe(false);
      await c.release("sla", "w1");
      expect(await c.lease("sla", "w2", 5000)).toBe(true);
      await c.release("nothing-here", "w2");
    });

    it("should grant a free lease to exactly one of 20 parallel owners", async () => {
      const got = await Promise.all(Array.from({ length: 20 }, (_, i) => c.lease("outbox-worker", `w${i}`, 5000)));
      expect(got.filter(Boolean)).toHaveLength(1);
    });

  });
}

describe("once() across processes", () => {
  const stores = subjects.filter((s) => s.url !== undefined && s.skip === undefined);

  // Two processes, each on every backend at once (starting processes is the slow part).
  it("should let exactly one of two processes claim a key, on every backend", async () => {
    const namespace = uniqueNamespace("coord-mp");
    const jobs = stores.map((s) => ({ kind: "once" as const, url: s.url!, namespace, key: "telegram-update:42", count: 10 }));
    const [first, second] = await runChildren<{ wins: number }>([jobs, jobs]);
    for (const [i, s] of stores.entries()) {
      const wins = [first![i]!.wins, second![i]!.wins];
      expect(wins[0]! + wins[1]!, `${s.name}: ${wins.join(" + ")}`).toBe(1);
      const { coordination, close } = await s.open(namespace);
      try {
        expect(await coordination.once("telegram-update:42")).toBe(false);
      } finally {
        await close();
      }
    }
  });
});

describe("StoreCoordination namespaces", () => {
  it("should keep claims and leases of two namespaces apart", async () => {
    const url = `sqlite://${path.join(dir, "ns.sqlite")}`;
    const a = await createTicketStore(url, { namespace: uniqueNamespace("a") });
    const b = await createTicketStore(url, { namespace: uniqueNamespace("b") });
    try {
      expect(a.coordination).toBeInstanceOf(StoreCoordination);
      expect(await a.coordination.once("k")).toBe(true);
      expect(await b.coordination.once("k")).toBe(true);
      expect(await a.coordination.lease("l", "w1", 5000)).toBe(true);
      expect(await b.coordination.lease("l", "w2", 5000)).toBe(true);
      await a.coordination.clear();
      expect(await a.coordination.once("k")).toBe(true);
      expect(await b.coordination.once("k")).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("should refuse a namespace that would be a LIKE pattern or a separator", async () => {
    await expect(createTicketStore(`sqlite://${path.join(dir, "ns.sqlite")}`, { namespace: "my_tickets" })).rejects.toThrow(/Invalid ticket namespace/);
  });
});
