// Writes docs/policies.md from the rules (`npm run docs:policies`); a test fails when it is stale.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { blueprint } from "../blueprint.ts";
import { policyCatalogue } from "./catalogue.ts";

writeFileSync(resolve(import.meta.dirname, "../docs/policies.md"), policyCatalogue(blueprint.rules));
