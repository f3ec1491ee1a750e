// The building blocks each app declares, used through its real sidecar's HTTP API against the real backends:
// - state:store: a value saved in each state store the app uses reads back the same.
// - state:lock: a lock the app holds is refused to a second owner until it is released.
// - state:actors: a call to an actor of an app that hosts actors is placed (by the real placement) and reaches it.
// - state:secrets: each secret the app declares reads back with its declared keys; a secret it does not declare is
//   refused by its own sidecar (the Configuration's secret scopes deny by default).
import { randomBytes } from "node:crypto";
import type { Check } from "../../argocd/rehearse/check.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { standInClient, type AppPod } from "./app-pods.ts";
import { actorType } from "../stand-in/stand-in-plan.ts";

/** Dapr's error code when a Configuration's secret scopes refuse a secret. */
export const SECRET_DENIED = "ERR_PERMISSION_DENIED";

function verdict(name: string, passed: readonly string[], failed: readonly string[], none: string): Check {
  if (passed.length + failed.length === 0) return { name, ok: true, detail: none };
  return failed.length === 0
    ? { name, ok: true, detail: passed.join("; ") }
    : { name, ok: false, detail: [...failed, ...passed].join("; ") };
}

export async function buildingBlockChecks(
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
): Promise<Check[]> {
  const kinds = new Map(
    environment.components.map((component) => [`${component.namespace}/${component.name}`, component.kind]),
  );
  const uses = (kind: string) =>
    environment.apps.flatMap((app) =>
      app.components
        .filter((component) => kinds.get(`${app.namespace}/${component}`) === kind)
        .flatMap((component) => (pods.has(app.id) ? [{ app, pod: pods.get(app.id)!, component }] : [])),
    );

  const state = { passed: [] as string[], failed: [] as string[] };
  for (const { app, pod, component } of uses("state")) {
    const key = `rehearsal-${app.id}`;
    const value = randomBytes(6).toString("hex");
    const saved = await standInClient(pod).sidecar("POST", `/v1.0/state/${component}`, [{ key, value }]);
    const read = await standInClient(pod).sidecar("GET", `/v1.0/state/${component}/${key}`);
    const label = `${app.id} → ${component}`;
    if (saved.status < 300 && read.status === 200 && JSON.parse(read.body || "null") === value)
      state.passed.push(`${label}: saved and read back`);
    else
      state.failed.push(
        `${label}: save ${saved.status} ${saved.body.slice(0, 200)}, read ${read.status} ${read.body.slice(0, 200)}`,
      );
  }

  const locks = { passed: [] as string[], failed: [] as string[] };
  for (const { app, pod, component } of uses("lock")) {
    const client = standInClient(pod);
    const resourceId = `rehearsal-${randomBytes(4).toString("hex")}`;
    const lock = async (owner: string) => {
      const result = await client.sidecar("POST", `/v1.0-alpha1/lock/${component}`, {
        resourceId,
        lockOwner: owner,
        expiryInSeconds: 60,
      });
      return result.status === 200
        ? (JSON.parse(result.body) as { success?: boolean }).success === true
        : `${result.status} ${result.body.slice(0, 200)}`;
    };
    const first = await lock("first");
    const second = await lock("second");
    const unlocked = await client.sidecar("POST", `/v1.0-alpha1/unlock/${component}`, {
      resourceId,
      lockOwner: "first",
    });
    const secondAgain = await lock("second");
    const label = `${app.id} → ${component}`;
    if (first === true && second === false && unlocked.status === 200 && secondAgain === true)
      locks.passed.push(`${label}: held by one owner, refused to another until released`);
    else
      locks.failed.push(
        `${label}: first ${first}, second while held ${second}, unlock ${unlocked.status}, second after ${secondAgain}`,
      );
  }

  const secrets = { passed: [] as string[], failed: [] as string[] };
  for (const app of environment.apps) {
    const pod = pods.get(app.id);
    if (!pod) continue;
    for (const store of app.secretStores) {
      for (const secret of store.secrets) {
        const read = await standInClient(pod).sidecar("GET", `/v1.0/secrets/${store.store}/${secret.name}`);
        const keys = read.status === 200 ? Object.keys(JSON.parse(read.body) as object).sort() : [];
        const label = `${app.id} → ${store.store}/${secret.name}`;
        if (secret.keys.every((key) => keys.includes(key)))
          secrets.passed.push(`${label}: read (${secret.keys.join(", ")})`);
        else secrets.failed.push(`${label}: ${read.status} ${read.body.slice(0, 200)}`);
      }
      const undeclared = `rehearsal-undeclared-${randomBytes(3).toString("hex")}`;
      const denied = await standInClient(pod).sidecar("GET", `/v1.0/secrets/${store.store}/${undeclared}`);
      const label = `${app.id} → ${store.store}/${undeclared} (undeclared)`;
      if (denied.status === 403 && denied.body.includes(SECRET_DENIED))
        secrets.passed.push(`${label}: refused by its sidecar`);
      else secrets.failed.push(`${label}: ${denied.status} ${denied.body.slice(0, 200)}`);
    }
  }

  // An actor call goes through placement (which host has the actor) and back into the hosting app.
  const actors = { passed: [] as string[], failed: [] as string[] };
  for (const app of environment.apps.filter((candidate) => candidate.actors)) {
    const pod = pods.get(app.id);
    if (!pod) continue;
    const client = standInClient(pod);
    const path = `/actors/${actorType(app.id)}/rehearsal-${randomBytes(3).toString("hex")}/method/ping`;
    const before = (await client.received()).length;
    const called = await client.sidecar("POST", `/v1.0${path}`, {});
    const arrived = (await client.received())
      .slice(before)
      .some((request) => request.kind === "actor" && request.path === path);
    const label = `${app.id} → actor ${path.split("/").slice(2, 4).join("/")}`;
    if (called.status < 300 && arrived) actors.passed.push(`${label}: placed and called (${called.status})`);
    else
      actors.failed.push(
        `${label}: ${called.status} ${called.body.slice(0, 300)}${arrived ? "" : "; the app got no actor call"}`,
      );
  }

  return [
    verdict("state:actors", actors.passed, actors.failed, "no app hosts actors"),
    verdict("state:store", state.passed, state.failed, "no app uses a state store"),
    verdict("state:lock", locks.passed, locks.failed, "no app uses a lock store"),
    verdict("state:secrets", secrets.passed, secrets.failed, "no app declares a secret"),
  ];
}
