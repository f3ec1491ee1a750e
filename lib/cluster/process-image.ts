// What the pod supervisor needs to run a container image as a local process: the binaries the image puts on its
// PATH, its entrypoint and defaults, and how a process of it is told to listen on its pod's address.

export interface ProcessImage {
  /** The image reference exactly as pods name it (repository and tag). */
  readonly image: string;
  /** Binaries by the name the image's PATH gives them (mounted at /usr/local/bin), each a path on this machine. */
  readonly binaries: Readonly<Record<string, string>>;
  /** The image's ENTRYPOINT and CMD, used where the container names no command or args. */
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  /** The image's ENV. */
  readonly env?: Readonly<Record<string, string>>;
  /** The image's WORKDIR. */
  readonly workingDir?: string;
  /**
   * Every pod's process shares this machine's network, so a process that listens on all addresses would clash with
   * the Service proxy and with other pods on the same port: this returns what makes it listen on its pod's address
   * instead (extra arguments or variables). It is the one place a process differs from its container spec.
   */
  readonly listenOn?: (podIp: string, command: readonly string[]) => ListenAdaptation;
  /**
   * Ports a process of this image listens on for every address whatever it is told (a hard-coded 0.0.0.0): the
   * Service proxy leaves these ports to it, and a ClusterIP on such a port reaches the process directly.
   */
  readonly wildcardPorts?: readonly number[];
}

export interface ListenAdaptation {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}
