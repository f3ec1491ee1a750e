// A container's environment as kubelet resolves it: resource fields in whole divisors, rounded up (a collector's
// GOMEMLIMIT from its memory limit is bytes, not "512Mi", which Go refuses).
import { describe, expect, it } from "vitest";
import { containerEnvironment, type PodContext } from "../../lib/cluster/pod-inputs.ts";
import type { Container } from "../../lib/cluster/pod-types.ts";

const container: Container = {
  name: "otc-container",
  image: "collector",
  resources: { limits: { memory: "512Mi", cpu: "500m" }, requests: { cpu: "100m", memory: "256Mi" } },
  env: [
    { name: "GOMEMLIMIT", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "0" } } },
    { name: "GOMAXPROCS", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
    { name: "MEMORY_MI", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
    { name: "CPU_MILLI", valueFrom: { resourceFieldRef: { resource: "requests.cpu", divisor: "1m" } } },
  ],
};
const context: PodContext = {
  pod: { metadata: { name: "p", namespace: "n", uid: "u" }, spec: { containers: [container] } },
  podIp: "10.0.0.1",
  hostIp: "127.0.0.1",
  apiCa: "",
  reader: { data: async () => undefined, token: async () => "", claimFolder: async () => undefined },
};

describe("resource fields in a container's environment", () => {
  it("gives whole divisors, rounded up, as kubelet does", async () => {
    const env = await containerEnvironment(context, container, {});
    expect(env).toMatchObject({ GOMEMLIMIT: "536870912", GOMAXPROCS: "1", MEMORY_MI: "512", CPU_MILLI: "100" });
  });
});
