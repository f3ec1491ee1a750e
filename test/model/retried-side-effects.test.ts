// Synth refuses a retry on a call that reaches a method which is not idempotent: a Dapr resiliency policy applies to
// every method of the app it targets, and retries after its own timeout whatever `matching` lists.
import { describe, expect, it } from "vitest";
import { copyProject, runCli } from "../support/project.ts";

const RETRY = 'timeout: "3s",\n  retry: { policy: "exponential", maxInterval: "10s", maxRetries: 5 },';

describe("retries on calls with side effects", () => {
  it("refuse order-api's POST charge under a payment policy that retries, naming both fixes", async () => {
    const project = await copyProject();
    await project.edit("resiliency/payment.ts", 'timeout: "3s",', RETRY);
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.code).toBe(1);
    const line = run.stderr.split("\n").find((candidate) => candidate.startsWith("apps/order-api.ts: invokes[0]: "));
    expect(line, run.stderr).toBeDefined();
    expect(line).toContain(
      'calls POST "charge" of "payment-api", which is not idempotent, under policy "payment" (resiliency/payment.ts, the resiliency policy of "payment-api")',
    );
    expect(line).toContain('a policy without retry (resiliency: "<policy>" in apps/payment-api.ts)');
    expect(line).toContain('declare idempotent: true on "charge"');
  });

  it("accept the same retry once the method declares it takes an idempotency key", async () => {
    const project = await copyProject();
    await project.edit("resiliency/payment.ts", 'timeout: "3s",', RETRY);
    await project.edit(
      "apps/payment-api.ts",
      '{ name: "charge", verbs: ["POST"] }',
      '{ name: "charge", verbs: ["POST"], idempotent: true }',
    );
    const run = await runCli(["synth", "--root", project.root, "--out", `${project.root}/out`]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("name the environments whose default app policy retries, when the callee has no policy of its own", async () => {
    const project = await copyProject();
    await project.edit("apps/payment-api.ts", 'resiliency: "payment",', "");
    const run = await runCli(["synth", "--root", project.root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'under policy "service-call" (resiliency/service-call.ts, the default app policy of environments dev, prod, staging), which retries',
    );
  });

  it("let a GET through under a retrying policy: GET is idempotent by default", async () => {
    const project = await copyProject();
    await project.edit("apps/payment-api.ts", 'resiliency: "payment",', "");
    await project.edit(
      "apps/order-api.ts",
      '{ app: "payment-api", method: "charge", verbs: ["POST"] }',
      '{ app: "payment-api", method: "status", verbs: ["GET"] }',
    );
    const run = await runCli(["synth", "--root", project.root, "--out", `${project.root}/out`]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
