// Starts the suites that run real engines for minutes first, so the many short files fill the other worker
// while they run instead of leaving one long suite alone at the end.
import { BaseSequencer, type TestSpecification } from "vitest/node";

const LONG_RUNNING = ["test/argocd/rehearse.test.ts", "test/observability/trace-pipeline.test.ts", "test/apiserver/"];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONG_RUNNING.findIndex((path) => file.moduleId.includes(`/${path}`));
      return index === -1 ? LONG_RUNNING.length : index;
    };
    return sorted
      .map((file, order) => ({ file, order }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order)
      .map(({ file }) => file);
  }
}
