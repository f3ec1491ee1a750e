// What README promises: its examples render as written, and adding an environment is one new file that check passes.
import { blueprint } from "../../blueprint.ts";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synth } from "../../lib/synth.ts";
import { readManifests } from "../support/manifests.ts";
import { copyProject, PROJECT_ROOT, runCli } from "../support/project.ts";
import { copiedEnvironment } from "../support/declaration-builders.ts";

describe("README", () => {
  it("its app and component examples are each one new file, and render with the app in the component's scopes", async () => {
    const readme = await readFile(join(PROJECT_ROOT, "README.md"), "utf8");
    const [app, component] = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    expect(app).toContain("AppDeclaration");
    expect(component).toContain("ComponentDeclaration");
    const project = await copyProject();
    await project.write("apps/invoice-api.ts", app ?? "");
    await project.write("components/invoices.ts", component ?? "");
    await synth(blueprint, project.root, project.deploy);
    const manifests = await readManifests(project.deploy);
    const invoices = manifests.find(
      (m) => m.environment === "prod" && m.object.kind === "Component" && m.object.metadata.name === "invoices",
    );
    expect(invoices?.object.scopes).toEqual(["invoice-api"]);
    expect(
      manifests.some(
        (m) => m.environment === "dev" && m.object.kind === "Deployment" && m.object.metadata.name === "invoice-api",
      ),
    ).toBe(true);
  });

  it("adding an environment is one new file: its settings reach the components, and its output passes check with its profile", async () => {
    const project = await copyProject();
    const staging = await readFile(join(project.root, "environments", "staging.ts"), "utf8");
    await project.write(
      "environments/qa.ts",
      // Its name, settings and identities of its own (a copy that kept staging's is refused: bad-declarations).
      copiedEnvironment(staging, "staging", "qa").replaceAll(".staging.", ".qa."),
    );
    await synth(blueprint, project.root, project.deploy);
    const checked = await runCli(["check", join(project.deploy, "qa"), "--root", project.root, "--format", "json"]);
    expect(checked.stderr).toBe("");
    expect(checked.code).toBe(0);
    const appProject = (await readManifests(project.deploy)).find(
      (m) => m.environment === "qa" && m.object.kind === "AppProject",
    );
    expect(appProject?.object.metadata.labels?.["trellis.io/profile"]).toBe("staging");
    const manifests = await readManifests(project.deploy);
    const pubsub = manifests.find(
      (m) => m.environment === "qa" && m.object.kind === "Component" && m.object.metadata.name === "orderpubsub",
    );
    const brokers = pubsub?.object.spec.metadata.find((item: { name: string }) => item.name === "brokers");
    expect(brokers?.value).toBe("kafka-0.qa.internal.example.com:9093,kafka-1.qa.internal.example.com:9093");
  });
});
