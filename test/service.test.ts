import { cp, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadIndex } from "../src/channels/channel.ts";
import type { IntentClassifier } from "../src/core/intents/intent.ts";
import { RuleIntentClassifier } from "../src/core/intents/rules.ts";
import { LocalHashEmbeddings } from "../src/knowledge/embedders/local.ts";
import { ingest } from "../src/knowledge/ingest/build-index.ts";
import { createLogger } from "../src/logger.ts";
import { startService, type Service } from "../src/service.ts";
import { createTicketStore } from "../src/tickets/store.ts";
import { KNOWLEDGE, testConfig, ROOT } from "./fixtures/app.ts";
import { tempDir } from "./fixtures/policies.ts";

/**
 * The service as `npm start` runs it with channels configured (here: none, so only the service parts):
 * health and metrics on the HTTP port, a new index published by `kb ingest` swapped in while questions keep
 * coming, `/reload` for admins only, and a graceful stop that finishes answers in flight and flushes the outbox.
 */

const NEW_POLICY = `---
id: wt-talent-coffee-vouchers
title: 梧桐市人才驿站咖啡券发放办法
topic: services
lang: zh
effective: 2026-01-01
expires: 2028-12-31
source: https://www.wutong.gov.cn/rcz/coffee.html
---
# 梧桐市人才驿站咖啡券发放办法

## 第一条 发放标准
经认定的各类人才，每季度可在人才驿站领取咖啡券12张，每张面值30元。

## 第二条 领取方式
持人才绿卡到任一人才驿站服务台领取，当季未领取的不再补发。
`;

/** Slows down one chosen message, so shutdown has an answer in flight. */
class SlowFor implements IntentClassifier {
  private readonly rules = new RuleIntentClassifier();
  constructor(private readonly marker: string, private readonly ms: number) {}
  async classify(text: string, context?: Parameters<IntentClassifier["classify"]>[1]) {
    if (text.includes(this.marker)) await new Promise((r) => setTimeout(r, this.ms));
    return this.rules.classify(text, context);
  }
}

describe("the running service", () => {
  let svc: Service;
  let dir: { path: string; cleanup: () => Promise<void> };
  let knowledgeDir = "";
  let base = "";
  let storeUrl = "";

  beforeAll(async () => {
    dir = await tempDir("service");
    knowledgeDir = path.join(dir.path, "knowledge");
    await cp(KNOWLEDGE, knowledgeDir, { recursive: true });
    const config = testConfig(dir.path, { KNOWLEDGE_DIR: knowledgeDir, PORT: "0", ROSTER_FILE: path.join(ROOT, "config/roster.example.yaml") });
    storeUrl = config.storeUrl;
    svc = await startService(config, {
      logger: createLogger({ logLevel: "silent" }),
      host: "127.0.0.1",
      watchIntervalMs: 50,
      dispatchIntervalMs: 60_000,
      app: { classifier: new SlowFor("慢慢", 400) },
    });
    base = `http://127.0.0.1:${svc.port}`;
  });

  afterAll(async () => {
    await svc?.stop("test");
    await dir?.cleanup();
  });

  it("reports health and Prometheus metrics", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; documents: number; channels: string[] };
    expect(body.status).toBe("ok");
    expect(body.documents).toBeGreaterThan(30);
    expect(body.channels).toEqual([]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain("# TYPE concierge_messages_total counter");
    expect(metrics).toContain("concierge_process_cpu_seconds_total");
  });

  it("swaps in a newly ingested index while questions keep coming, without failing one", async () => {
    const ask = () => svc.app.engine.handle({ user: "console:reader", text: "人才驿站咖啡券每季度能领几张？" });
    const before = await ask();
    expect(before.citations.map((c) => c.docId)).not.toContain("wt-talent-coffee-vouchers");

    await writeFile(path.join(knowledgeDir, "services", "wt-talent-coffee-vouchers.md"), NEW_POLICY);
    let stop = false;
    const asked: Promise<unknown>[] = [];
    const pump = (async () => {
      while (!stop) {
        asked.push(ask());
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await ingest({ knowledgeDir, indexRoot: svc.app.indexRoot, embedder: new LocalHashEmbeddings() });
    const deadline = Date.now() + 10_000;
    while (svc.app.knowledge().docs.size < 38 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await pump;
    const results = await Promise.allSettled(asked);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(asked.length).toBeGreaterThan(3);

    const after = await ask();
    expect(after.citations.map((c) => c.docId)).toContain("wt-talent-coffee-vouchers");
    expect(after.text).toContain("12");
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('concierge_index_reloads_total{outcome="ok"}');
  });

  it("reloads on /reload from an admin only", async () => {
    expect(await reloadIndex(svc.deps, "telegram:42", "en")).toMatch(/only admins/i);
    expect(await reloadIndex(svc.deps, "slack:U0ADMIN01", "en")).toMatch(/reloaded: \d+ policies/);
  });

  it("stops gracefully: the answer in flight finishes and queued notifications are delivered", async () => {
    const talent = svc.app.engine;
    await talent.handle({ user: "console:alice", text: "我的人才公寓暖气坏了，请帮我报修，地址梧桐路1号3-201，联系这个聊天" });
    const draft = await talent.handle({ user: "console:alice", text: "确认" });
    const confirm = draft.actions.find((a) => a.id === "confirm_draft");
    const filed = confirm ? await talent.handle({ user: "console:alice", text: confirm.label, action: { id: confirm.id, ...(confirm.payload ? { payload: confirm.payload } : {}) } }) : draft;
    const id = /WT-\d{4}-\d{6}/.exec(filed.text)?.[0];
    expect(id, filed.text).toBeDefined();
    expect((await svc.app.tickets.store.repo.get(id!))?.outbox.length, "the commissioner's notification waits in the outbox").toBeGreaterThan(0);

    const slow = svc.deps.inflight.track(talent.handle({ user: "console:bob", text: "慢慢问一下：人才公寓租金怎么算？" }));
    await new Promise((r) => setTimeout(r, 50));
    const stopping = svc.stop("SIGTERM");
    expect((await fetch(`${base}/healthz`).catch(() => undefined))?.status ?? 503).toBe(503);
    const answer = await slow;
    expect(answer.citations.length).toBeGreaterThan(0);
    await stopping;

    const store = await createTicketStore(storeUrl, { prefix: "WT" });
    try {
      const ticket = await store.repo.get(id!);
      expect(ticket?.outbox).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
