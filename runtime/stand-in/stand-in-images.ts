// The images of an environment's app pods as the rehearsal runs them: each app's image plays the stand-in app for
// that app's declaration, the sidecar image is the real daprd, the operator's auto-instrumentation images copy what
// their init containers copy, and the in-cluster Redis is Debian's redis-server.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ProcessImage } from "../../lib/cluster/process-image.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { bundleStandIn } from "./stand-in-bundle.ts";
import { POD_PROTO_ROOT, standInPlan } from "./stand-in-plan.ts";

/** distroless nonroot, which daprd's release image and the stand-ins run as. */
const NONROOT = { uid: 65532, gid: 65532 } as const;

export interface AppImageInputs {
  readonly environment: EnvironmentModel;
  /** A folder of its own for the bundle and the plans. */
  readonly folder: string;
  readonly daprd: string;
  /** The dapr module's source (its `dapr/proto` folder serves gRPC stand-ins). */
  readonly daprSource: string;
  readonly autoInstrumentation: Readonly<Record<"nodejs" | "python" | "dotnet" | "go", string>>;
  readonly redisServer: string;
}

export async function appPodImages(inputs: AppImageInputs): Promise<ProcessImage[]> {
  const { environment } = inputs;
  const bundle = await bundleStandIn(join(inputs.folder, "bundle"));
  const empty = join(inputs.folder, "empty");
  await mkdir(empty, { recursive: true });
  const images: ProcessImage[] = [];
  for (const app of environment.apps) {
    const plan = join(inputs.folder, "plans", `${app.id}.json`);
    await mkdir(join(inputs.folder, "plans"), { recursive: true });
    await writeFile(plan, `${JSON.stringify(standInPlan(app, environment.components), null, 2)}\n`);
    images.push({
      image: app.image,
      binaries: {
        node: process.execPath,
        "/trellis/stand-in-app.mjs": bundle.app,
        "/trellis/plan.json": plan,
        [`${POD_PROTO_ROOT}/dapr`]: join(inputs.daprSource, "dapr"),
      },
      entrypoint: ["node", "/trellis/stand-in-app.mjs", "/trellis/plan.json"],
      user: app.runAsUser ? { uid: app.runAsUser, gid: app.runAsUser } : NONROOT,
    });
  }
  images.push({
    image: `${environment.dapr.registry}/daprd:${environment.dapr.version}`,
    binaries: { "/daprd": inputs.daprd },
    entrypoint: ["/daprd"],
    user: NONROOT,
  });
  // The init containers run `cp -r /autoinstrumentation/. <volume>`: Node's folder holds the file NODE_OPTIONS
  // preloads; Python's and .NET's agents cannot load into a Node.js stand-in, which starts the SDK itself.
  for (const language of ["nodejs", "python", "dotnet"] as const)
    images.push({
      image: inputs.autoInstrumentation[language],
      binaries: { "/autoinstrumentation": language === "nodejs" ? bundle.nodeAutoInstrumentation : empty },
      user: NONROOT,
    });
  // Go's eBPF instrumentation attaches to a Go binary, which a stand-in is not: its sidecar container idles, and the
  // stand-in exports the spans.
  images.push({ image: inputs.autoInstrumentation.go, binaries: {}, entrypoint: ["sleep", "infinity"] });
  // The image's entrypoint runs redis-server when the arguments are options (as an earlier revision's container
  // gives them).
  if (environment.redis)
    images.push({
      image: environment.redis.image,
      binaries: { "redis-server": inputs.redisServer },
      entrypoint: ["redis-server"],
    });
  return images;
}
