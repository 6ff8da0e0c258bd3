import type { StoreKind } from "../storage/keyv.ts";
import type { Coordination } from "./ports.ts";

/**
 * The store's own connection underneath a Keyv instance, for the atomic primitives Keyv does not offer: SQL
 * through the adapter's `query` (the same SQLite connection, or the shared PostgreSQL pool), or commands on the
 * node-redis client. Never a second connection, so it opens and closes with the Keyv.
 */
export type StoreConnection = SqlConnection | RedisConnection;

export interface SqlConnection {
  kind: "sql";
  dialect: "sqlite" | "postgres";
  /** Runs one statement with `?` placeholders (rewritten to `$n` on PostgreSQL) and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** SQL for "now" in epoch milliseconds, evaluated by the database (one clock for every process). */
  nowMs: string;
}

export interface RedisConnection {
  kind: "redis";
  command<R = unknown>(args: readonly string[]): Promise<R>;
}

type SqliteAdapter = { query(sql: string, ...params: unknown[]): Promise<unknown[]> };
type PostgresAdapter = { query(sql: string, values?: unknown[]): Promise<unknown[]> };
type RedisAdapter = { getClient(): Promise<unknown> };
type RedisClient = { sendCommand(args: readonly string[]): Promise<unknown> };

/** Reaches below `kv` (made by `createKeyv` for `kind`) to the connection its adapter holds. */
export async function storeConnection(kv: { store: unknown }, kind: StoreKind): Promise<StoreConnection> {
  if (kind === "redis") {
    const client = (await (kv.store as RedisAdapter).getClient()) as RedisClient;
    if (typeof client.sendCommand !== "function") throw new Error("The ticket store needs a single Redis server (not a cluster or sentinel).");
    return { kind: "redis", command: <R>(args: readonly string[]) => client.sendCommand(args) as Promise<R> };
  }
  if (kind === "postgres") {
    const store = kv.store as PostgresAdapter;
    return {
      kind: "sql",
      dialect: "postgres",
      nowMs: "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
      query: async <R>(sql: string, params: readonly unknown[] = []) => {
        let n = 0;
        return (await store.query(sql.replace(/\?/g, () => `$${++n}`), [...params])) as R[];
      },
    };
  }
  const store = kv.store as SqliteAdapter;
  const conn: SqlConnection = {
    kind: "sql",
    dialect: "sqlite",
    nowMs: "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)",
    query: async <R>(sql: string, params: readonly unknown[] = []) => (await retryBusy(() => store.query(sql, ...params))) as R[],
  };
  // WAL lets readers run beside the writer; it persists in the file. The busy timeout makes a writer wait for
  // another process's write instead of failing (createKeyv sets it too; this holds for any adapter).
  await conn.query("PRAGMA busy_timeout = 5000");
  await conn.query("PRAGMA journal_mode = WAL");
  return conn;
}

/** Retries an SQLite statement that still found the database locked after the busy timeout (rare). */
async function retryBusy<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= 5 || !/SQLITE_BUSY|SQLITE_LOCKED/.test(String((error as { code?: string }).code ?? error))) throw error;
      await sleep(20 + Math.random() * 50 * (attempt + 1));
    }
  }
}

/**
 * Runs `CREATE … IF NOT EXISTS` statements. Two PostgreSQL sessions creating the same table at once can still
 * collide on the catalog (23505 / 42P07): the loser retries and then finds the table.
 */
export async function createSchema(conn: SqlConnection, statements: readonly string[]): Promise<void> {
  for (const sql of statements) {
    for (let attempt = 0; ; attempt++) {
      try {
        await conn.query(sql);
        break;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 3 || (code !== "23505" && code !== "42P07" && code !== "42710")) throw error;
        await sleep(20 + Math.random() * 50);
      }
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Escapes glob characters for Redis `SCAN MATCH`. */
export function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, "\\$&");
}

/** Deletes every Redis key matching `pattern` (SCAN + UNLINK). */
export async function redisDeleteMatching(conn: RedisConnection, pattern: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await conn.command<[string, string[]]>(["SCAN", cursor, "MATCH", pattern, "COUNT", "500"]);
    cursor = next;
    if (keys.length) await conn.command(["UNLINK", ...keys]);
  } while (cursor !== "0");
}

