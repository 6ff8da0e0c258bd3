import { describe, expect, it } from "vitest";
import { t } from "../../../src/core/i18n.ts";
import { parseRating } from "../../../src/core/flows/rating.ts";
import { DESK_TEXTS } from "../../../src/core/flows/shared.ts";
import type { Ticket } from "../../../src/tickets/ticket.ts";
import { LI, world, newUser, ticketsOf, resolvedTicket, useDeskWorld } from "./world.ts";

/** The rating flow: scores in words, stars and buttons; a low score or "not solved" reopens the ticket. */

useDeskWorld();

describe("ratings", () => {
  it("should close a ticket rated 5 and thank the talent", async () => {
    const w = world();
    const me = newUser(w);
    const id = await resolvedTicket(w, me.user);
    const r = await me.say("5");
    expect(r.intent).toBe("rating");
    expect(r.text).toBe(t(DESK_TEXTS.thanks, "zh", { id, score: 5 }));
    expect(await w.repo.get(id)).toMatchObject({ status: "closed", rating: { score: 5 } });
  });

  it("should reopen a ticket that was not solved and tell the commissioner", async () => {
    const w = world();
    const me = newUser(w);
    const id = await resolvedTicket(w, me.user);
    const r = await me.say("没解决");
    expect(r.text).toBe(t(DESK_TEXTS.reopened, "zh", { id, name: LI }));
    const ticket = (await w.repo.get(id)) as Ticket;
    expect(ticket.status).toBe("reopened");
    expect(ticket.rating!.score).toBeLessThanOrEqual(2);
    expect(ticket.history.at(-2)).toMatchObject({ action: "rated", by: me.user });
    expect(ticket.history.at(-1)).toMatchObject({ action: "status", to: "reopened" });
    expect(ticket.outbox.some((n) => n.to === "console:li-wei" && n.kind === "status")).toBe(true);
  });

  it("should read '打2分 回复太慢', '★★★★' and '4 stars', and the Rate buttons", async () => {
    const w = world();
    const slow = newUser(w);
    const id1 = await resolvedTicket(w, slow.user);
    expect((await slow.say("打2分 回复太慢")).text).toBe(t(DESK_TEXTS.reopened, "zh", { id: id1, name: LI }));
    expect(await w.repo.get(id1)).toMatchObject({ status: "reopened", rating: { score: 2, comment: "回复太慢" } });

    const stars = newUser(w);
    const id2 = await resolvedTicket(w, stars.user);
    await stars.say("★★★★");
    expect(await w.repo.get(id2)).toMatchObject({ status: "closed", rating: { score: 4 } });

    const en = newUser(w);
    const id3 = await resolvedTicket(w, en.user, "en");
    expect((await en.say("4 stars")).text).toBe(t(DESK_TEXTS.thanks, "en", { id: id3, score: 4 }));

    const button = newUser(w);
    const id4 = await resolvedTicket(w, button.user);
    const shown = await button.say(`/ticket ${id4}`);
    const five = shown.actions.find((a) => a.id === "rate" && a.payload === `${id4}:5`)!;
    expect((await button.press(five)).text).toBe(t(DESK_TEXTS.thanks, "zh", { id: id4, score: 5 }));
    expect((await w.repo.get(id4))!.status).toBe("closed");
  });

  it.each([
    ["4分，回复很及时，谢谢", "zh", 4, "回复很及时，谢谢", "closed"],
    ["2 technician never came", "en", 2, "technician never came", "reopened"],
    ["5 分 師傅很專業", "zh-Hant", 5, "師傅很專業", "closed"],
  ] as const)("should read the score and keep the comment of '%s'", async (text, lang, score, comment, status) => {
    const w = world();
    const me = newUser(w);
    const id = await resolvedTicket(w, me.user, lang);
    const r = await me.say(text);
    expect(r.text).toBe(status === "closed" ? t(DESK_TEXTS.thanks, lang, { id, score }) : t(DESK_TEXTS.reopened, lang, { id, name: LI }));
    expect(await w.repo.get(id)).toMatchObject({ status, rating: { score, comment } });
  });

  it("should not take a message opening with a number for a rating when nothing awaits one", async () => {
    const w = world();
    const me = newUser(w);
    const r = await me.say("2 kids, how do I enrol them?");
    expect(r.text).not.toBe(t(DESK_TEXTS.thanks, "en", { id: "", score: 2 }));
    expect(await ticketsOf(w, me.user)).toEqual([]);
  });

  it("should ask for a score when none is given, and say when nothing awaits a rating", async () => {
    const w = world();
    const me = newUser(w);
    expect((await me.say("5")).text).toBe(t(DESK_TEXTS.nothingToRate, "zh"));
    const id = await resolvedTicket(w, me.user);
    const asked = await me.say("/rate");
    expect(asked.text).toContain(id);
    expect((await w.conversations.get(me.user)).awaiting).toBe("rating");
    expect((await me.say("3")).text).toBe(t(DESK_TEXTS.thanks, "zh", { id, score: 3 }));
    expect((await w.conversations.get(me.user)).awaiting).toBeUndefined();
  });

  it("should parse scores and comments", () => {
    expect(parseRating("5")).toEqual({ score: 5, notSolved: false });
    expect(parseRating("★★★★")).toEqual({ score: 4, notSolved: false });
    expect(parseRating("4 stars")).toEqual({ score: 4, notSolved: false });
    expect(parseRating("打2分 回复太慢")).toEqual({ score: 2, notSolved: false, comment: "回复太慢" });
    expect(parseRating("三颗星")).toEqual({ score: 3, notSolved: false });
    expect(parseRating("没解决")).toEqual({ notSolved: true, comment: "没解决" });
    expect(parseRating("not solved")).toEqual({ notSolved: true, comment: "not solved" });
    expect(parseRating("rate WT-2026-000001 5")).toEqual({ score: 5, notSolved: false });
    expect(parseRating("非常满意")).toMatchObject({ score: 5 });
  });
});
