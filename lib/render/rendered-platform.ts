// What a render produces before anything is written: the resolved model and each output folder's files.
import type { Problem } from "../declarations/problems.ts";
import type { Platform } from "../model/types.ts";
import type { FolderContent } from "../output/replace-folders.ts";

export interface RenderedPlatform {
  readonly platform: Platform;
  readonly folders: readonly FolderContent[];
  /** What the blueprint's declaration checks warn about: reported, and rendered all the same. */
  readonly warnings: readonly Problem[];
}
