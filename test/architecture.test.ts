import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The intended direction of imports: channels → core → {knowledge, tickets} → storage, with src/text/ at the bottom
// (anyone may import it, it imports nothing of ours). The conversation about tickets is the engine's
// (src/core/flows/); src/tickets/ is the ticket domain alone. These tests read the sources, so a violation fails here with
// the file and the import that break the rule.

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Import {
  /** The importing file, relative to the repository (`src/text/scrub.ts`). */
  file: string;
  /** The module specifier as written (`./mask.ts`, `zod`). */
  specifier: string;
  /** For a relative specifier, the file it points at, relative to the repository; otherwise undefined. */
  target?: string;
}

/** The TypeScript files under `dir` (recursively), relative to the repository. */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(?:ts|mts|cts)$/.test(f))
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")))
    .sort();
}

/** Every module a file imports or re-exports from, static or dynamic, type-only or not. */
function importsOf(file: string): Import[] {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith(".")) return { file, specifier };
    const target = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)).split(path.sep).join("/");
    return { file, specifier, target };
  });
}

const describeImport = (i: Import) => `${i.file} imports "${i.specifier}"${i.target ? ` (${i.target})` : ""}`;

const inside = (target: string, dir: string) => target === dir || target.startsWith(`${dir}/`);

/**
 * What channels must not import: where tickets are stored (the repositories, their interface and the store
 * connections), the ticket service they used to act through, the storage layer, and the composition root that
 * holds all of it. They get `ChannelDependencies` (src/core/ports.ts) instead.
 */
const OFF_LIMITS_FOR_CHANNELS = [
  "src/tickets/store.ts",
  "src/tickets/keyv-repository.ts",
  "src/tickets/memory.ts",
  "src/tickets/coordination.ts",
  "src/tickets/ports.ts",
  "src/tickets/service.ts",
  "src/storage",
  "src/app.ts",
];

/** Lines of `file` that match `pattern`, as `file:line: text`. */
function linesMatching(file: string, pattern: RegExp): string[] {
  return readFileSync(path.join(ROOT, file), "utf8")
    .split("\n")
    .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe("architecture", () => {
  it("should find the sources it checks", () => {
    expect(sourceFiles("src/text")).toContain("src/text/normalize.ts");
    expect(sourceFiles("src/channels").length).toBeGreaterThan(10);
    expect(importsOf("src/text/scrub.ts").map((i) => i.target)).toContain("src/text/mask.ts");
    expect(sourceFiles("src/tickets")).toContain("src/tickets/service.ts");
    expect(sourceFiles("src/storage")).toContain("src/storage/keyv.ts");
    expect(sourceFiles("src/core")).toContain("src/core/flows/desk.ts");
  });

  it("should keep src/text/ at the bottom: no relative import leaves src/text/", () => {
    const offending = sourceFiles("src/text")
      .flatMap(importsOf)
      .filter((i) => i.target !== undefined && !inside(i.target, "src/text"))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep src/tickets/ the ticket domain: no import from src/core/, src/channels/ or src/knowledge/", () => {
    const offending = sourceFiles("src/tickets")
      .flatMap(importsOf)
      .filter((i) => i.target !== undefined && ["src/core", "src/channels", "src/knowledge"].some((dir) => inside(i.target!, dir)))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep src/knowledge/ off src/core/, src/tickets/, src/channels/, src/storage/ and src/config.ts", () => {
    const offending = sourceFiles("src/knowledge")
      .flatMap(importsOf)
      .filter((i) => i.target !== undefined && ["src/core", "src/tickets", "src/channels", "src/storage", "src/config.ts"].some((dir) => inside(i.target!, dir)))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep src/storage/ below everything of ours but src/text/", () => {
    const offending = sourceFiles("src/storage")
      .flatMap(importsOf)
      .filter((i) => i.target !== undefined && !inside(i.target, "src/storage") && !inside(i.target, "src/text"))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep src/core/ off src/channels/", () => {
    const offending = sourceFiles("src/core")
      .flatMap(importsOf)
      .filter((i) => i.target !== undefined && inside(i.target, "src/channels"))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep src/config.ts free of src/knowledge/", () => {
    const offending = importsOf("src/config.ts")
      .filter((i) => i.target !== undefined && inside(i.target, "src/knowledge"))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep the channels off src/tickets/outbox.ts", () => {
    const offending = sourceFiles("src/channels")
      .flatMap(importsOf)
      .filter((i) => i.target === "src/tickets/outbox.ts")
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep the channels off ticket storage, the ticket service, src/storage/ and the App", () => {
    const offending = sourceFiles("src/channels")
      .flatMap(importsOf)
      .filter((i) => i.target !== undefined && OFF_LIMITS_FOR_CHANNELS.some((dir) => inside(i.target!, dir)))
      .map(describeImport);
    expect(offending).toEqual([]);
  });

  it("should keep the channels from reading a repository (`.repo`)", () => {
    const offending = sourceFiles("src/channels").flatMap((f) => linesMatching(f, /\.repo\b/));
    expect(offending).toEqual([]);
  });
});
