import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testFolder } from "../../support/temp-folder.ts";
import { expandBuiltinProfile, type BuiltinProfiles } from "../../../runtime/components/contracts/builtin-profiles.ts";
import {
  evaluateBuildConstraint,
  includedInReleaseBuild,
  parseRegistrations,
} from "../../../runtime/components/contracts/daprd-registrations.ts";
import {
  CONTRACTS_FILE,
  CONTRACTS_FOLDER,
  DAPR_MODULE,
  DEFAULT_CONTRIB_FOLDER,
  TYPES_FILE,
  TYPES_FOLDER,
  defaultDaprModuleFolder,
  generateComponentContracts,
} from "../../../runtime/components/contracts/import-components.ts";
import {
  COMPONENTS_CONTRIB_VERSION,
  COMPONENT_CONTRACTS,
} from "../../../runtime/components/contracts/component-contracts.ts";
import { CHARTS, DAPR_COMPONENTS_CONTRIB, IMAGES } from "../../../versions.ts";

const GENERATION_TIMEOUT = 120_000;

/** Both generated files into one folder; the committed ones live in two (the contracts table and the types). */
async function generateInto(folder: string) {
  const daprModuleFolder = defaultDaprModuleFolder();
  if (!existsSync(daprModuleFolder)) {
    throw new Error(`${daprModuleFolder} is missing: run go mod download ${DAPR_MODULE}`);
  }
  return generateComponentContracts({
    contribFolder: DEFAULT_CONTRIB_FOLDER,
    daprModuleFolder,
    contractsFolder: folder,
    typesFolder: folder,
  });
}

describe("the generated files", () => {
  it(
    "are the same bytes on every run, and the committed ones are fresh",
    async () => {
      const first = await testFolder("contracts");
      const second = await testFolder("contracts");
      await generateInto(first);
      await generateInto(second);
      for (const [file, committed] of [
        [CONTRACTS_FILE, CONTRACTS_FOLDER],
        [TYPES_FILE, TYPES_FOLDER],
      ] as const) {
        const generated = readFileSync(join(first, file), "utf8");
        expect(readFileSync(join(second, file), "utf8"), `${file} differs between two runs`).toBe(generated);
        expect(
          readFileSync(join(committed, file), "utf8") === generated,
          `${join(committed, file)} is stale: run npm run import-components`,
        ).toBe(true);
      }
    },
    GENERATION_TIMEOUT,
  );

  it(
    "pin the contrib release and flag what daprd and the metadata.yaml files disagree on",
    async () => {
      const table = await generateInto(await testFolder("contracts"));
      expect(table.contribVersion).toBe("v1.18.4");
      expect(table.daprVersion).toBe("v1.18.3");
      expect(table.notRegistered).toContain("secretstores.aws.secretsmanager");
      expect(table.types["secretstores.aws.secretmanager"]?.versions.v1?.contract).toBe(
        "secretstores/aws/secretmanager",
      );
      expect(table.registeredWithoutContract).toContain("middleware.http.uppercase@v1");
      expect(table.types["pubsub.azure.servicebus"]?.aliasOf).toBe("pubsub.azure.servicebus.topics");
      // bindings/kitex's registration file is named .go_disabled: daprd 1.18.3 does not build it.
      expect(table.types["bindings.kitex"]?.registered).toBe(false);
      // state_spiffeprobe.go needs its own build tag, which the release build does not set.
      expect(table.types["state.spiffeprobe"]).toBeUndefined();
    },
    GENERATION_TIMEOUT,
  );

  it("refuse a dapr module that is missing or pairs with another components-contrib release", async () => {
    const missing = join(await testFolder("contracts"), `dapr@v${CHARTS.dapr.version}`);
    await expect(
      generateComponentContracts({
        contribFolder: DEFAULT_CONTRIB_FOLDER,
        daprModuleFolder: missing,
        contractsFolder: missing,
        typesFolder: missing,
      }),
    ).rejects.toThrow(
      `the dapr module is not at ${missing}: get its source (nothing is built) with go mod download ${DAPR_MODULE}`,
    );
    const otherPairing = await testFolder("contracts");
    writeFileSync(
      join(otherPairing, "go.mod"),
      "module github.com/dapr/dapr\n\nrequire (\n\tgithub.com/dapr/components-contrib v1.18.0\n)\n",
    );
    await expect(
      generateComponentContracts({
        contribFolder: DEFAULT_CONTRIB_FOLDER,
        daprModuleFolder: otherPairing,
        contractsFolder: otherPairing,
        typesFolder: otherPairing,
      }),
    ).rejects.toThrow(/requires components-contrib v1\.18\.0, but versions\.ts pairs it with v1\.18\.4/);
  });
});

