// Bundles the stand-in app and the Node.js auto-instrumentation file, each into one file with its libraries, so a
// pod runs them with nothing but node and the files bound in.
import { build } from "esbuild";
import { join } from "node:path";

export interface StandInBundle {
  /** The stand-in app, an ES module. */
  readonly app: string;
  /** The folder the Node.js auto-instrumentation image copies into the pod (autoinstrumentation.js, CommonJS). */
  readonly nodeAutoInstrumentation: string;
}

export async function bundleStandIn(folder: string): Promise<StandInBundle> {
  const app = join(folder, "stand-in-app.mjs");
  const nodeAutoInstrumentation = join(folder, "autoinstrumentation-nodejs");
  const common = {
    bundle: true,
    platform: "node",
    target: "node24",
    logLevel: "silent",
    legalComments: "none",
  } as const;
  await build({
    ...common,
    entryPoints: [join(import.meta.dirname, "stand-in-app.ts")],
    outfile: app,
    format: "esm",
    // Bundled CommonJS libraries (gRPC) still call require for Node's own modules.
    banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
  });
  await build({
    ...common,
    entryPoints: [join(import.meta.dirname, "node-autoinstrumentation.ts")],
    outfile: join(nodeAutoInstrumentation, "autoinstrumentation.js"),
    format: "cjs",
  });
  return { app, nodeAutoInstrumentation };
}
