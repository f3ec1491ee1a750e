// One verdict of the rehearsal: what was checked, whether it held, and what was found.
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}
