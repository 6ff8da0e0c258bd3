import { WebSocketServer, type WebSocket } from "ws";
import { randomUUID } from "node:crypto";

/** An acknowledgement the app sent back for an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

/**
 * A fake Slack Socket Mode endpoint on 127.0.0.1 (random port) for tests: set the fake Web API's `socketUrl` to
 * `url`, so `apps.connections.open` hands it to the app. Like Slack it greets every connection with `hello`,
 * pushes envelopes (`events_api`, `interactive`, `slash_commands`) with `send`, and records every
 * acknowledgement (a message carrying the envelope's `envelope_id`). WebSocket pings are answered by `ws`.
 */
export interface FakeSlackSocket {
  readonly url: string;
  /** Open connections. */
  connections(): number;
  /** Resolves once an app has connected and been greeted. */
  connected(timeoutMs?: number): Promise<void>;
  /** Pushes an envelope to every connected app; returns its `envelope_id`. */
  send(type: "events_api" | "interactive" | "slash_commands", payload: Record<string, unknown>): string;
  readonly acks: SocketAck[];
  /** Resolves with the acknowledgement of one envelope; rejects after `timeoutMs`. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketAck>;
  close(): Promise<void>;
}

const until = async (ok: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

export async function startFakeSlackSocket(): Promise<FakeSlackSocket> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const { port } = wss.address() as { port: number };
  const sockets = new Set<WebSocket>();
  const acks: SocketAck[] = [];
  let greeted = 0;

  wss.on("connection", (ws) => {
    sockets.add(ws);
    ws.on("close", () => sockets.delete(ws));
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as SocketAck;
      if (typeof msg.envelope_id === "string") acks.push(msg);
    });
    ws.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake-socket", approximate_connection_time: 3600 }, connection_info: { app_id: "AAPP0001" } }));
    greeted++;
  });

  return {
    url: `ws://127.0.0.1:${port}/link`,
    connections: () => sockets.size,
    connected: (timeoutMs = 5000) => until(() => greeted > 0 && sockets.size > 0, timeoutMs, "a Socket Mode connection"),
    send(type, payload) {
      const envelopeId = randomUUID();
      const message = JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api", retry_attempt: 0, retry_reason: "" });
      for (const ws of sockets) ws.send(message);
      return envelopeId;
    },
    acks,
    async waitForAck(envelopeId, timeoutMs = 5000) {
      await until(() => acks.some((a) => a.envelope_id === envelopeId), timeoutMs, `the ack of ${envelopeId}`);
      return acks.find((a) => a.envelope_id === envelopeId)!;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const ws of sockets) ws.terminate();
        wss.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
