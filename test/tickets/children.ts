import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ChildJob, ChildResult } from "./store-child.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Starts one `store-child.ts` process per entry of `children` (each with its list of jobs), waits until every
 * child has opened its stores, tells them all to go at once, and returns each child's results in job order.
 * Rejects with the child's output if one fails.
 */
export async function runChildren<R extends ChildResult>(children: ChildJob[][], timeoutMs = 25_000): Promise<R[][]> {
  const running = children.map((jobs) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/tickets/store-child.ts", JSON.stringify(jobs)], {
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
    const done = new Promise<R[]>((resolve, reject) => {
      const timer = setTimeout(() => (child.kill(), reject(new Error(`child timed out\n${err}`))), timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        const last = out.trim().split("\n").at(-1) ?? "";
        if (code === 0 && last.startsWith("[")) resolve(JSON.parse(last) as R[]);
        else reject(new Error(`child exited with ${code}\n${err}${out}`));
      });
    });
    return { child, ready, done };
  });
  try {
    // A child that dies before it is ready fails its `done`: do not wait for its `ready` forever.
    await Promise.race([Promise.all(running.map((c) => c.ready)), Promise.all(running.map((c) => c.done))]);
  } catch (error) {
    for (const c of running) {
      c.done.catch(() => undefined);
      c.child.kill();
    }
    throw error;
  }
  for (const c of running) c.child.stdin.end("go\n");
  return Promise.all(running.map((c) => c.done));
}
