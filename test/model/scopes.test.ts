// Every rendered Component is scoped to exactly the apps whose declarations use it, in their namespace.
import { describe, expect, it } from "vitest";
import { loadDeclarations } from "../../lib/declarations/load.ts";
import { PROJECT_ROOT } from "../support/project.ts";
import { readManifests } from "../support/manifests.ts";

describe("component scopes", () => {
  it("equal the apps that declare the component, per environment and namespace", async () => {
    const { apps, environments } = await loadDeclarations(PROJECT_ROOT);
    const manifests = await readManifests();
    const components = manifests.filter((m) => m.object.kind === "Component");
    expect(components.length).toBeGreaterThan(0);

    // Expected from the declarations alone: an app uses what it lists plus the pub/subs it publishes or subscribes on.
    const usersOf = (component: string, namespace: string) =>
      apps
        .map((d) => d.value)
        .filter((app) => app.namespace === namespace)
        .filter((app) => [...app.uses, ...app.publishes.map((p) => p.pubsub), ...app.subscribes.map((s) => s.pubsub)].includes(component))
        .map((app) => app.id)
        .sort();

    for (const manifest of components) {
      const { name, namespace } = manifest.object.metadata;
      expect(manifest.object.scopes, `${manifest.environment}/${namespace}/${name}`).toEqual(usersOf(name, namespace ?? ""));
    }
    // And no app is left without the component it declares.
    for (const { environment } of environments.map((e) => ({ environment: e.value.name }))) {
      for (const app of apps.map((d) => d.value)) {
        for (const used of app.uses) {
          const rendered = components.find((m) => m.environment === environment && m.object.metadata.name === used && m.object.metadata.namespace === app.namespace);
          expect(rendered?.object.scopes, `${environment}: ${app.id} uses ${used}`).toContain(app.id);
        }
      }
    }
  });

  it("never renders an unscoped or empty-scoped Component", async () => {
    for (const manifest of (await readManifests()).filter((m) => m.object.kind === "Component")) {
      expect(Array.isArray(manifest.object.scopes) && manifest.object.scopes.length > 0, manifest.file).toBe(true);
    }
  });
});
