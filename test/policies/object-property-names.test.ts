// Names are names in users' manifests too: labels, selectors, annotations and object names spelt like a
// property every JavaScript object has must be judged exactly as the same manifests with ordinary names.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const SPECIAL = ["constructor", "toString", "hasOwnProperty", "__proto__"] as const;
const ordinary = (name: string) => `plain-${name.replaceAll("_", "x").toLowerCase()}`;

/** A small app whose labels, selectors and names use `names[i]` where the special ones would go. */
function manifests(names: readonly string[]): string {
  const [a, b, c, d] = names as [string, string, string, string];
  const labels = `        app: shop\n        ${a}: "1"\n        ${b}: "2"\n        ${c}: "3"\n        ${d}: "4"`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: ${a === "constructor" ? "constructor" : ordinary("constructor")}
  labels:
    ${a}: "1"
  annotations:
    ${b}: "x"
    dapr.io/enabled: "true"
    dapr.io/app-id: ${a === "constructor" ? "constructor" : ordinary("constructor")}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop
      ${a}: "1"
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
        - name: shop
          image: ghcr.io/acme/shop:1.0.0
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: shop
  namespace: ${a === "constructor" ? "constructor" : ordinary("constructor")}
spec:
  selector:
    ${b}: "2"
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: nobody
  namespace: ${a === "constructor" ? "constructor" : ordinary("constructor")}
spec:
  selector:
    ${c}: "no such value"
  ports:
    - port: 80
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: shop
  namespace: ${a === "constructor" ? "constructor" : ordinary("constructor")}
spec:
  podSelector:
    matchLabels:
      ${c}: "3"
    matchExpressions:
      - key: ${a}
        operator: Exists
      - key: ${d}
        operator: DoesNotExist
  policyTypes: [Ingress]
`;
}

async function check(names: readonly string[]): Promise<{ code: number; findings: string[]; stderr: string }> {
  const folder = await testFolder("property-names");
  await writeFile(join(folder, "app.yaml"), manifests(names));
  const run = await runCli(["check", folder, "--format", "json"]);
  const report = JSON.parse(run.stdout) as {
    findings: { rule: string; path: string; message: string; severity: string }[];
  };
  // Findings in the words of the ordinary twin, so both runs can be compared one to one.
  const normalise = (text: string) =>
    names === SPECIAL ? SPECIAL.reduce((result, name) => result.replaceAll(name, ordinary(name)), text) : text;
  return {
    code: run.code,
    stderr: run.stderr,
    findings: report.findings
      .map((finding) => normalise(`${finding.severity} ${finding.rule} ${finding.path}: ${finding.message}`))
      .sort(),
  };
}

describe("manifests with labels and names spelt like JavaScript object properties", () => {
  it("are judged exactly like the same manifests with ordinary names, without a stack trace", async () => {
    const special = await check(SPECIAL);
    const plain = await check(SPECIAL.map(ordinary));
    expect(special.stderr).not.toMatch(/\n\s+at /);
    expect(plain.findings.length).toBeGreaterThan(0);
    expect(special.findings).toEqual(plain.findings);
    expect(special.code).toBe(plain.code);
  });
});
