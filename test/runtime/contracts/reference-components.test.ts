// The reference components, as synth checks them: every backend against its contract, with what Trellis derives
// (the in-cluster Redis's host and password, actorStateStore, a binding's direction).
import { describe, expect, it } from "vitest";
import { loadDeclarations } from "../../../lib/declarations/load-declarations.ts";
import { asRendered, componentContractCheck } from "../../../runtime/components/contract-check.ts";
import { PROJECT_ROOT } from "../../support/project.ts";

const declarations = await loadDeclarations(PROJECT_ROOT);

describe("the reference components", () => {
  it("are found", () => {
    expect(declarations.components.map(({ value }) => value.name)).toEqual(
      expect.arrayContaining(["lockstore", "orderpubsub", "schedule", "secretstore", "shipments", "statestore"]),
    );
  });

  it("give no error and no warning against their contracts", () => {
    expect(componentContractCheck(declarations)).toEqual([]);
  });

  it("are checked with what Trellis derives", () => {
    const statestore = declarations.components.find(({ value }) => value.name === "statestore")?.value;
    const dev = statestore?.backends.dev;
    expect(statestore && dev && asRendered(statestore, dev)).toMatchObject({
      type: "state.redis",
      metadata: { redisHost: expect.any(String), actorStateStore: "true" },
      secretKeys: ["redisPassword"],
    });
    const schedule = declarations.components.find(({ value }) => value.name === "schedule")?.value;
    const backend = schedule?.backends.default;
    expect(schedule && backend && asRendered(schedule, backend)).toMatchObject({ direction: "input" });
  });
});
