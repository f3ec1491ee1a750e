// Which components an app uses: the ones it lists, plus the pub/subs it publishes or subscribes on.
import type { App } from "./declarations/app.ts";

/** Sorted, without repeats. */
export function componentsUsedBy(app: App): string[] {
  return [
    ...new Set([...app.uses, ...app.publishes.map((p) => p.pubsub), ...app.subscribes.map((s) => s.pubsub)]),
  ].sort();
}
