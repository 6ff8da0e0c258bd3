/**
 * A separate process working on a ticket store, for the multi-process tests (started by `children.ts` as
 * `node --import tsx test/tickets/store-child.ts '<json job>'`).
 *
 * It opens the store, prints `ready`, waits for `go` on stdin (so that every child starts at once), does its job
 * and prints one JSON line with the result.
 */
import { createInterface } from "node:readline";
import { createTicketStore } from "../../src/tickets/store.ts";
import { record } from "../../src/tickets/ticket.ts";
import { ticket } from "../fixtures/tickets.ts";

export type ChildJob =
  | { kind: "create"; url: string; namespace: string; prefix: string; talent: string; count: number; append?: { id: string; count: number } }
  | { kind: "once"; url: string; namespace: string; key: string; count: number };

export type ChildResult = { ids: string[] } | { wins: number };

const job = JSON.parse(process.argv[2] ?? "null") as ChildJob;
const store = await createTicketStore(job.url, { namespace: job.namespace, ...(job.kind === "create" ? { prefix: job.prefix } : {}) });
const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on("line", (l) => l.trim() === "go" && resolve()));
process.stdout.write("ready\n");
await go;
lines.close();

let result: ChildResult;
try {
  if (job.kind === "create") {
    const now = new Date("2026-03-02T10:00:00Z");
    const ids = await Promise.all(
      Array.from({ length: job.count }, async () => {
        const id = await store.repo.nextId(now);
        await store.repo.create(ticket({ id, talent: job.talent }));
        return id;
      }),
    );
    if (job.append) {
      const { id, count } = job.append;
      await Promise.all(Array.from({ length: count }, (_, i) => store.repo.update(id, (t) => record(t, { by: `${job.talent}`, action: "note", text: `${process.pid} ${i}` }, now))));
    }
    result = { ids };
  } else {
    const claims = await Promise.all(Array.from({ length: job.count }, () => store.coordination.once(job.key)));
    result = { wins: claims.filter(Boolean).length };
  }
} finally {
  await store.close();
}
process.stdout.write(`${JSON.stringify(result)}\n`);
