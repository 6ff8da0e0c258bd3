import type { types } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_BOT } from "../../fakes/slack-api.ts";
import { slackSignature } from "../../fakes/slack-requests.ts";
import { BOT_TOKEN, blockActions, blockText, buttonsOf, dmEvent, mentionEvent, startSlackHarness, type SlackHarness } from "./harness.ts";

/**
 * Talents on Slack: questions by DM and by mention answered in their thread with Block Kit, buttons, Slack's
 * retries, and requests that must be refused before anything happens (bad signature, stale timestamp).
 */

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness("slack-talent");
});

afterAll(async () => {
  await h?.cleanup();
});

const replies = (channel: string, thread: string) => h.api.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && c.body.thread_ts === thread);
const contextOf = (blocks: unknown) => ((blocks ?? []) as types.KnownBlock[]).filter((b): b is types.ContextBlock => b.type === "context");
const sectionsOf = (blocks: unknown) => ((blocks ?? []) as types.KnownBlock[]).filter((b): b is types.SectionBlock => b.type === "section");
const messagesCount = async () => (await h.metrics.messages.get()).values.reduce((n, v) => n + v.value, 0);

describe("talent messages", () => {
  it("should answer a Chinese DM question in its thread with the answer in sections and the cited policies in a context block", async () => {
    const event = dmEvent("UTALZH001", "人才公寓怎么申请？");
    const since = h.api.calls.length;
    const { response } = await h.slack.event(event);
    expect(response.status).toBe(200);

    const reply = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === event.channel, { since });
    expect(reply.body.thread_ts).toBe(event.ts);
    expect(reply.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(String(reply.body.text)).toMatch(/人才公寓/);
    const sections = sectionsOf(reply.body.blocks);
    expect(sections.length).toBeGreaterThan(0);
    for (const s of sections) expect(s.text?.type).toBe("mrkdwn");
    const [sources] = contextOf(reply.body.blocks);
    const lines = sources!.elements.map((e) => ("text" in e ? e.text : ""));
    expect(lines[0]).toBe("*来源*");
    expect(lines.slice(1).join("\n")).toMatch(/<https:\/\/[^|>]+\|[^>]+> · .+ · 自\d{4}-\d{2}-\d{2}起施行/);
    expect(buttonsOf(reply).map((b) => b.action_id)).toContain("engine:ask_commissioner:0");
  });

  it("should answer an English DM question with English sources", async () => {
    const event = dmEvent("UTALEN001", "How do I apply for a talent apartment?");
    const since = h.api.calls.length;
    await h.slack.event(event);
    const reply = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === event.channel, { since });
    expect(reply.body.thread_ts).toBe(event.ts);
    const text = blockText(reply);
    expect(text).toMatch(/apartment/i);
    expect(text).toMatch(/\*Sources\*/);
    expect(text).toMatch(/effective \d{4}-\d{2}-\d{2}/);
    expect(buttonsOf(reply).map((b) => b.text.text)).toContain("Ask my commissioner");
  });

  it("should answer a mention in the channel thread it was made in, without the mention in the question", async () => {
    const event = mentionEvent("UTALMN001", "CGENERAL01", `<@${FAKE_BOT.userId}> How do I apply for a talent apartment?`, { thread_ts: "1799999999.000001" });
    const since = h.api.calls.length;
    await h.slack.event(event);
    const reply = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "CGENERAL01", { since });
    expect(reply.body.thread_ts).toBe("1799999999.000001");
    // An answer with sources, as for the same question by DM: the mention did not confuse the engine.
    expect(contextOf(reply.body.blocks)).toHaveLength(1);
    expect(blockText(reply)).toMatch(/\*Sources\*/);
  });

  it("should run a talent's button press through the engine and answer in the button's thread", async () => {
    const event = dmEvent("UTALBT001", "How do I apply for a talent apartment?");
    let since = h.api.calls.length;
    await h.slack.event(event);
    const answer = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === event.channel, { since });
    const ask = buttonsOf(answer).find((b) => b.action_id.startsWith("engine:ask_commissioner"))!;

    since = h.api.calls.length;
    const res = await h.slack.interaction(blockActions(h.api, "UTALBT001", { channel: event.channel, ts: answer.ts!, thread_ts: event.ts }, ask));
    expect(res.status).toBe(200);
    const next = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === event.channel, { since });
    expect(next.body.thread_ts).toBe(event.ts);
    // The engine started a request for the commissioner: it asks for details and offers to cancel.
    expect(String(next.body.text)).toMatch(/commissioner/i);
    expect(buttonsOf(next).some((b) => b.action_id.startsWith("engine:cancel_draft:"))).toBe(true);
  });

  it("should answer an undecodable button value with an ephemeral note and not call the engine", async () => {
    const before = await messagesCount();
    const since = h.api.calls.length;
    const res = await h.slack.interaction(
      blockActions(h.api, "UTALBT002", { channel: "DTALBT002", ts: "1799999999.000009" }, { action_id: "engine:confirm_draft:0", value: "not json", text: { type: "plain_text", text: "Confirm" } }),
    );
    expect(res.status).toBe(200);
    const note = await h.api.waitFor((c) => c.method === "chat.postEphemeral", { since });
    expect(note.body).toMatchObject({ channel: "DTALBT002", user: "UTALBT002" });
    expect(await messagesCount()).toBe(before);
  });

  it("should ignore bot messages and message subtypes (edits, joins)", async () => {
    const since = h.api.calls.length;
    await h.slack.event(dmEvent("UTALIG001", "How do I apply for a talent apartment?", { bot_id: "BOTHER001" }));
    await h.slack.event(dmEvent("UTALIG001", "How do I apply for a talent apartment?", { subtype: "message_changed" }));
    await h.slack.event({ ...dmEvent("UTALIG001", "hello"), channel_type: "channel", channel: "CGENERAL01" });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.api.calls.slice(since)).toEqual([]);
  });
});

