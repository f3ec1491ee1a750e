// Pulumi entry point (Pulumi.yaml `main`): bootstraps the environment named by the stack.
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { blueprint } from "../../blueprint.ts";
import { bootstrap } from "./program.ts";

const root = resolve(import.meta.dirname, "../..");
const environment = new pulumi.Config("trellis").get("environment") ?? pulumi.getStack();
await bootstrap({ blueprint, root, environment });
