import { describe, expect, it } from "vitest";
import { t } from "../../../src/core/i18n.ts";
import { DESK_TEXTS } from "../../../src/core/flows/shared.ts";
import { talent } from "../../fixtures/app.ts";
import { LI, world, newUser, expectScript, useDeskWorld } from "./world.ts";

/** The status flow: the talent's tickets and one ticket with its history, never another talent's. */

useDeskWorld();

describe("following tickets", () => {
  it("should list only the talent's own tickets, with status labels in their language", async () => {
    const w = world();
    const alice = newUser(w);
    const bob = newUser(w);
    const a1 = (await w.service.create({ talent: alice.user, category: "housing", summary: "暖气坏了", details: "暖气坏了", lang: "zh" })).ticket;
    const a2 = (await w.service.create({ talent: alice.user, category: "medical", summary: "预约心内科", details: "预约心内科", lang: "zh" })).ticket;
    const b1 = (await w.service.create({ talent: bob.user, category: "schooling", summary: "Enrol my son", details: "Enrol my son", lang: "en" })).ticket;

    const list = await alice.say("/tickets");
    expect(list.intent).toBe("ticket_status");
    expectScript(list, "zh");
    expect(list.text).toContain(a1.id);
    expect(list.text).toContain(a2.id);
    expect(list.text).toContain("待受理");
    expect(list.text).not.toContain(b1.id);
    expect(list.text).not.toContain("Enrol my son");

    const en = await bob.say("/tickets", "en-US");
    expect(en.text).toContain(`${b1.id} | new | Enrol my son`);
    expect(en.text).not.toContain(a1.id);

    const hant = await alice.say("我的工單怎麼樣了");
    expectScript(hant, "zh-Hant");
    expect(hant.text).toContain("待受理");

    const empty = await newUser(w).say("/tickets");
    expect(empty.text).toBe(t(DESK_TEXTS.listNone, "zh"));
  });

  it("should show ticket times in the city's time zone, naming it", async () => {
    const w = world({ desk: { timeZone: "Europe/Berlin" } });
    const alice = newUser(w);
    const { ticket } = await w.service.create({ talent: alice.user, category: "housing", summary: "Heater broken", details: "Heater broken", lang: "en" });
    const shown = await alice.say(`/ticket ${ticket.id}`, "en-US");
    expect(shown.text).toContain("2026-11-22 05:00 UTC+1");
  });

  it("should show one ticket with its history, and never another talent's", async () => {
    const w = world();
    const alice = newUser(w);
    const bob = newUser(w);
    const { ticket } = await w.service.create({ talent: alice.user, category: "housing", summary: "暖气坏了", details: "暖气坏了", lang: "zh" });
    await w.service.reply(ticket.id, w.service.actor("console:li-wei"), "明天上午派师傅上门", { waitForTalent: true });

    const mine = await alice.say(`/ticket ${ticket.id}`);
    expect(mine.text).toContain(ticket.id);
    expect(mine.text).toContain("暖气坏了");
    expect(mine.text).toContain(LI);
    expect(mine.text).toContain("明天上午派师傅上门");
    // In the city's time, which the talent is told.
    expect(mine.text).toContain("2026-11-22 12:00 UTC+8");
    expect(mine.text).toContain(t(DESK_TEXTS.waitingHint, "zh", { id: ticket.id }).trim());

    for (const text of [`/ticket ${ticket.id}`, `${ticket.id.toLowerCase()} 怎么样了`]) {
      const theirs = await bob.say(text);
      expect(theirs.text).toBe(t(DESK_TEXTS.notFound, "zh", { id: ticket.id }));
      expect(theirs.text).not.toContain("暖气");
    }
    expect((await bob.say("/ticket WT-2026-999999")).text).toBe(t(DESK_TEXTS.notFound, "zh", { id: "WT-2026-999999" }));
  });
});
