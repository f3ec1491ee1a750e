// What the pod supervisor needs to run a container image as a local process: the binaries the image puts on its
// PATH (or files and folders at their paths), its entrypoint and defaults. Each pod has its own network namespace,
// so a process listens as its container would.

export interface ProcessImage {
  /** The image reference exactly as pods name it (repository and tag). */
  readonly image: string;
  /**
   * Binaries by the name the image's PATH gives them (mounted at /usr/local/bin), or by their absolute path in the
   * image (Dapr's /operator), each a path on this machine.
   */
  readonly binaries: Readonly<Record<string, string>>;
  /** The image's ENTRYPOINT and CMD, used where the container names no command or args. */
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  /** The image's ENV. */
  readonly env?: Readonly<Record<string, string>>;
  /** The image's WORKDIR. */
  readonly workingDir?: string;
  /** The image's USER as numbers; without it the image runs as root and runAsNonRoot cannot be judged. */
  readonly user?: { readonly uid: number; readonly gid: number };
}
