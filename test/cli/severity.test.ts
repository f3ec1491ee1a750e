// The severities the CLI lists (lib/cli/severity.ts) are exactly the rules' (lib/policies/rule.ts), and check's text
// output colours the severity word with them on a terminal only.
import { describe, expect, expectTypeOf, it } from "vitest";
import { SEVERITIES, paintSeverity, type SeverityName } from "../../lib/cli/severity.ts";
import type { Severity } from "../../lib/policies/rule.ts";

describe("severities", () => {
  it("are the rules' severities, each with its meaning and colour", () => {
    expectTypeOf<SeverityName>().toEqualTypeOf<Severity>();
    for (const severity of SEVERITIES) {
      expect(severity.meaning.length).toBeGreaterThan(10);
      expect(paintSeverity(severity.name)).toBe(`\u001b[${severity.color}m${severity.name}\u001b[0m`);
    }
    expect(paintSeverity("error")).toContain("\u001b[31m");
    expect(paintSeverity("warning")).toContain("\u001b[33m");
  });

  it("an unknown word is left uncoloured, its control characters escaped", () => {
    expect(paintSeverity("loud\u001b[1m")).toBe("loud\\x1b[1m");
  });
});
