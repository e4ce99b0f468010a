/** What a checker found wrong with a run. */
export interface Violation {
  checker: 'safety' | 'rw-safety' | 'liveness' | 'rw-liveness' | 'hygiene' | 'fencing';
  /** One sentence a person can act on: who, when, what was expected. */
  message: string;
  /** The time of the event that shows it. */
  t: number;
  pids: number[];
}