describe("Slack's retries", () => {
  it("should handle an event re-sent with the same event_id once", async () => {
    const event = dmEvent("UTALRT001", "How do I apply for a talent apartment?");
    const dupesBefore = (await h.metrics.duplicates.get()).values[0]?.value ?? 0;
    const first = await h.slack.event(event);
    await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.thread_ts === event.ts);
    const retry = await h.slack.event(event, { eventId: first.eventId, headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    expect(retry.response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(replies(event.channel, event.ts)).toHaveLength(1);
    expect((await h.metrics.duplicates.get()).values[0]?.value).toBe(dupesBefore + 1);
  });
});

describe("failures", () => {
  it("should apologise privately when the answer cannot be posted, and answer Slack's retry of the event", async () => {
    const event = dmEvent("UTALFL001", "How do I apply for a talent apartment?");
    const since = h.api.calls.length;
    h.api.failNext("chat.postMessage", "internal_error");
    const first = await h.slack.event(event);
    const apology = await h.api.waitFor((c) => c.method === "chat.postEphemeral", { since });
    expect(apology.body).toMatchObject({ channel: event.channel, user: "UTALFL001", thread_ts: event.ts });
    expect(String(apology.body.text)).toMatch(/something went wrong/);
    expect(h.logs.join("")).toMatch(/a Slack listener failed/);

    await h.slack.event(event, { eventId: first.eventId, headers: { "x-slack-retry-num": "1" } });
    const answered = await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.thread_ts === event.ts && !c.error, { since });
    expect(buttonsOf(answered).length).toBeGreaterThan(0);
    expect(h.api.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === event.ts).map((c) => c.error)).toEqual(["internal_error", undefined]);
  });
});

describe("requests refused before anything happens", () => {
  it("should answer 401 to a bad signature and to a timestamp older than five minutes, with no side effect", async () => {
    const before = await messagesCount();
    const since = h.api.calls.length;
    const forged = await h.slack.event(dmEvent("UTALBAD01", "How do I apply for a talent apartment?"), { secret: "not-the-secret" });
    expect(forged.response.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await h.slack.event(dmEvent("UTALBAD01", "How do I apply for a talent apartment?"), { timestamp: old });
    expect(stale.response.status).toBe(401);
    const body = JSON.stringify({ type: "event_callback", event_id: "EvUNSIGNED", event: dmEvent("UTALBAD01", "hi") });
    const unsigned = await h.slack.raw(body, "application/json", { headers: { "x-slack-signature": slackSignature("x", 1, "") } });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.api.calls.slice(since)).toEqual([]);
    expect(await messagesCount()).toBe(before);
  });

  it("should answer Slack's URL verification with the challenge and refuse anything but POST", async () => {
    const body = JSON.stringify({ type: "url_verification", token: "legacy", challenge: "c-123" });
    const res = await h.slack.raw(body, "application/json");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: "c-123" });
    const get = await fetch(h.url);
    expect(get.status).toBe(405);
  });
});

describe("logs", () => {
  it("should never log the bot token or what talents wrote", async () => {
    const event = dmEvent("UTALLG001", "My phone is 13812345678, how do I apply for a talent apartment?");
    await h.slack.event(event);
    await h.api.waitFor((c) => c.method === "chat.postMessage" && c.body.thread_ts === event.ts);
    const all = h.logs.join("\n");
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain("13812345678");
    expect(all).not.toContain("how do I apply");
  });
});
