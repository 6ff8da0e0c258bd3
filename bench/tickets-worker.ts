/**
 * One of the processes creating tickets at once for the "tickets" section. Started by bench/tickets.ts; sends its
 * measurement back over IPC (prints JSON when run by hand):
 *
 *     node --import tsx bench/tickets-worker.ts --url URL --namespace NS --tag T --count N --concurrency C \
 *       [--warmup W] [--barrier DIR --parties P]
 *
 * It opens the store, warms up with W creations, then (with --barrier) writes `DIR/ready-<pid>` and waits until P
 * such files exist, so that every process starts creating within a millisecond or two of the others.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadRoster } from "../src/tickets/roster.ts";
import { createMany, openService, ROSTER_FILE } from "./tickets.ts";
import { workerMain } from "./util.ts";

export interface CreateMeasurement {
  count: number;
  /** Epoch ms (sub-ms resolution) when the first creation started and the last one ended. */
  startMs: number;
  endMs: number;
  /** Duration of every `TicketService.create`. */
  latenciesMs: number[];
}

const BARRIER_TIMEOUT_MS = 30_000;

async function barrier(dir: string, parties: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `ready-${process.pid}`), "");
  const deadline = Date.now() + BARRIER_TIMEOUT_MS;
  while ((await readdir(dir)).filter((f) => f.startsWith("ready-")).length < parties) {
    if (Date.now() > deadline) throw new Error(`the other processes were not ready within ${BARRIER_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    namespace: { type: "string" },
    tag: { type: "string", default: String(process.pid) },
    count: { type: "string" },
    concurrency: { type: "string", default: "1" },
    warmup: { type: "string", default: "0" },
    barrier: { type: "string" },
    parties: { type: "string", default: "1" },
  },
});

const need = (v: string | undefined, name: string): string => {
  if (!v) throw new Error(`--${name} is required`);
  return v;
};

await workerMain(async (): Promise<CreateMeasurement> => {
  const roster = await loadRoster(ROSTER_FILE);
  const { store, service } = await openService(need(values.url, "url"), need(values.namespace, "namespace"), roster);
  try {
    await createMany(service, `${values.tag}-warmup`, Number(values.warmup), 1);
    if (values.barrier) await barrier(values.barrier, Number(values.parties));
    return await createMany(service, values.tag, Number(need(values.count, "count")), Number(values.concurrency));
  } finally {
    await store.close();
  }
});