describe("the committed contracts", () => {
  it("come from the components-contrib release that the pinned Dapr runtime is built with (versions.ts)", () => {
    expect(COMPONENTS_CONTRIB_VERSION).toBe(DAPR_COMPONENTS_CONTRIB);
    expect(COMPONENT_CONTRACTS.daprVersion).toBe(`v${CHARTS.dapr.version}`);
    // The sidecar runs the same daprd whose registrations the table holds.
    expect(IMAGES.dapr.tag).toBe(CHARTS.dapr.version);
  });
});

describe("reading daprd's registrations", () => {
  const file = `//go:build allcomponents

package components

import (
	"github.com/dapr/components-contrib/state/redis"
	pgv2 "github.com/dapr/components-contrib/state/postgresql/v2"
	"github.com/dapr/dapr/pkg/components"
	stateLoader "github.com/dapr/dapr/pkg/components/state"
	bindingsLoader "github.com/dapr/dapr/pkg/components/bindings"
	"github.com/dapr/components-contrib/bindings/mqtt3"
)

func init() {
	stateLoader.DefaultRegistry.RegisterComponent(redis.NewRedisStateStore, "redis", "redis2")
	// stateLoader.DefaultRegistry.RegisterComponent(redis.NewRedisStateStore, "commented-out")
	stateLoader.DefaultRegistry.RegisterComponentWithVersions("yugabyte", components.Versioning{
		Preferred: components.VersionConstructor{
			Version: "v2", Constructor: pgv2.NewPostgreSQLStateStore, // "v9" in a comment is not a version
		},
		Default: "v2",
	})
	bindingsLoader.DefaultRegistry.RegisterInputBinding(func(l logger.Logger) bindings.InputBinding {
		return mqtt3.NewMQTT(l)
	}, "mqtt3")
}
`;

  it("reads every name, version, direction and the components-contrib package of each factory", () => {
    expect(parseRegistrations(file, "x.go")).toEqual([
      { kind: "state", file: "x.go", names: ["redis", "redis2"], constructors: [{ packages: ["state/redis"] }] },
      {
        kind: "state",
        file: "x.go",
        names: ["yugabyte"],
        constructors: [{ version: "v2", preferred: true, packages: ["state/postgresql/v2"] }],
      },
      {
        kind: "bindings",
        file: "x.go",
        names: ["mqtt3"],
        direction: "input",
        constructors: [{ packages: ["bindings/mqtt3"] }],
      },
    ]);
  });

  it("keeps only the files the release build (allcomponents) compiles", () => {
    expect(includedInReleaseBuild(file)).toBe(true);
    expect(includedInReleaseBuild("//go:build state_spiffeprobe\n")).toBe(false);
    expect(includedInReleaseBuild("//go:build !allcomponents && !stablecomponents\n")).toBe(false);
    expect(evaluateBuildConstraint("unit && (allcomponents || stablecomponents)", new Set(["allcomponents"]))).toBe(
      false,
    );
    expect(evaluateBuildConstraint("allcomponents || conversation_echo", new Set(["allcomponents"]))).toBe(true);
  });
});

describe("expanding built-in authentication profiles", () => {
  const builtins: BuiltinProfiles = {
    aws: [
      {
        title: "AWS: Assume IAM Role",
        metadata: [{ name: "region", required: false }, { name: "awsRegion" }],
      },
      { title: "AWS: Access Key ID and Secret Access Key", metadata: [{ name: "accessKey", required: true }] },
    ],
  };
  const reference = { name: "aws", metadata: [{ name: "authType", required: true }] };

  it("puts the component's own fields first and keeps the shared profile unchanged", () => {
    const [assume, keys] = expandBuiltinProfile(reference, "Amazon S3", builtins);
    expect(assume?.metadata?.map((item) => item.name)).toEqual(["authType", "region", "awsRegion"]);
    expect(keys?.metadata?.find((item) => item.name === "accessKey")?.required).toBe(true);
    expect(builtins.aws?.[0]?.metadata?.[0]?.required).toBe(false);
  });

  it("applies upstream's AWS transition for Kafka and PostgreSQL", () => {
    const [assume, keys] = expandBuiltinProfile(reference, "PostgreSQL", builtins);
    expect(assume?.metadata?.map((item) => `${item.name}${item.required ? "*" : ""}`)).toEqual([
      "authType*",
      "region*",
    ]);
    expect(keys?.metadata?.find((item) => item.name === "accessKey")?.required).toBe(false);
  });

  it("fails on a profile that does not exist", () => {
    expect(() => expandBuiltinProfile({ name: "gcp" }, "x", builtins)).toThrow(/does not exist/);
  });
});
