// The apps run in a rehearsal only where it starts every backend their components use: dev's in-cluster Redis
// does; staging's and prod's external PostgreSQL, Kafka and TLS Redis do not, and are named.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../lib/synth.ts";
import { missingBackends } from "../../runtime/traffic/rehearsed-backends.ts";

const platform = await loadPlatform(resolve(import.meta.dirname, "../.."));
const environment = (name: string) => platform.environments.find((candidate) => candidate.name === name)!;

describe("the backends a rehearsal starts", () => {
  it("has every backend of dev: its components use the in-cluster Redis, a cron and the Kubernetes secret store", () => {
    expect(missingBackends(environment("dev"))).toEqual([]);
  });

  it("names staging's external backends, which no rehearsal starts yet", () => {
    expect(missingBackends(environment("staging"))).toEqual([
      "lockstore (lock.redis)",
      "orderpubsub (pubsub.kafka)",
      "statestore (state.postgresql)",
    ]);
  });

  it("takes a Redis outside the cluster for a missing backend", () => {
    const dev = environment("dev");
    const moved = {
      ...dev,
      components: dev.components.map((component) =>
        component.name === "statestore"
          ? {
              ...component,
              metadata: component.metadata.map((item) =>
                item.name === "redisHost" ? { name: "redisHost", value: "redis.example.com:6379" } : item,
              ),
            }
          : component,
      ),
    };
    expect(missingBackends(moved)).toEqual(["statestore (state.redis)"]);
  });
});
