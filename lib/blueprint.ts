// What a blueprint gives the engine: the capabilities the composition root (blueprint.ts) wires together. The
// engine knows these shapes only, never a capability folder, so adding a layer or a rule family changes no engine file.

/** One pinned upstream release, as `trellis --version` names it. */
export interface PinnedRelease {
  readonly name: string;
  readonly version: string;
}

export interface Blueprint {
  /** The upstream releases the blueprint installs, in the order `trellis --version` prints them. */
  readonly releases: readonly PinnedRelease[];
}
