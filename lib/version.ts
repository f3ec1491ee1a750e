// Trellis's version, from its package.json: reports and spans name it.
import { readFileSync } from "node:fs";

export const TRELLIS_VERSION: string = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
