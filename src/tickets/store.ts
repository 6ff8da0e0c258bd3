import { createKeyv, storeKind } from "../storage/keyv.ts";
import { StoreCoordination, storeConnection } from "./coordination.ts";
import { KeyvTicketRepository, ticketIndex, type KeyvTicketRepositoryOptions } from "./keyv-repository.ts";
import type { Ticket } from "./ticket.ts";

export interface TicketStoreOptions extends KeyvTicketRepositoryOptions {
  /**
   * Keyv namespace of the tickets; also prefixes their index entries, counters and coordination keys, so two
   * namespaces on one backend are fully separate. Default `tickets`. Letters, digits, `-` and `.` only.
   */
  namespace?: string;
}

export interface TicketStore {
  repo: KeyvTicketRepository;
  coordination: StoreCoordination;
  /** Closes the store's connection (the repository and the coordination share it). */
  close(): Promise<void>;
}

/**
 * Opens the ticket repository and the coordination on the backend `url` names — `sqlite://file`, `redis://…` or
 * `postgresql://…`, the same forms as `createKeyv` — creating the tables it needs on SQL backends.
 */
export async function createTicketStore(url: string, options: TicketStoreOptions = {}): Promise<TicketStore> {
  const namespace = options.namespace ?? "tickets";
  // `_` and `%` are LIKE wildcards in @keyv/sqlite's namespace queries; `:` is Keyv's separator.
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(namespace)) throw new Error(`Invalid ticket namespace "${namespace}": use letters, digits, "-" and ".".`);
  const kind = storeKind(url);
  const kv = createKeyv<Ticket>(url, namespace);
  try {
    const conn = await storeConnection(kv, kind);
    const coordination = await StoreCoordination.open(conn, namespace);
    const repo = new KeyvTicketRepository(kv, await ticketIndex(conn, namespace), coordination, options);
    return { repo, coordination, close: () => repo.close() };
  } catch (error) {
    await kv.disconnect().catch(() => undefined);
    throw error;
  }
}
