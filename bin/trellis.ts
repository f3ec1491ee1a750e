#!/usr/bin/env tsx
import { blueprint } from "../blueprint.ts";
import { main } from "../lib/cli/main.ts";

process.exitCode = await main(
  process.argv.slice(2),
  {
    out: (text) => process.stdout.write(`${text.endsWith("\n") ? text : `${text}\n`}`),
    err: (text) => process.stderr.write(`${text.endsWith("\n") ? text : `${text}\n`}`),
  },
  blueprint,
);
