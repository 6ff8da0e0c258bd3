import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import type { Config } from "../../src/config.ts";
import { citedPolicies, expectCompleteCitations, talent, testConfig } from "../fixtures/app.ts";
import { tempDir } from "../fixtures/policies.ts";

let dir: Awaited<ReturnType<typeof tempDir>>;
let config: Config;
const open: App[] = [];

async function start(): Promise<App> {
  const app = await createApp(config);
  open.push(app);
  return app;
}

beforeAll(async () => {
  dir = await tempDir("restart");
  config = testConfig(dir.path);
});

afterAll(async () => {
  await Promise.allSettled(open.map((a) => a.close()));
  await dir?.cleanup();
});

describe("state across a restart", () => {
  it("should keep the profile and the previous question when the app is closed and started again on the same SQLite file", async () => {
    const user = "test:restart";
    const first = await start();
    const before = talent(first.engine, user);
    await before.say("/profile tier=D children=5,9 arrival=2026-03-01");
    const asked = await before.say("人才公寓谁可以申请？");
    expect(citedPolicies(first.knowledge(), asked)[0]).toBe("wt-housing-talent-apartment");
    await first.close();

    const second = await start();
    const after = talent(second.engine, user);
    const profile = await after.say("我的资料");
    expect(profile.intent).toBe("profile");
    expect(profile.text).toMatch(/人才类别：D/);
    expect(profile.text).toMatch(/子女年龄：5, 9/);
    expect(profile.text).toMatch(/到岗时间：2026-03-01/);

    // The follow-up still leans on the question asked before the restart.
    const followUp = await after.say("那需要什么材料？");
    expectCompleteCitations(followUp.citations);
    expect(citedPolicies(second.knowledge(), followUp)[0]).toBe("wt-housing-talent-apartment");

    // A talent who never talked to the desk has neither.
    const stranger = talent(second.engine, "test:restart-stranger");
    expect((await stranger.say("我的资料")).text).toMatch(/人才类别：未登记/);
  });

  it("should keep the reply language a talent used before the restart for a message that does not show one", async () => {
    const user = "test:restart-lang";
    const first = await start();
    await talent(first.engine, user).say("人才公寓誰可以申請？");
    await first.close();

    const second = await start();
    // Pressing a button carries no text to detect a language from: the stored one is used.
    const reply = await talent(second.engine, user).press({ id: "topic", label: "住房", payload: "housing" });
    expect(reply.lang).toBe("zh-Hant");
  });
});
