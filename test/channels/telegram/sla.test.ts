import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttons, LI_WEI, person, press, sentTo, startHarness, text, ZHANG_MIN, type Harness } from "./harness.ts";

/**
 * SLA notices for commissioners who live on Telegram: the reminder before the first-response deadline reaches
 * the ticket's commissioner, the escalation after it reaches their supervisor, each as a ticket card with the
 * buttons that make sense, exactly once. The app's clock is moved by hand.
 */

const HOUR = 3_600_000;
let now = Date.parse("2026-03-02T09:00:00Z");
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ app: { clock: () => new Date(now) } });
});
afterAll(async () => {
  await h?.stop();
});

describe("SLA notices on Telegram", () => {
  let id = "";

  it("reminds the commissioner before the deadline and escalates to the supervisor after it, once each", async () => {
    const me = person(3001, "zh-hans");
    await h.deliver(text(me, "我的人才公寓暖气坏了，请帮我报修"));
    await h.deliver(text(me, "东湖苑3栋502"));
    await h.deliver(text(me, "就在这里联系"));
    const draft = sentTo(h.fake, me.id).at(-1)!;
    const confirm = buttons(h.fake, draft).find((b) => /确认/.test(b.text))!;
    await h.deliver(press(me, h.fake, draft, confirm.data));
    id = /WT-\d{4}-\d{6}/.exec(sentTo(h.fake, me.id).at(-1)!.text)![0];
    await h.flush();
    expect(sentTo(h.fake, LI_WEI)).toHaveLength(1); // the new-ticket card

    const ticket = (await h.test.app.tickets.store.repo.get(id))!;
    now = Date.parse(ticket.firstResponseDue) - 30 * 60_000;
    expect(await h.test.app.tickets.sla.tick()).toMatchObject({ reminders: 1 });
    await h.flush();
    const reminder = sentTo(h.fake, LI_WEI).at(-1)!;
    expect(sentTo(h.fake, LI_WEI)).toHaveLength(2);
    expect(reminder.text).toContain(id);
    expect(buttons(h.fake, reminder).map((b) => b.text)).toContain("认领 Claim");

    now = Date.parse(ticket.firstResponseDue) + HOUR;
    expect(await h.test.app.tickets.sla.tick()).toMatchObject({ escalations: 1 });
    expect(await h.test.app.tickets.sla.tick()).toMatchObject({ reminders: 0, escalations: 0 });
    await h.flush();
    const escalation = sentTo(h.fake, ZHANG_MIN);
    expect(escalation).toHaveLength(1);
    expect(escalation[0]!.text).toContain(id);
    expect(buttons(h.fake, escalation[0]!).map((b) => b.text)).toContain("转交 Reassign");
    expect(sentTo(h.fake, LI_WEI)).toHaveLength(2);
  });
});
