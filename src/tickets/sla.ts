import { scrubError } from "../text/scrub.ts";
import { Periodic, type WorkerLogger } from "./outbox.ts";
import type { Clock, Coordination, TicketRepository } from "./ports.ts";
import type { Commissioner, Roster } from "./roster.ts";
import { isOpen, OPEN_STATUSES, record, utcStamp, type PendingNotification, type Ticket } from "./ticket.ts";

export interface SlaClockOptions {
  repo: TicketRepository;
  coordination: Coordination;
  roster: Roster;
  clock: Clock;
  logger?: WorkerLogger;
  /** Most open tickets looked at per tick (default 10 000). */
  limit?: number;
}

export interface SlaTickResult {
  reminders: number;
  escalations: number;
}

type Step = "reminder" | "escalation";

/** `2天3小时5分钟` / `2 d 3 h 5 min`. */
export function formatDuration(ms: number): { zh: string; en: string } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const zh = [d ? `${d}天` : "", h ? `${h}小时` : "", m || (!d && !h) ? `${m}分钟` : ""].join("");
  const en = [d ? `${d} d` : "", h ? `${h} h` : "", m || (!d && !h) ? `${m} min` : ""].filter(Boolean).join(" ");
  return { zh, en };
}


/**
 * Watches the first-response deadline of open tickets. Before it (by `roster.sla.reminderBeforeMinutes`) the
 * assigned commissioner is reminded on their first channel; once it has passed, the commissioner's supervisor
 * (or every admin, when there is no supervisor) is told which ticket, whose, and how late. Each happens once per
 * ticket even with several processes: the step is claimed with `coordination.once("sla:<id>:reminder" |
 * "sla:<id>:escalation")` before its notification is queued in the ticket's outbox (with a history note), and
 * the `Dispatcher` delivers it.
 */
export class SlaClock {
  private readonly loop: Periodic;

  constructor(private readonly o: SlaClockOptions) {
    this.loop = new Periodic(
      () => this.tick(),
      (err) => this.o.logger?.error({ err: scrubError(err) }, "the SLA clock failed a tick"),
    );
  }

  async tick(): Promise<SlaTickResult> {
    const result: SlaTickResult = { reminders: 0, escalations: 0 };
    const now = this.o.clock();
    const lead = this.o.roster.sla.reminderBeforeMinutes * 60_000;
    const open = await this.o.repo.list({ status: OPEN_STATUSES, limit: this.o.limit ?? 10_000 });
    for (const t of open) {
      if (t.firstResponseAt) continue;
      const due = Date.parse(t.firstResponseDue);
      if (Number.isNaN(due)) continue;
      try {
        if (now.getTime() >= due - lead && (await this.step(t, "reminder", now))) result.reminders++;
        if (now.getTime() >= due && (await this.step(t, "escalation", now))) result.escalations++;
      } catch (err) {
        this.o.logger?.error({ ticket: t.id, err: scrubError(err) }, "could not queue the SLA notification");
      }
    }
    return result;
  }

  start(intervalMs: number): void {
    this.loop.start(intervalMs);
  }

  /** Stops ticking; resolves once the tick in flight is done. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private commissioner(id: string | undefined): Commissioner | undefined {
    return id === undefined ? undefined : this.o.roster.commissioners.find((c) => c.id === id);
  }

  /** Who gets the step's notification: the commissioner (reminder); the supervisor, else the admins (escalation). */
  private recipients(t: Ticket, step: Step): string[] {
    const c = this.commissioner(t.commissioner);
    if (step === "reminder") return c?.channels[0] ? [c.channels[0]] : [];
    const sup = this.commissioner(c?.supervisor);
    const first = sup?.channels[0];
    return first ? [first] : [...new Set(this.o.roster.admins)];
  }

  private text(t: Ticket, step: Step, now: Date): string {
    const c = this.commissioner(t.commissioner);
    const name = c ? `${c.name}（${c.id}）` : t.commissioner;
    const nameEn = c ? `${c.name} (${c.id})` : t.commissioner;
    const dueMs = Date.parse(t.firstResponseDue);
    const due = utcStamp(t.firstResponseDue);
    const gap = formatDuration(Math.abs(dueMs - now.getTime()));
    if (step === "escalation") {
      return (
        `【SLA 升级】工单 ${t.id}（${t.category}，${t.priority}）：${t.summary}\n` +
        `受理专员 ${name} 未在时限 ${due} 前首次响应，已超时 ${gap.zh}。\n` +
        `[SLA escalation: ticket ${t.id} (${t.category}, ${t.priority}); commissioner ${nameEn} has not responded. The first response was due at ${due} and is ${gap.en} late.]`
      );
    }
    if (now.getTime() >= dueMs) {
      return (
        `【SLA 提醒】工单 ${t.id}（${t.summary}）的首次响应已超时 ${gap.zh}（时限 ${due}），请立即受理并回复。\n` +
        `[SLA reminder: the first response to ticket ${t.id} was due at ${due}, ${gap.en} ago. Please claim and reply now.]`
      );
    }
    return (
      `【SLA 提醒】工单 ${t.id}（${t.summary}）的首次响应时限为 ${due}，还剩 ${gap.zh}，请尽快受理并回复。\n` +
      `[SLA reminder: the first response to ticket ${t.id} is due at ${due}, in ${gap.en}. Please claim and reply soon.]`
    );
  }

  /** Claims and queues one step for one ticket; true when this call queued it. */
  private async step(t: Ticket, step: Step, now: Date): Promise<boolean> {
    const to = this.recipients(t, step);
    if (!to.length) {
      // Not claimed: once the roster names someone, the next tick sends it.
      this.o.logger?.warn({ ticket: t.id, commissioner: t.commissioner, step }, "nobody to send the SLA notification to (check the roster)");
      return false;
    }
    if (!(await this.o.coordination.once(`sla:${t.id}:${step}`))) return false;
    const at = now.toISOString();
    const actions: PendingNotification["actions"] =
      step === "reminder"
        ? [
            { id: "claim", label: "Claim", payload: t.id },
            { id: "reply", label: "Reply", payload: t.id },
          ]
        : [{ id: "reassign", label: "Reassign", payload: t.id }];
    let queued = false;
    await this.o.repo.update(t.id, (cur) => {
      if (!isOpen(cur) || cur.firstResponseAt) return cur;
      const text = this.text(cur, step, now);
      // Ids are derived from the ticket and step, so a duplicate would also be caught by the receivers.
      const fresh = to
        .map((r): PendingNotification => ({ id: `${cur.id}:sla-${step}:${r}`, to: r, kind: step, text, lang: "zh", actions, createdAt: at, attempts: 0, notBefore: at }))
        .filter((n) => !cur.outbox.some((x) => x.id === n.id));
      if (!fresh.length) return cur;
      queued = true;
      const note =
        step === "reminder"
          ? `SLA 首次响应提醒已发给 ${cur.commissioner}（${to.join(", ")}）[first-response reminder queued]`
          : `SLA 首次响应超时，已升级给 ${to.join(", ")} [escalated: first response overdue]`;
      return { ...record(cur, { by: "system", action: "note", text: note }, now), outbox: [...cur.outbox, ...fresh] };
    });
    if (queued) this.o.logger?.info({ ticket: t.id, commissioner: t.commissioner, step, to }, `SLA ${step} queued`);
    return queued;
  }
}
