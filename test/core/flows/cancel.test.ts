import { describe, expect, it } from "vitest";
import { t } from "../../../src/core/i18n.ts";
import { DESK_TEXTS } from "../../../src/core/flows/shared.ts";
import { talent } from "../../fixtures/app.ts";
import { world, newUser, useDeskWorld } from "./world.ts";

/** The cancel flow: a talent withdraws their own ticket, and only their own. */

useDeskWorld();

describe("cancelling tickets", () => {
  it("should withdraw a ticket the talent cancels", async () => {
    const w = world();
    const me = newUser(w);
    const { ticket } = await w.service.create({ talent: me.user, category: "medical", summary: "预约体检", details: "预约体检", lang: "zh" });
    const r = await me.say(`取消我的工单 ${ticket.id}`);
    expect(r.text).toBe(t(DESK_TEXTS.ticketCancelled, "zh", { id: ticket.id }));
    expect((await w.repo.get(ticket.id))!.status).toBe("cancelled");
    const stranger = newUser(w);
    expect((await stranger.say(`cancel my ticket ${ticket.id}`)).text).toBe(t(DESK_TEXTS.notFound, "en", { id: ticket.id }));
  });
});
