import type { Bilingual } from "../../core/i18n.ts";
import { textGroup } from "../../core/catalogue.ts";

/** What the Telegram channel itself says (the engine says everything else). Staff texts are bilingual, Chinese first. */
export const TG_TEXTS = textGroup("telegram", ["expiredButton", "textOnly", "failure"]);

/** Staff-facing texts (one string, both languages, like the roster and the ticket cards). */
export const STAFF_TEXTS = {
  typeReply: "请输入对工单 {id} 的回复：您的下一条消息会发送给人才（发送 /cancel 取消）。\nType your reply to {id}: your next message goes to the talent (/cancel to abort).",
  replyCancelled: "已取消，没有发送任何内容。 Cancelled; nothing was sent.",
  noTargets: "没有其他专员可以转交。 There is no other commissioner to pass it to.",
  noOpenTickets: "您当前没有未办结的工单。 You have no open tickets.",
  noSuchTicket: "未找到工单 {id}。 There is no ticket {id}.",
  moreTickets: "另有 {n} 个工单未显示。 {n} more tickets not shown.",
} as const;

/** The commands shown in Telegram's menu, by language. */
export const COMMANDS = {
  en: [
    { command: "start", description: "Welcome and topics" },
    { command: "help", description: "What I can do" },
    { command: "tickets", description: "My requests" },
    { command: "ticket", description: "One request: /ticket WT-2026-000123" },
    { command: "profile", description: "My tier, district and children" },
    { command: "lang", description: "Reply language: /lang en | zh | zh-Hant" },
    { command: "cancel", description: "Stop what is in progress" },
  ],
  zh: [
    { command: "start", description: "欢迎与常见主题" },
    { command: "help", description: "我能做什么" },
    { command: "tickets", description: "我的诉求" },
    { command: "ticket", description: "查看一个诉求：/ticket WT-2026-000123" },
    { command: "profile", description: "我的人才类别、所在区和子女" },
    { command: "lang", description: "回复语言：/lang zh | en | zh-Hant" },
    { command: "cancel", description: "取消进行中的事项" },
  ],
} as const;
