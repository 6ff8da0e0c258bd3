import { Composer, GrammyError, type Context } from "grammy";
import { isStaffAction, type StaffOutcome } from "../../core/commissioner-desk.ts";
import { escapeHtml } from "./format.ts";
import { inlineKeyboard } from "./keyboard.ts";
import { answerQuery, userOf, type TelegramRuntime, type TgContext } from "./runtime.ts";
import { fill } from "../../core/i18n.ts";
import { STAFF_TEXTS } from "./texts.ts";

const PROMPT_TTL_MS = 30 * 60_000; // as long as the desk keeps a pending reply
const LIST_MAX = 10;

const ignoreUnmodified = (err: unknown) => {
  if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
  throw err;
};

/**
 * Commissioners and admins (per the roster) in a private chat or the commissioners' group: ticket card buttons
 * (claim, reply, resolve, reassign), the reply they were asked to type, and `/tickets` / `/ticket ID` as cards.
 * The actor is always the person who pressed or wrote (`telegram:<from.id>`); the desk checks permissions, so a
 * talent pressing a staff button is refused and nothing changes.
 */
export function staffFeature(rt: TelegramRuntime): Composer<TgContext> {
  const c = new Composer<TgContext>();
  const desk = rt.deps.core;
  const staffChat = (ctx: Context) => ctx.chat?.type === "private" || (rt.commissionerChat !== undefined && ctx.chat?.id === rt.commissionerChat);

  c.filter((ctx) => !!ctx.callbackQuery && !!ctx.button && isStaffAction(ctx.button.id), async (ctx) => {
    const user = userOf(ctx);
    const button = ctx.button!;
    const message = ctx.callbackQuery!.message;
    const chat = message?.chat.id ?? ctx.from!.id;
    const out = await desk.pressStaffButton(user, button);

    // The card the button sits on shows the ticket as it is now (after a change, or when the button was stale).
    const refresh = async (o: StaffOutcome) => {
      if (!o.ticket || !message || button.id === "reassign_to") return;
      if (o.ok || o.code === "stale") {
        await rt.cards.remember(o.ticket.id, { chat: message.chat.id, message: message.message_id });
        await rt.cards.refresh(o.ticket);
      }
    };

    if (out.ok || out.code !== "needs_text" || !out.ticket) {
      await answerQuery(ctx, out.message, !out.ok);
      if (out.ok && button.id === "reassign_to" && message) {
        await ctx.api.editMessageText(message.chat.id, message.message_id, escapeHtml(out.message), { parse_mode: "HTML", reply_markup: { inline_keyboard: [] } }).catch(ignoreUnmodified);
      }
      await refresh(out);
      return;
    }

    const ticket = out.ticket;
    const replyTo = message ? { reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } } : {};
    if (button.id === "reply") {
      await desk.expectStaffText(user, "reply", ticket.id);
      await rt.prompts.set(user, chat, PROMPT_TTL_MS);
      await answerQuery(ctx, out.message);
      // In a group, mention the presser so the forced reply opens for them alone (and reaches a bot in privacy mode).
      const who = ctx.chat?.type === "private" ? "" : `<a href="tg://user?id=${ctx.from!.id}">${escapeHtml(ctx.from!.first_name)}</a> `;
      await ctx.api.sendMessage(chat, who + escapeHtml(fill(STAFF_TEXTS.typeReply, { id: ticket.id })), {
        parse_mode: "HTML",
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: `${ticket.id}` },
        ...replyTo,
      });
      return;
    }
    // reassign: choose whom to pass the ticket to.
    const targets = desk.reassignTargets(ticket);
    if (!targets.length) return answerQuery(ctx, STAFF_TEXTS.noTargets, true);
    await answerQuery(ctx, out.message);
    const keyboard = await inlineKeyboard(
      targets.map((x) => ({ id: "reassign_to", label: x.name, payload: `${ticket.id}>${x.id}` })),
      rt.codec,
    );
    await ctx.api.sendMessage(chat, escapeHtml(out.message), { parse_mode: "HTML", ...(keyboard ? { reply_markup: keyboard } : {}), ...replyTo });
  });

  // The reply a commissioner was asked to type: their next text in that chat (commands other than /cancel pass).
  c.on("message:text", async (ctx, next) => {
    const user = userOf(ctx);
    if (!desk.isStaff(user)) return next();
    const command = /^\/(\w+)/.exec(ctx.message.text)?.[1]?.toLowerCase();
    if (command && command !== "cancel") return next();
    if ((await rt.prompts.get(user)) !== ctx.chat.id) return next();
    const pending = await desk.takeStaffText(user);
    await rt.prompts.delete(user);
    if (!pending) return next();
    const replyTo = { reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } };
    if (command === "cancel") return void (await ctx.reply(escapeHtml(STAFF_TEXTS.replyCancelled), { parse_mode: "HTML", ...replyTo }));
    const text = ctx.message.text;
    const out = pending.action === "reply" ? await desk.replyToTicket(user, pending.ticket, text) : await desk.resolveTicket(user, pending.ticket, text);
    await ctx.reply(escapeHtml(out.message), { parse_mode: "HTML", ...replyTo });
  });

  // Staff views: their open tickets, or one ticket, as cards with buttons.
  c.command("tickets", async (ctx, next) => {
    const user = userOf(ctx);
    if (!desk.isStaff(user) || !staffChat(ctx)) return next();
    const open = await desk.openTicketsOf(user);
    if (!open.length) return void (await ctx.reply(escapeHtml(STAFF_TEXTS.noOpenTickets), { parse_mode: "HTML" }));
    for (const ticket of open.slice(0, LIST_MAX)) await rt.cards.post(ctx.chat.id, ticket);
    if (open.length > LIST_MAX) await ctx.reply(escapeHtml(fill(STAFF_TEXTS.moreTickets, { n: open.length - LIST_MAX })), { parse_mode: "HTML" });
  });
  c.command("ticket", async (ctx, next) => {
    const user = userOf(ctx);
    const id = ctx.match.trim().split(/\s+/)[0] ?? "";
    if (!desk.isStaff(user) || !staffChat(ctx) || !id) return next();
    const ticket = await desk.ticketFor(user, id);
    if (!ticket) return void (await ctx.reply(escapeHtml(fill(STAFF_TEXTS.noSuchTicket, { id: id.toUpperCase() })), { parse_mode: "HTML" }));
    await rt.cards.post(ctx.chat.id, ticket);
  });
  return c;
}
