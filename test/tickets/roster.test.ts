import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { afterAll, describe, expect, it } from "vitest";
import { deadlines, loadRoster, parseRoster, roleOf, RosterError, rosterSchema, route, type Roster } from "../../src/tickets/roster.ts";
import { ROOT } from "../fixtures/app.ts";

/**
 * The roster file: the shipped example, every mistake an administrator can make (each reported with its place and
 * a reason, all at once), and what the roster decides: deadlines, routing and roles.
 */

const EXAMPLE_FILE = path.join(ROOT, "config/roster.example.yaml");
const EXAMPLE = readFileSync(EXAMPLE_FILE, "utf8");

const dir = await mkdtemp(path.join(os.tmpdir(), "tc-roster-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

interface RawCommissioner {
  id: string;
  name: string;
  channels: string[];
  categories?: string[];
  onDuty?: boolean;
  supervisor?: string;
}
interface RawRoster {
  commissioners: RawCommissioner[];
  admins: string[];
  talents: Record<string, string>;
  [key: string]: unknown;
}

/** The example roster as plain data, changed by `edit` and written back as YAML. */
function exampleWith(edit: (r: RawRoster) => void): string {
  const raw = yaml.load(EXAMPLE) as RawRoster;
  edit(raw);
  return yaml.dump(raw);
}

/** The problems `parseRoster` reports for `text` (fails the test when it parses). */
function problemsOf(text: string, file = "config/roster.yaml"): { problems: string[]; message: string } {
  try {
    parseRoster(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(RosterError);
    const e = err as RosterError;
    expect(e.code).toBe("roster_invalid");
    expect(e.file).toBe(file);
    return { problems: e.problems, message: e.message };
  }
  throw new Error("the roster should have been refused");
}

const byId = (r: RawRoster, id: string): RawCommissioner => {
  const c = r.commissioners.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} in the example`);
  return c;
};

describe("the example roster", () => {
  it("should parse, with its three commissioners, admins, talents, SLA and prefix", async () => {
    const r = parseRoster(EXAMPLE, "config/roster.example.yaml");
    expect(r.commissioners.map((c) => [c.id, c.name, c.channels[0], c.onDuty, c.supervisor])).toEqual([
      ["li-wei", "李伟 Li Wei", "console:li-wei", true, "zhang-min"],
      ["chen-jing", "陈静 Chen Jing", "console:chen-jing", true, "zhang-min"],
      ["zhang-min", "张敏 Zhang Min", "console:zhang-min", false, undefined],
    ]);
    expect(r.commissioners[1]!.categories).toEqual(["schooling", "medical"]);
    expect(r.admins).toEqual(["console:admin", "slack:U0ADMIN01"]);
    expect(r.talents).toEqual({ "console:alice": "li-wei" });
    expect(r.ticketPrefix).toBe("WT");
    expect(r.sla.reminderBeforeMinutes).toBe(60);
    expect(await loadRoster(EXAMPLE_FILE)).toEqual(r);
  });

  it("should fill in the defaults of a minimal roster", () => {
    const r = parseRoster("commissioners:\n  - id: solo\n    name: Solo\n    channels: [console:solo]\n");
    expect(r.commissioners[0]).toMatchObject({ categories: ["housing", "schooling", "medical", "settlement", "other"], onDuty: true });
    expect(r).toMatchObject({ admins: [], talents: {}, ticketPrefix: "WT", sla: { default: {}, categories: {}, reminderBeforeMinutes: 60 } });
  });
});

describe("mistakes in the roster", () => {
  it("should name an unknown category, where it is, and the categories there are", () => {
    const { problems } = problemsOf(exampleWith((r) => byId(r, "li-wei").categories!.push("pets")));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^commissioners\.0\.categories\.3: /);
    for (const c of ["housing", "schooling", "medical", "settlement", "other"]) expect(problems[0]).toContain(c);
  });

  it("should report a duplicate commissioner id at the second occurrence", () => {
    const { problems } = problemsOf(exampleWith((r) => (byId(r, "chen-jing").id = "li-wei")));
    expect(problems).toContain('commissioners.1.id: duplicate commissioner id "li-wei"');
  });

  it("should report a supervisor who is not in the roster", () => {
    const { problems } = problemsOf(exampleWith((r) => (byId(r, "chen-jing").supervisor = "wang-fang")));
    expect(problems).toEqual(['commissioners.1.supervisor: no commissioner has id "wang-fang"']);
  });

  it("should report a talent assigned to an unknown commissioner", () => {
    const { problems } = problemsOf(exampleWith((r) => (r.talents["telegram:42"] = "wang-fang")));
    expect(problems).toEqual(['talents.telegram:42: no commissioner has id "wang-fang"']);
  });

  it("should report a commissioner's channel that is not channel:id, with an example of the right form", () => {
    const { problems } = problemsOf(exampleWith((r) => (byId(r, "chen-jing").channels = ["console:chen-jing", "@chenjing"])));
    expect(problems).toEqual(["commissioners.1.channels.1: must be channel:id, e.g. telegram:123456 or slack:U024BE7LH"]);
  });

  it("should report an admin that is not channel:id", () => {
    const { problems } = problemsOf(exampleWith((r) => r.admins.push("admin")));
    expect(problems).toEqual(["admins.2: must be channel:id, e.g. telegram:123456 or slack:U024BE7LH"]);
  });

  it("should report a talent that is not channel:id with the reason", () => {
    const { problems } = problemsOf(exampleWith((r) => (r.talents["alice"] = "li-wei")));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^talents\.alice: /);
    expect(problems[0]).toMatch(/channel:id/);
  });

  it("should report each category nobody on duty handles", () => {
    const { problems } = problemsOf(exampleWith((r) => (byId(r, "chen-jing").onDuty = false)));
    expect(problems).toEqual(["commissioners: nobody on duty handles schooling requests", "commissioners: nobody on duty handles medical requests"]);
  });

  it("should not count an off-duty commissioner who handles the category", () => {
    // zhang-min handles everything but is off duty: without li-wei, nobody on duty does housing, settlement, other.
    const { problems } = problemsOf(exampleWith((r) => (r.commissioners = r.commissioners.filter((c) => c.id !== "li-wei"))));
    expect(problems).toContain("commissioners: nobody on duty handles housing requests");
    expect(problems).toContain("commissioners: nobody on duty handles settlement requests");
    expect(problems).toContain("commissioners: nobody on duty handles other requests");
  });

  it("should report broken YAML with the line and column, without a stack of schema errors", () => {
    const { problems, message } = problemsOf("commissioners:\n  - id: li-wei\n    channels: [console:li-wei\n  - id: chen-jing\n", "config/roster.yaml");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^not valid YAML: .*\(\d+:\d+\)$/);
    expect(message).toMatch(/^Invalid roster config\/roster\.yaml:\n {2}- not valid YAML/);
  });

  it("should report an empty roster at the top level", () => {
    const { problems } = problemsOf("# nothing yet\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\(top\): /);
  });

  it("should say to copy the example when the file is missing", async () => {
    const missing = path.join(dir, "roster.yaml");
    const err = await loadRoster(missing).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RosterError);
    const e = err as RosterError;
    expect(e.file).toBe(missing);
    expect(e.problems).toEqual(["file not found (copy config/roster.example.yaml and set ROSTER_FILE)"]);
    expect(e.message).toContain(missing);
    expect(e.message).toContain("copy config/roster.example.yaml");
  });

  it("should name the file in the message and list every problem on its own line", async () => {
    const file = path.join(dir, "two-problems.yaml");
    await writeFile(
      file,
      exampleWith((r) => {
        byId(r, "chen-jing").supervisor = "wang-fang";
        r.talents["telegram:42"] = "nobody";
      }),
    );
    const err = await loadRoster(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RosterError);
    expect((err as RosterError).message).toBe(
      `Invalid roster ${file}:\n  - commissioners.1.supervisor: no commissioner has id "wang-fang"\n  - talents.telegram:42: no commissioner has id "nobody"`,
    );
  });

  it("should list every cross-reference problem at once", () => {
    const { problems } = problemsOf(
      exampleWith((r) => {
        const chen = byId(r, "chen-jing");
        chen.id = "li-wei"; // duplicate id
        chen.onDuty = false; // so nobody on duty handles schooling or medical
        byId(r, "zhang-min").supervisor = "wang-fang"; // no such supervisor
        r.talents["telegram:42"] = "nobody"; // unknown commissioner
      }),
    );
    expect(problems).toEqual([
      'commissioners.1.id: duplicate commissioner id "li-wei"',
      'commissioners.2.supervisor: no commissioner has id "wang-fang"',
      'talents.telegram:42: no commissioner has id "nobody"',
      "commissioners: nobody on duty handles schooling requests",
      "commissioners: nobody on duty handles medical requests",
    ]);
  });

  it("should list several problems in the commissioners' entries at once", () => {
    const { problems } = problemsOf(
      exampleWith((r) => {
        byId(r, "li-wei").categories!.push("pets");
        byId(r, "chen-jing").channels = ["chen-jing"];
      }),
    );
    expect(problems.map((p) => p.split(":")[0])).toEqual(["commissioners.0.categories.3", "commissioners.1.channels.0"]);
  });

  it("should list ALL problems at once, field mistakes and cross-references together", () => {
    const { problems } = problemsOf(
      exampleWith((r) => {
        byId(r, "li-wei").categories!.push("pets"); // unknown category
        byId(r, "chen-jing").channels = ["console:chen-jing", "@chenjing"]; // not channel:id
        byId(r, "chen-jing").supervisor = "wang-fang"; // no such supervisor
        byId(r, "chen-jing").onDuty = false; // nobody on duty for schooling and medical
        byId(r, "zhang-min").id = "li-wei"; // duplicate id
        r.talents["telegram:42"] = "nobody"; // unknown commissioner
      }),
    );
    const places = problems.map((p) => p.slice(0, p.indexOf(": ")));
    expect(places).toEqual(
      expect.arrayContaining(["commissioners.0.categories.3", "commissioners.1.channels.1", "commissioners.1.supervisor", "commissioners.2.id", "talents.telegram:42", "commissioners"]),
    );
    expect(problems).toContain('commissioners.2.id: duplicate commissioner id "li-wei"');
    expect(problems).toContain('talents.telegram:42: no commissioner has id "nobody"');
    expect(problems).toContain("commissioners: nobody on duty handles schooling requests");
  });
});

describe("deadlines", () => {
  const example = parseRoster(EXAMPLE);
  const created = new Date("2026-03-02T09:15:00.000Z");
  const hours = (d: Date) => (d.getTime() - created.getTime()) / 3_600_000;
  const of = (r: Roster, category: Parameters<typeof deadlines>[1], priority: Parameters<typeof deadlines>[2]) => {
    const d = deadlines(r, category, priority, created);
    return [d.firstResponseHours, hours(d.firstResponseDue), hours(d.resolutionDue)];
  };

  it.each([
    { category: "housing", priority: "urgent", expected: [2, 2, 24] },
    { category: "medical", priority: "urgent", expected: [2, 2, 24] },
    { category: "housing", priority: "normal", expected: [24, 24, 120] },
    { category: "schooling", priority: "urgent", expected: [4, 4, 48] },
    { category: "schooling", priority: "normal", expected: [24, 24, 120] },
    { category: "other", priority: "normal", expected: [24, 24, 120] },
  ] as const)("should give $category/$priority in the example the roster's hours", ({ category, priority, expected }) => {
    expect(of(example, category, priority)).toEqual(expected);
  });

  it("should fall back from the category to the roster's default, then to the built-in 24 h / 4 h", () => {
    const base = { commissioners: [{ id: "solo", name: "Solo", channels: ["console:solo"] }] };
    const none = rosterSchema.parse(base);
    expect(of(none, "housing", "normal")).toEqual([24, 24, 120]);
    expect(of(none, "housing", "urgent")).toEqual([4, 4, 48]);

    const partial = rosterSchema.parse({
      ...base,
      sla: {
        default: { normal: { firstResponseHours: 8, resolutionHours: 40 } },
        categories: { medical: { normal: { firstResponseHours: 1, resolutionHours: 6 } } },
      },
    });
    expect(of(partial, "medical", "normal")).toEqual([1, 1, 6]); // category
    expect(of(partial, "medical", "urgent")).toEqual([4, 4, 48]); // no category or default urgent: built-in
    expect(of(partial, "housing", "normal")).toEqual([8, 8, 40]); // default
    expect(of(partial, "housing", "urgent")).toEqual([4, 4, 48]); // built-in
  });

  it("should allow fractions of an hour", () => {
    const r = rosterSchema.parse({
      commissioners: [{ id: "solo", name: "Solo", channels: ["console:solo"] }],
      sla: { default: { urgent: { firstResponseHours: 0.5, resolutionHours: 1.25 } } },
    });
    const d = deadlines(r, "other", "urgent", created);
    expect(d.firstResponseDue.toISOString()).toBe("2026-03-02T09:45:00.000Z");
    expect(d.resolutionDue.toISOString()).toBe("2026-03-02T10:30:00.000Z");
  });
});

describe("route", () => {
  const example = parseRoster(EXAMPLE);

  it("should send a talent with an assigned commissioner to them for every category", () => {
    for (const category of ["housing", "schooling", "medical", "settlement", "other"] as const) expect(route(example, "console:alice", category).id).toBe("li-wei");
  });

  it("should send everyone else to the on-duty commissioner for the category", () => {
    expect(route(example, "console:bob", "schooling").id).toBe("chen-jing");
    expect(route(example, "console:bob", "medical").id).toBe("chen-jing");
    expect(route(example, "console:bob", "housing").id).toBe("li-wei");
    expect(route(example, "telegram:5", "settlement").id).toBe("li-wei");
    expect(route(example, "console:bob", "other").id).toBe("li-wei");
  });

  it("should take the first on-duty commissioner in roster order, skipping those off duty", () => {
    const r = rosterSchema.parse({
      commissioners: [
        { id: "away", name: "Away", channels: ["console:away"], categories: ["housing"], onDuty: false },
        { id: "first", name: "First", channels: ["console:first"] },
        { id: "second", name: "Second", channels: ["console:second"], categories: ["housing"] },
      ],
    });
    expect(route(r, "console:bob", "housing").id).toBe("first");
  });
});

describe("roleOf", () => {
  const example = parseRoster(EXAMPLE);

  it("should know a commissioner by any of their channels", () => {
    for (const user of ["console:li-wei", "telegram:100000001", "slack:U0LIWEI01"]) {
      const r = roleOf(example, user);
      expect(r.role).toBe("commissioner");
      expect(r.commissioner?.id).toBe("li-wei");
    }
    expect(roleOf(example, "console:zhang-min").commissioner?.id).toBe("zhang-min");
  });

  it("should know the admins", () => {
    expect(roleOf(example, "console:admin")).toEqual({ role: "admin" });
    expect(roleOf(example, "slack:U0ADMIN01")).toEqual({ role: "admin" });
  });

  it("should treat anyone else as a talent, including a commissioner's bare id or another channel's id", () => {
    for (const user of ["console:alice", "console:bob", "li-wei", "telegram:U0LIWEI01", "console:Li-Wei"]) expect(roleOf(example, user)).toEqual({ role: "talent" });
  });

  it("should make a commissioner who is also an admin an admin, keeping their roster entry", () => {
    const r = parseRoster(exampleWith((x) => x.admins.push("console:zhang-min")));
    const role = roleOf(r, "console:zhang-min");
    expect(role.role).toBe("admin");
    expect(role.commissioner?.id).toBe("zhang-min");
  });
});
