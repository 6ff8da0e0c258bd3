import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citedPolicies, startApp, talent, type TestApp } from "../fixtures/app.ts";

// The engine answers from the policies in force on its clock's date, so an answer can be checked as of any day.
let past: TestApp;
beforeAll(async () => {
  past = await startApp("engine-date", { clock: () => new Date("2023-06-01T08:00:00Z") });
});
afterAll(async () => {
  await past?.cleanup();
});

describe("the engine's date", () => {
  it("should answer from the policy in force on its clock's date: the 2021 rent subsidy in mid-2023", async () => {
    const reply = await talent(past.app.engine, "console:past").say("D类人才租房补贴每月多少？");
    expect(reply.citations.length).toBeGreaterThan(0);
    const cited = citedPolicies(past.app.knowledge(), reply);
    expect(cited).toContain("wt-housing-rent-subsidy-2021");
    expect(cited).not.toContain("wt-housing-rent-subsidy-2025");
  });
});
