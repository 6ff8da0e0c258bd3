import { mkdirSync } from "node:fs";
import path from "node:path";
import Keyv from "keyv";
import KeyvSqlite from "@keyv/sqlite";
import KeyvPostgres from "@keyv/postgres";
import { createKeyv as createRedisKeyv } from "@keyv/redis";

let postgresUsers = 0;

/** Which backend a store URL names. */
export type StoreKind = "sqlite" | "redis" | "postgres";

export function storeKind(url: string): StoreKind {
  if (/^rediss?:\/\//i.test(url)) return "redis";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (/^sqlite:\/\//i.test(url)) return "sqlite";
  throw new Error(`Unsupported STORE_URL "${url.replace(/\/\/[^@/]*@/, "//***@")}": use sqlite://path, redis://host:port or postgresql://…`);
}

/**
 * A Keyv instance for one namespace on the backend `url` names (SQLite file, Redis or PostgreSQL).
 *
 * Each call opens its own adapter: Keyv writes its namespace onto the adapter, so two namespaces sharing one
 * adapter would clear and list each other's keys. Errors are thrown, not swallowed, so an outage is never
 * mistaken for "not found".
 */
export function createKeyv<T = unknown>(url: string, namespace: string): Keyv<T> {
  const kind = storeKind(url);
  if (kind === "redis") {
    return createRedisKeyv(url, { namespace, throwOnErrors: true, throwOnConnectError: true }) as unknown as Keyv<T>;
  }
  if (kind === "postgres") {
    const kv = new Keyv<T>({ store: new KeyvPostgres({ uri: url, table: "keyv" }), namespace, throwOnErrors: true });
    // @keyv/postgres shares one connection pool per process and ends it on any disconnect: end it only when
    // the last Keyv using it disconnects.
    postgresUsers++;
    let open = true;
    const end = kv.disconnect.bind(kv);
    kv.disconnect = async () => {
      if (!open) return;
      open = false;
      if (--postgresUsers === 0) await end();
    };
    return kv;
  }
  const file = url.replace(/^sqlite:\/\//i, "");
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new Keyv<T>({ store: new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 5000 }), namespace, throwOnErrors: true });
}
