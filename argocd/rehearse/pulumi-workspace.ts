// A private Pulumi workspace for one rehearsal: its own PULUMI_HOME, a file state backend and a copy of the
// project's Pulumi.yaml and stack file in a temporary folder, so nothing touches the user's Pulumi login,
// state or committed stack files. The program itself is the project's (Pulumi.yaml `main` points back at it).
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { parse, stringify } from "yaml";
import { runToEnd, type CommandResult } from "../../lib/tools/processes.ts";
import type { PulumiEngine } from "../../lib/tools/pulumi.ts";

export interface PulumiWorkspace {
  readonly folder: string;
  pulumi(args: readonly string[]): Promise<CommandResult>;
  remove(): Promise<void>;
}

export async function createWorkspace(
  root: string,
  engine: PulumiEngine,
  kubeconfig: string,
  stack: string,
): Promise<PulumiWorkspace> {
  const folder = await mkdtemp(join(tmpdir(), "trellis-rehearse-"));
  const project = join(folder, "project");
  await mkdir(project);
  await mkdir(join(folder, "state"));
  const manifest = parse(await readFile(join(root, "Pulumi.yaml"), "utf8")) as { main: string };
  // Pulumi runs `main` relative to the project file; tsx and @pulumi/pulumi resolve from node_modules.
  manifest.main = relative(project, join(root, manifest.main));
  await writeFile(join(project, "Pulumi.yaml"), stringify(manifest));
  await symlink(join(root, "node_modules"), join(project, "node_modules"), "dir");
  await writeFile(join(project, "package.json"), await readFile(join(root, "package.json")));
  // The committed stack file, copied so that `config set` writes here and never to the project.
  const stackFile = `Pulumi.${stack}.yaml`;
  await copyFile(join(root, stackFile), join(project, stackFile)).catch(() =>
    writeFile(join(project, stackFile), "config: {}\n"),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_HOME: join(folder, "home"),
    PULUMI_BACKEND_URL: `file://${join(folder, "state")}`,
    // Test secrets only, encrypted with a passphrase that lives as long as this folder.
    PULUMI_CONFIG_PASSPHRASE: randomBytes(16).toString("hex"),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    // The state is thrown away with the folder: write it once per operation, not after every resource
    // (each checkpoint rewrites Argo CD's megabytes of CRDs).
    PULUMI_SKIP_CHECKPOINTS: "true",
    NO_COLOR: "1",
    KUBECONFIG: kubeconfig,
    PATH: [...engine.plugins, process.env.PATH ?? ""].join(delimiter),
  };
  const pulumi = (args: readonly string[]) =>
    runToEnd(engine.cli, [...args, "--non-interactive", "--color", "never"], { cwd: project, env });
  return {
    folder: project,
    pulumi,
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
