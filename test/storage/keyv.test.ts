import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createKeyv, storeKind } from "../../src/storage/keyv.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** True when something listens on the URL's host and port. */
async function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) }, () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.setTimeout(500, () => (s.destroy(), resolve(false)));
  });
}

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-keyv-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const backends: [string, string, boolean][] = [
  ["sqlite", `sqlite://${dir}/store.sqlite`, true],
  ["redis", REDIS_URL, await reachable(REDIS_URL)],
  ["postgres", POSTGRES_URL, await reachable(POSTGRES_URL)],
];

for (const [name, url, up] of backends) {
  if (!up) console.warn(`skipping the ${name} store tests: nothing listens at ${url.replace(/\/\/[^@/]*@/, "//***@")}`);
  describe.skipIf(!up)(`createKeyv on ${name}`, () => {
    const ns = `test-${process.pid}-${Date.now()}`;

    it("should keep values per namespace, list them, and not see another namespace's keys", async () => {
      const a = createKeyv<{ n: number }>(url, `${ns}-a`);
      const b = createKeyv<{ n: number }>(url, `${ns}-b`);
      try {
        await a.set("k1", { n: 1 });
        await a.set("k2", { n: 2 });
        await b.set("k1", { n: 99 });
        expect(await a.get("k1")).toEqual({ n: 1 });
        expect(await b.get("k1")).toEqual({ n: 99 });
        const listed: string[] = [];
        for await (const [key] of a.iterator!(a.namespace)) listed.push(String(key));
        expect(listed.map((k) => k.replace(/^.*:/, "")).sort()).toEqual(["k1", "k2"]);
        await a.clear();
        expect(await a.get("k1")).toBeUndefined();
        expect(await b.get("k1")).toEqual({ n: 99 });
      } finally {
        await b.clear();
        await Promise.all([a.disconnect(), b.disconnect()]);
      }
    });

    it("should keep what was written after reconnecting", async () => {
      const first = createKeyv<string>(url, `${ns}-persist`);
      await first.set("greeting", "你好");
      await first.disconnect();
      const second = createKeyv<string>(url, `${ns}-persist`);
      try {
        expect(await second.get("greeting")).toBe("你好");
      } finally {
        await second.clear();
        await second.disconnect();
      }
    });
  });
}

describe("storeKind", () => {
  it("should name the backend of a URL and reject others without echoing a password", () => {
    expect(storeKind("sqlite://data/x.sqlite")).toBe("sqlite");
    expect(storeKind("redis://127.0.0.1:6379")).toBe("redis");
    expect(storeKind("postgresql://u@h/db")).toBe("postgres");
    expect(() => storeKind("mysql://user:secret@host/db")).toThrow(/sqlite:\/\/path/);
    expect(() => storeKind("mysql://user:secret@host/db")).not.toThrow(/secret/);
  });
});
