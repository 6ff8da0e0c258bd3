import { readFile } from "node:fs/promises";
import yaml from "js-yaml";
import { z } from "zod";
import { CATEGORIES, PRIORITIES, type Category, type Priority } from "./ticket.ts";

const userId = z.string().regex(/^[a-z]+:\S+$/, "must be channel:id, e.g. telegram:123456 or slack:U024BE7LH");

const slaEntry = z.object({
  firstResponseHours: z.number().positive(),
  resolutionHours: z.number().positive(),
});
const slaByPriority = z.object(Object.fromEntries(PRIORITIES.map((p) => [p, slaEntry.optional()])) as Record<Priority, z.ZodOptional<typeof slaEntry>>);

const commissioner = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, '-' or '_'"),
  /** Name shown to talents, e.g. "李伟 Li Wei". */
  name: z.string().min(1),
  /** Where notifications reach this person; the first is preferred. */
  channels: z.array(userId).min(1),
  categories: z.array(z.enum(CATEGORIES)).default([...CATEGORIES]),
  onDuty: z.boolean().default(true),
  /** Roster id of the person escalations go to. */
  supervisor: z.string().optional(),
});

export const rosterSchema = z.object({
  commissioners: z.array(commissioner).min(1, "list at least one commissioner"),
  /** Staff who may act on any ticket and reload the knowledge base. */
  admins: z.array(userId).default([]),
  /** One-to-one assignments: talent `channel:id` → commissioner id (keys are checked by `crossCheck`). */
  talents: z.record(z.string(), z.string()).default({}),
  sla: z
    .object({
      default: slaByPriority.default({}),
      categories: z.partialRecord(z.enum(CATEGORIES), slaByPriority).default({}),
      /** Remind the commissioner this long before the first-response deadline. */
      reminderBeforeMinutes: z.number().positive().default(60),
    })
    .default({ default: {}, categories: {}, reminderBeforeMinutes: 60 }),
  /** Ticket id prefix, e.g. WT → WT-2026-000123. */
  ticketPrefix: z.string().regex(/^[A-Z]{1,5}$/, "1–5 capital letters").default("WT"),
});

/**
 * Checks across entries (duplicate ids, unknown supervisors, assignments, coverage of every category), run on
 * the raw data so they are reported together with field mistakes, not only after those are fixed.
 */
function crossCheck(data: unknown): string[] {
  const problems: string[] = [];
  const d = (data ?? {}) as { commissioners?: unknown; talents?: unknown };
  const list = Array.isArray(d.commissioners) ? (d.commissioners as Record<string, unknown>[]) : [];
  const ids = new Set<string>();
  list.forEach((c, i) => {
    const id = typeof c?.id === "string" ? c.id : undefined;
    if (id && ids.has(id)) problems.push(`commissioners.${i}.id: duplicate commissioner id "${id}"`);
    if (id) ids.add(id);
  });
  list.forEach((c, i) => {
    if (typeof c?.supervisor === "string" && !ids.has(c.supervisor)) problems.push(`commissioners.${i}.supervisor: no commissioner has id "${c.supervisor}"`);
  });
  if (d.talents && typeof d.talents === "object") {
    for (const [talent, id] of Object.entries(d.talents as Record<string, unknown>)) {
      if (!/^[a-z]+:\S+$/.test(talent)) problems.push(`talents.${talent}: must be channel:id, e.g. telegram:123456 or slack:U024BE7LH`);
      if (typeof id !== "string" || !ids.has(id)) problems.push(`talents.${talent}: no commissioner has id "${String(id)}"`);
    }
  }
  for (const cat of CATEGORIES) {
    const covered = list.some((c) => c?.onDuty !== false && (!Array.isArray(c?.categories) || (c.categories as unknown[]).includes(cat)));
    if (list.length && !covered) problems.push(`commissioners: nobody on duty handles ${cat} requests`);
  }
  return problems;
}

export type Roster = z.infer<typeof rosterSchema>;
export type Commissioner = Roster["commissioners"][number];

/** Thrown when the roster file is missing or invalid; lists every problem with its place in the file. */
export class RosterError extends Error {
  readonly code = "roster_invalid";
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid roster ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "RosterError";
  }
}

export function parseRoster(text: string, file = "roster"): Roster {
  let data: unknown;
  try {
    data = yaml.load(text);
  } catch (err) {
    throw new RosterError(file, [`not valid YAML: ${(err as Error).message.split("\n")[0]}`]);
  }
  const r = rosterSchema.safeParse(data);
  const problems = [...(r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)), ...crossCheck(data)];
  if (problems.length || !r.success) throw new RosterError(file, problems);
  return r.data;
}

export async function loadRoster(file: string): Promise<Roster> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new RosterError(file, ["file not found (copy config/roster.example.yaml and set ROSTER_FILE)"]);
  }
  return parseRoster(text, file);
}

const FALLBACK_SLA = { normal: { firstResponseHours: 24, resolutionHours: 120 }, urgent: { firstResponseHours: 4, resolutionHours: 48 } };

/** First-response and resolution deadlines for a new ticket. */
export function deadlines(r: Roster, category: Category, priority: Priority, created: Date): { firstResponseDue: Date; resolutionDue: Date; firstResponseHours: number } {
  const s = r.sla.categories[category]?.[priority] ?? r.sla.default[priority] ?? FALLBACK_SLA[priority];
  return {
    firstResponseDue: new Date(created.getTime() + s.firstResponseHours * 3600_000),
    resolutionDue: new Date(created.getTime() + s.resolutionHours * 3600_000),
    firstResponseHours: s.firstResponseHours,
  };
}

/** The talent's own commissioner, else the first on-duty commissioner for the category. */
export function route(r: Roster, talent: string, category: Category): Commissioner {
  const own = r.talents[talent];
  const assigned = own ? r.commissioners.find((c) => c.id === own) : undefined;
  if (assigned) return assigned;
  return r.commissioners.find((c) => c.onDuty && c.categories.includes(category)) ?? r.commissioners.find((c) => c.onDuty) ?? r.commissioners[0]!;
}

/** Roster entry of a user, if they are a commissioner; admins have the `admin` role. */
export function roleOf(r: Roster, user: string): { role: "talent" | "commissioner" | "admin"; commissioner?: Commissioner } {
  const c = r.commissioners.find((x) => x.channels.includes(user));
  if (r.admins.includes(user)) return { role: "admin", ...(c ? { commissioner: c } : {}) };
  return c ? { role: "commissioner", commissioner: c } : { role: "talent" };
}
