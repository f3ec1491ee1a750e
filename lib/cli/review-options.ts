// What `trellis diff` and `trellis report` share: the options naming the two sides, and running the review.
import { resolve } from "node:path";
import { review, type Review } from "../review/review.ts";
import { ReviewInputError } from "../review/sides.ts";
import { UsageError, type Io } from "./options.ts";

export const REVIEW_OPTIONS = {
  base: { type: "string" },
  head: { type: "string" },
  env: { type: "string", multiple: true },
  root: { type: "string" },
  "no-charts": { type: "boolean", default: false },
} as const;

interface ReviewValues {
  readonly base?: string;
  readonly head?: string;
  readonly env?: string[];
  readonly root?: string;
  readonly "no-charts"?: boolean;
}

export async function reviewFromOptions(values: ReviewValues, io: Io, findings: boolean): Promise<Review> {
  if (!values.base)
    throw new UsageError("--base <git ref> is required: the commit to compare with, e.g. --base origin/main");
  try {
    return await review({
      repository: resolve(values.root ?? "."),
      base: values.base,
      head: values.head,
      environments: values.env ?? [],
      charts: !values["no-charts"],
      findings,
      log: io.err,
    });
  } catch (error) {
    if (error instanceof ReviewInputError) throw new UsageError(error.message);
    throw error;
  }
}
