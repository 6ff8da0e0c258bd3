import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildJob, ChildResult } from "./store-child.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Runs `store-child.ts` once per job, in parallel: waits until every child has opened the store, tells them all
 * to go at once, and returns their results in job order. Rejects with the child's stderr if one fails.
 */
export async function runChildren<R extends ChildResult>(jobs: ChildJob[], timeoutMs = 20_000): Promise<R[]> {
  const children = jobs.map((job) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/tickets/store-child.ts", JSON.stringify(job)], {
      cwd: ROOT,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let onReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.startsWith("ready\n")) onReady();
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    const done = new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => (child.kill(), reject(new Error(`child timed out\n${err}`))), timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        const last = out.trim().split("\n").at(-1) ?? "";
        if (code === 0 && last.startsWith("{")) resolve(JSON.parse(last) as R);
        else reject(new Error(`child exited with ${code}\n${err}${out}`));
      });
    });
    return { child, ready, done };
  });
  // A child that dies before it is ready fails `done`: do not wait for its `ready` forever.
  try {
    await Promise.race([Promise.all(children.map((c) => c.ready)), Promise.all(children.map((c) => c.done))]);
  } catch (error) {
    for (const c of children) {
      c.done.catch(() => undefined);
      c.child.kill();
    }
    throw error;
  }
  for (const c of children) c.child.stdin.end("go\n");
  return Promise.all(children.map((c) => c.done));
}
