// A change to one declared invocation changes exactly the objects derived from it, and nothing else.
import { blueprint } from "../../blueprint.ts";
import { describe, expect, it } from "vitest";
import { renderPlatform } from "../../lib/synth.ts";
import { asTree, copyProject, PROJECT_ROOT } from "../support/project.ts";

describe("invocation graph changes", () => {
  it("letting fulfillment-api call payment-api GET status changes only payment-api's access control and fulfillment-api's resiliency, and rolls those two apps' pods", async () => {
    const before = asTree((await renderPlatform(blueprint, PROJECT_ROOT)).folders);
    const project = await copyProject();
    await project.edit(
      "apps/fulfillment-api.ts",
      'uses: ["shipments"],',
      'uses: ["shipments"],\n  invokes: [{ app: "payment-api", method: "status", verbs: ["GET"] }],',
    );
    const after = asTree((await renderPlatform(blueprint, project.root)).folders);

    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...after.keys()].filter((path) => after.get(path) !== before.get(path));
    const expected = ["dev", "prod", "staging"].flatMap((environment) => [
      `${environment}/apps/configuration-payment-api-config.yaml`,
      `${environment}/apps/resiliency-fulfillment-api.yaml`,
      `${environment}/apps/deployment-payment-api.yaml`,
      `${environment}/apps/deployment-fulfillment-api.yaml`,
    ]);
    expect(changed.sort()).toEqual(expected.sort());

    const configuration = after.get("prod/apps/configuration-payment-api-config.yaml") ?? "";
    expect(configuration).toContain("appId: fulfillment-api");
    expect(configuration).toContain("name: /status");
    expect(after.get("prod/apps/resiliency-fulfillment-api.yaml")).toMatch(/apps:\n\s+payment-api:/);
  });
});
