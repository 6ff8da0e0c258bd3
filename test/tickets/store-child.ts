/**
 * A separate process working on ticket stores, for the multi-process tests (started by `children.ts` as
 * `node --import tsx test/tickets/store-child.ts '<json array of jobs>'`).
 *
 * It opens one store per job, prints `ready`, waits for `go` on stdin (so that every child starts at once), runs
 * all its jobs concurrently and prints one JSON line with their results, in job order. One child serves every
 * backend, so a test pays for starting a process only once per child.
 */
import { createInterface } from "node:readline";
import { createTicketStore } from "../../src/tickets/store.ts";
import { record } from "../../src/tickets/ticket.ts";
import { ticket } from "../fixtures/tickets.ts";

export type ChildJob =
  /** Creates `count` tickets for `talent` concurrently (nextId + create), then appends `append.count` notes to `append.id`. */
  | { kind: "create"; url: string; namespace: string; prefix: string; talent: string; count: number; append?: { id: string; count: number } }
  /** Calls `once(key)` `count` times concurrently. */
  | { kind: "once"; url: string; namespace: string; key: string; count: number };

export type ChildResult = { ids: string[] } | { wins: number };

const jobs = JSON.parse(process.argv[2] ?? "[]") as ChildJob[];
const stores = await Promise.all(jobs.map((job) => createTicketStore(job.url, { namespace: job.namespace, ...(job.kind === "create" ? { prefix: job.prefix } : {}) })));
const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on("line", (l) => l.trim() === "go" && resolve()));
process.stdout.write("ready\n");
await go;
lines.close();

const now = new Date("2026-03-02T10:00:00Z");
try {
  const results = await Promise.all(
    jobs.map(async (job, i): Promise<ChildResult> => {
      const { repo, coordination } = stores[i]!;
      if (job.kind === "once") {
        const claims = await Promise.all(Array.from({ length: job.count }, () => coordination.once(job.key)));
        return { wins: claims.filter(Boolean).length };
      }
      const ids = await Promise.all(
        Array.from({ length: job.count }, async () => {
          const id = await repo.nextId(now);
          await repo.create(ticket({ id, talent: job.talent }));
          return id;
        }),
      );
      const append = job.append;
      if (append) {
        await Promise.all(
          Array.from({ length: append.count }, (_, n) => repo.update(append.id, (t) => record(t, { by: job.talent, action: "note", text: `${process.pid} ${n}` }, now))),
        );
      }
      return { ids };
    }),
  );
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  await Promise.all(stores.map((s) => s.close()));
}
