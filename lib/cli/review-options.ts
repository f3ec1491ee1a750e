// What `trellis diff` and `trellis report` share: running the review from the options naming the two sides
// (usage.ts has the options themselves).
import type { Blueprint } from "../blueprint.ts";
import { review, type Review } from "../review/review.ts";
import { ReviewInputError } from "../review/sides.ts";
import { UsageError, type CommandIo } from "./options.ts";
import { projectRoot } from "./project-root.ts";

interface ReviewValues {
  readonly base?: string;
  readonly head?: string;
  readonly env?: string[];
  readonly root?: string;
  readonly "no-charts"?: boolean;
}

export async function reviewFromOptions(
  values: ReviewValues,
  io: CommandIo,
  blueprint: Blueprint,
  findings: boolean,
): Promise<Review> {
  if (!values.base)
    throw new UsageError("--base <git ref> is required: the commit to compare with, e.g. --base origin/main");
  try {
    return await review({
      repository: projectRoot(values.root),
      base: values.base,
      head: values.head,
      environments: values.env ?? [],
      charts: !values["no-charts"],
      findings,
      log: io.progress,
      blueprint,
    });
  } catch (error) {
    if (error instanceof ReviewInputError) throw new UsageError(error.message);
    throw error;
  }
}