const LEASE_RENEW = `local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const LEASE_RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * `Coordination` on the ticket store's backend, so every process sharing the store agrees.
 *
 * - SQLite / PostgreSQL: tables `coord_once(key)` and `coord_lease(key, owner, expires_at)`. `once` is
 *   `INSERT … ON CONFLICT DO NOTHING RETURNING`; `lease` is one upsert whose `DO UPDATE … WHERE` only takes the row
 *   over when it is the caller's own or expired (by the database's clock), so the check and the take are atomic.
 * - Redis: `once` is `SET NX`; `lease` is `SET NX PX`, then a Lua script that renews only the owner's lease;
 *   `release` is a Lua compare-and-delete.
 *
 * Every key is prefixed with the store's namespace; keys starting with `ticket-lock:` are used by
 * `KeyvTicketRepository` for its per-ticket locks.
 */
export class StoreCoordination implements Coordination {
  private constructor(
    private readonly conn: StoreConnection,
    private readonly namespace: string,
  ) {}

  static async open(conn: StoreConnection, namespace: string): Promise<StoreCoordination> {
    if (conn.kind === "sql") {
      const text = conn.dialect === "postgres" ? `TEXT COLLATE "C"` : "TEXT";
      await createSchema(conn, [
        `CREATE TABLE IF NOT EXISTS coord_once (key ${text} PRIMARY KEY, claimed_at BIGINT NOT NULL)`,
        `CREATE TABLE IF NOT EXISTS coord_lease (key ${text} PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL)`,
      ]);
    }
    return new StoreCoordination(conn, namespace);
  }

  private key(kind: "once" | "lease", key: string): string {
    return this.conn.kind === "redis" ? `${this.namespace}:${kind}:${key}` : `${this.namespace}/${key}`;
  }

  async once(key: string): Promise<boolean> {
    const k = this.key("once", key);
    if (this.conn.kind === "redis") return (await this.conn.command(["SET", k, "1", "NX"])) === "OK";
    const rows = await this.conn.query(`INSERT INTO coord_once (key, claimed_at) VALUES (?, ${this.conn.nowMs}) ON CONFLICT (key) DO NOTHING RETURNING key`, [k]);
    return rows.length === 1;
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const k = this.key("lease", key);
    const ttl = Math.max(1, Math.ceil(ttlMs));
    if (this.conn.kind === "redis") {
      if ((await this.conn.command(["SET", k, owner, "NX", "PX", String(ttl)])) === "OK") return true;
      return Number(await this.conn.command(["EVAL", LEASE_RENEW, "1", k, owner, String(ttl)])) === 1;
    }
    const now = this.conn.nowMs;
    const rows = await this.conn.query(
      `INSERT INTO coord_lease (key, owner, expires_at) VALUES (?, ?, ${now} + CAST(? AS BIGINT))
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE coord_lease.owner = excluded.owner OR coord_lease.expires_at <= ${now}
       RETURNING owner`,
      [k, owner, ttl],
    );
    return rows.length === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    const k = this.key("lease", key);
    if (this.conn.kind === "redis") await this.conn.command(["EVAL", LEASE_RELEASE, "1", k, owner]);
    else await this.conn.query("DELETE FROM coord_lease WHERE key = ? AND owner = ?", [k, owner]);
  }

  /** Forgets every claim and lease of this namespace (tests and tear-down only). */
  async clear(): Promise<void> {
    if (this.conn.kind === "redis") {
      const ns = globEscape(this.namespace);
      await redisDeleteMatching(this.conn, `${ns}:once:*`);
      await redisDeleteMatching(this.conn, `${ns}:lease:*`);
      return;
    }
    const p = `${this.namespace}/`;
    await this.conn.query("DELETE FROM coord_once WHERE substr(key, 1, ?) = ?", [p.length, p]);
    await this.conn.query("DELETE FROM coord_lease WHERE substr(key, 1, ?) = ?", [p.length, p]);
  }
}
