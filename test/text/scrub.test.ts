import { describe, expect, it } from "vitest";
import { scrubError } from "../../src/text/scrub.ts";

describe("scrubError", () => {
  it("should strip tokens and credentials from error messages", () => {
    const s = scrubError(new Error("401 for xoxb-1234-5678-abcdefgh at postgresql://user:pw@db/x?token=abc Bearer eyJhbGciOi.payload.sig"));
    expect(s).not.toMatch(/xoxb-1234|user:pw|token=abc|eyJhbGciOi/);
    expect(s).toContain("401");
  });
});
