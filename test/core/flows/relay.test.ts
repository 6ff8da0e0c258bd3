import { describe, expect, it } from "vitest";
import type { FlowContext } from "../../../src/core/engine.ts";
import { t } from "../../../src/core/i18n.ts";
import type { Lang } from "../../../src/text/normalize.ts";
import { parseRelay } from "../../../src/core/flows/relay.ts";
import { DESK_TEXTS } from "../../../src/core/flows/shared.ts";
import type { Ticket } from "../../../src/tickets/ticket.ts";
import { talent } from "../../fixtures/app.ts";
import { NOW, CHEN, type World, world, newUser, useDeskWorld } from "./world.ts";

/** The relay flow: messages from the talent to the commissioner of their ticket. */

useDeskWorld();

/** The text of the talent's last message in a ticket's history. */
const lastMessage = (ticket: Ticket | undefined) => ticket?.history.filter((h) => h.action === "talent_message").at(-1)?.text;

describe("messages to the commissioner on a ticket", () => {
  async function waiting(w: World, user: string): Promise<string> {
    const { ticket } = await w.service.create({ talent: user, category: "schooling", summary: "三年级插班", details: "三年级插班", lang: "en" });
    await w.service.reply(ticket.id, w.service.actor("console:chen-jing"), "Please send your child's birth certificate.", { waitForTalent: true });
    return ticket.id;
  }

  it("should relay 'add to my ticket WT-…: …' into the ticket's history and to the commissioner", async () => {
    const w = world();
    const me = newUser(w);
    const id = await waiting(w, me.user);
    const r = await me.say(`add to my ticket ${id}: the birth certificate is ready`);
    expect(r.text).toBe(t(DESK_TEXTS.relayed, "en", { id, name: CHEN }));
    const ticket = (await w.repo.get(id))!;
    expect(ticket.history.find((h) => h.action === "talent_message")).toMatchObject({ by: me.user, text: "the birth certificate is ready" });
    expect(ticket.status).toBe("in_progress");
    expect(ticket.outbox.some((n) => n.kind === "talent_message" && n.to === "console:chen-jing" && n.text.includes("the birth certificate is ready"))).toBe(true);

    const zh = await me.say(`补充 ${id}：出生证明已经准备好了`);
    expect(zh.text).toBe(t(DESK_TEXTS.relayed, "zh", { id, name: CHEN }));
    expect(lastMessage(await w.repo.get(id))).toBe("出生证明已经准备好了");

    // Someone else's ticket takes nothing.
    const stranger = newUser(w);
    expect((await stranger.say(`add to my ticket ${id}: hello`)).text).toBe(t(DESK_TEXTS.notFound, "en", { id }));
    expect((await w.repo.get(id))!.history.filter((h) => h.action === "talent_message")).toHaveLength(2);
  });

  it("should ask what to add when the message names only the ticket", async () => {
    const w = world();
    const me = newUser(w);
    const id = await waiting(w, me.user);
    expect((await me.say(`add to ${id}`)).text).toBe(t(DESK_TEXTS.relayAsk, "en", { id }));
    expect((await me.say("She was born in 2018 in Shanghai")).text).toBe(t(DESK_TEXTS.relayed, "en", { id, name: CHEN }));
    expect(lastMessage(await w.repo.get(id))).toBe("She was born in 2018 in Shanghai");
    expect((await w.conversations.get(me.user)).awaiting).toBeUndefined();
  });

  it("should offer `relay` for any message to a ticket waiting on the talent (for the engine to call)", async () => {
    const w = world();
    const me = newUser(w);
    const ctx = async (text: string, lang: Lang = "en"): Promise<FlowContext> => ({ msg: { user: me.user, text }, lang, state: await w.conversations.get(me.user), profile: {}, now: NOW });
    expect(await w.desk.relay(await ctx("I'll bring it tomorrow"), "chitchat")).toBeUndefined(); // no ticket waits
    const id = await waiting(w, me.user);
    expect(await w.desk.relay(await ctx("How much is the rent subsidy?"), "question")).toBeUndefined();
    expect(await w.desk.relay(await ctx("/tickets"), "ticket_status")).toBeUndefined();
    const r = await w.desk.relay(await ctx("孩子今年8岁，读三年级", "zh"), "profile");
    expect(r!.text).toBe(t(DESK_TEXTS.relayed, "zh", { id, name: CHEN }));
    expect(lastMessage(await w.repo.get(id))).toBe("孩子今年8岁，读三年级");
  });

  it("should parse explicit additions", () => {
    expect(parseRelay("add to my ticket WT-2026-000001: the birth certificate is ready")).toEqual({ id: "WT-2026-000001", body: "the birth certificate is ready" });
    expect(parseRelay("補充一下：孩子已經8歲了")).toEqual({ body: "孩子已經8歲了" });
    expect(parseRelay("any update on WT-2026-000001?")).toBeUndefined();
  });
});
