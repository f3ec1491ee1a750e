// Names are names, not object keys: an environment, app, component or setting named like a property every
// JavaScript object has works where Kubernetes allows the name, and is refused with a message where it does not.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyProject, expectNoStackTrace, type ProjectCopy, readTree, runCli } from "../support/project.ts";
import { copiedEnvironment } from "../support/declaration-builders.ts";

const OBJECT_PROPERTY_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty"] as const;
/** The one of them that is a DNS label, so Kubernetes accepts it as a name. */
const VALID_NAME = "constructor";

async function addEnvironment(project: ProjectCopy, name: string): Promise<void> {
  const staging = await readFile(join(project.root, "environments/staging.ts"), "utf8");
  await project.write(`environments/${name}.ts`, copiedEnvironment(staging, "staging", name));
}

async function addApp(project: ProjectCopy, id: string): Promise<void> {
  const app = await readFile(join(project.root, "apps/payment-api.ts"), "utf8");
  await project.write(`apps/${id}.ts`, app.replace('id: "payment-api"', `id: ${JSON.stringify(id)}`));
}

describe("names that are also properties of every JavaScript object", () => {
  it(`an environment named "${VALID_NAME}" renders like any other`, async () => {
    const project = await copyProject();
    await addEnvironment(project, VALID_NAME);
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const tree = await readTree(join(project.deploy, VALID_NAME));
    expect([...tree.keys()].some((path) => path.includes("deployment-order-api.yaml"))).toBe(true);
  });

  it(`an app or a component named "${VALID_NAME}" is refused: it would be a key of the Resiliency's targets, which cdk8s cannot serialise`, async () => {
    const project = await copyProject();
    await addApp(project, VALID_NAME);
    const component = await readFile(join(project.root, "components/lockstore.ts"), "utf8");
    await project.write(`components/${VALID_NAME}.ts`, component.replace('name: "lockstore"', `name: "${VALID_NAME}"`));
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.code).toBe(1);
    expectNoStackTrace(run.stderr);
    expect(run.stderr).toMatch(
      new RegExp(`^apps/${VALID_NAME}\\.ts: id: app id "constructor" cannot be rendered: .*cdk8s`, "m"),
    );
    expect(run.stderr).toMatch(
      new RegExp(`^components/${VALID_NAME}\\.ts: name: component name "constructor" cannot be rendered`, "m"),
    );
  });

  it.each(OBJECT_PROPERTY_NAMES.filter((name) => name !== VALID_NAME))(
    "an environment or app named %s is refused with a message naming the field",
    async (name) => {
      const project = await copyProject();
      await addEnvironment(project, name);
      await addApp(project, name);
      const run = await runCli(["synth", "--root", project.root]);
      expect(run.code).toBe(1);
      expectNoStackTrace(run.stderr);
      expect(run.stderr).toMatch(new RegExp(`^environments/${name}\\.ts: name: `, "m"));
      expect(run.stderr).toMatch(new RegExp(`^apps/${name}\\.ts: id: `, "m"));
    },
  );

  it("settings and component metadata keyed by constructor, toString or hasOwnProperty are kept as data", async () => {
    const project = await copyProject();
    const names = OBJECT_PROPERTY_NAMES.filter((name) => name !== "__proto__");
    for (const environment of ["staging", "prod"]) {
      await project.edit(
        `environments/${environment}.ts`,
        "settings: {",
        `settings: { ${names.map((name) => `${name}: "from-${name.toLowerCase()}"`).join(", ")}, `,
      );
    }
    await project.edit(
      "components/statestore.ts",
      'metadata: { tablePrefix: "orders_", timeout: "20s" }',
      `metadata: { tablePrefix: "orders_", timeout: "20s", ${names.map((name) => `${name}: { setting: ${JSON.stringify(name)} }`).join(", ")} }`,
    );
    const run = await runCli(["synth", "--root", project.root]);
    // state.postgresql v2 has no such fields: the component contract check warns about each, and synth renders.
    expect(run.stderr.trim().split("\n")).toEqual(
      [...names]
        .sort()
        .map(
          (name) =>
            `warning: components/statestore.ts: backends.default.metadata.${name}: "${name}" is not a field of state.postgresql v2; the component ignores it unless it reads it undocumented; remove it, or check the name against the state.postgresql contract`,
        ),
    );
    expect(run.code).toBe(0);
    const component = [...(await readTree(join(project.deploy, "prod"))).values()].find(
      (text) => text.includes("kind: Component") && text.includes("name: statestore\n"),
    );
    for (const name of names) expect(component).toContain(`- name: ${name}\n      value: from-${name.toLowerCase()}\n`);
  });

  it("a field named __proto__ (a computed key) is refused with its path, not dropped", async () => {
    const project = await copyProject();
    await project.edit(
      "components/statestore.ts",
      'metadata: { tablePrefix: "orders_", timeout: "20s" }',
      'metadata: { tablePrefix: "orders_", timeout: "20s", ["__proto__"]: "plain" }',
    );
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.code).toBe(1);
    expectNoStackTrace(run.stderr);
    expect(run.stderr).toMatch(
      /^components\/statestore\.ts: backends\.default\.metadata\.__proto__: a field named "__proto__" would be dropped/m,
    );
  });

  it("a setting a component names but the environment lacks is reported, even when it is an Object property", async () => {
    const project = await copyProject();
    await project.edit(
      "components/statestore.ts",
      'metadata: { tablePrefix: "orders_", timeout: "20s" }',
      'metadata: { tablePrefix: "orders_", timeout: "20s", extra: { setting: "toString" } }',
    );
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.code).toBe(1);
    expectNoStackTrace(run.stderr);
    expect(run.stderr).toMatch(/^components\/statestore\.ts: backends\.default\.metadata\.extra: .*toString/m);
  });
});
