import http, { type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import type { Metrics } from "./metrics.ts";

export interface HealthReport {
  status: "ok" | "stopping";
  [key: string]: unknown;
}

export interface HttpServerOptions {
  metrics: Metrics;
  /** Webhook handlers by exact path (`/telegram`, `/slack/events`). */
  routes: Record<string, RequestListener>;
  health: () => HealthReport;
}

/**
 * The service's one HTTP port: `/healthz` (JSON; 503 while shutting down, so a load balancer stops sending),
 * Prometheus `/metrics`, and the channels' webhooks. While stopping, webhooks answer 503 without reading the
 * update: Telegram and Slack deliver it again later, to whichever instance is up.
 */
export function createHttpServer(options: HttpServerOptions): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method === "GET" && path === "/healthz") {
      const h = options.health();
      res.writeHead(h.status === "ok" ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(h));
      return;
    }
    if (req.method === "GET" && path === "/metrics") {
      options.metrics.registry.metrics().then(
        (body) => res.writeHead(200, { "content-type": options.metrics.registry.contentType }).end(body),
        () => res.writeHead(500).end("metrics unavailable\n"),
      );
      return;
    }
    const route = options.routes[path];
    if (route) {
      if (options.health().status !== "ok") {
        res.writeHead(503, { "retry-after": "5" }).end("shutting down\n");
        return;
      }
      void route(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
  });
}

/** Listens on `port` (0 = any free port) on `host`; resolves with the bound port. */
export function listen(server: http.Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections and waits for open requests to finish (idle keep-alive sockets are closed). */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
