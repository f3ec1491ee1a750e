// No secret reaches a process's command line: Kubernetes expands $(VAR) in a container's command and args before
// the process starts, so a secret variable there is in every process list (ps, /proc/<pid>/cmdline, crash reports).
import { describe, expect, it } from "vitest";
import { readManifests } from "../support/manifests.ts";

type Container = {
  name: string;
  command?: string[];
  args?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: unknown } }[];
};

/** The $(VAR) references Kubernetes expands, that name a variable from a Secret or whose name says it is one. */
function secretExpansions(container: Container): string[] {
  const fromSecrets = new Set(
    (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef).map((variable) => variable.name),
  );
  return [...(container.command ?? []), ...(container.args ?? [])].flatMap((argument) =>
    [...argument.matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)]
      .map((match) => match[1] ?? "")
      .filter((name) => fromSecrets.has(name) || /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|CREDENTIAL/i.test(name)),
  );
}

describe("process arguments", () => {
  it("of every rendered container expand no secret-bearing variable", async () => {
    const containers = (await readManifests()).flatMap((m) => {
      const spec = m.object.spec?.template?.spec;
      return spec
        ? ([...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Container[]).map((container) => ({
            where: `${m.environment}/${m.layer}/${m.file} ${container.name}`,
            container,
          }))
        : [];
    });
    expect(containers.some(({ container }) => container.name === "redis")).toBe(true);
    for (const { where, container } of containers) expect(secretExpansions(container), where).toEqual([]);
  });

  it("are caught when a container passes a Secret through $(…) (the dev Redis as it was)", () => {
    const before: Container = {
      name: "redis",
      args: ["--requirepass", "$(REDIS_PASSWORD)", "--save", ""],
      env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: { name: "redis", key: "password" } } }],
    };
    expect(secretExpansions(before)).toEqual(["REDIS_PASSWORD"]);
    // $$(VAR) is Kubernetes' escape: left as the literal text, never expanded.
    expect(secretExpansions({ ...before, args: ["$$(REDIS_PASSWORD)"] })).toEqual([]);
  });
});
