import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { createTicketStore } from "../../src/tickets/store.ts";
import { ticket, ticketBackends, uniqueNamespace } from "../fixtures/tickets.ts";
import { runChildren } from "./children.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-tickets-mp-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const backends = await ticketBackends(path.join(dir, "shared.sqlite"), "multi-process ticket tests");

// The backends run side by side: each test mostly waits for its two children.
describe.concurrent("tickets from two processes", () => {
  for (const { name, url, skip } of backends) {
    it.skipIf(skip !== undefined)(`should give 100 distinct ids to 2 × 50 concurrent creations and land both processes' updates on ${name}`, async ({ expect }) => {
      const namespace = uniqueNamespace("mp");
      const store = await createTicketStore(url, { namespace, prefix: "MP" });
      try {
        const shared = await store.repo.create(ticket({ id: "MP-SHARED", talent: "telegram:shared" }));
        const jobs = ["telegram:p1", "telegram:p2"].map((talent) => ({
          kind: "create" as const,
          url,
          namespace,
          prefix: "MP",
          talent,
          count: 50,
          append: { id: shared.id, count: 10 },
        }));
        const [a, b] = await runChildren<{ ids: string[] }>(jobs);
        const ids = [...a!.ids, ...b!.ids];
        expect(ids).toHaveLength(100);
        expect(new Set(ids).size).toBe(100);
        for (const id of ids) expect(id).toMatch(/^MP-2026-\d{6}$/);
        expect(ids.map((id) => Number(id.slice(-6))).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

        const all = await store.repo.list({ status: "new", limit: 1000 });
        expect(new Set(all.map((t) => t.id))).toEqual(new Set([...ids, shared.id]));
        expect(await store.repo.list({ talent: "telegram:p1", limit: 100 })).toHaveLength(50);
        expect((await store.repo.list({ talent: "telegram:p2", limit: 100 })).map((t) => t.id).sort()).toEqual([...b!.ids].sort());

        const final = await store.repo.get(shared.id);
        expect(final?.version).toBe(21);
        expect(final?.history).toHaveLength(21);
        expect(await store.repo.nextId(new Date("2026-12-31T23:59:59Z"))).toBe("MP-2026-000101");
      } finally {
        await store.repo.clear();
        await store.coordination.clear();
        await store.close();
      }
    });
  }
});
