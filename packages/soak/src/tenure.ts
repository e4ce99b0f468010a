/** One acquisition by one soak process, as the parent learned of it from the child's reports. */
export interface Tenure {
  /** `<incarnation>:<pid>:<n>`: the n-th lock() call of the run's incarnation-th process. */
  id: string;
  slot: number;
  pid: number;
  /** The fencing token of the acquisition. */
  token: number;
  /** When the child called lock() (taken before the call: never later than the truth). */
  lockCalledAtMs: number;
  /** When lock() had resolved (taken after: never earlier than the truth). */
  acquiredAtMs: number;
  /** When its release had completed, if it did. */
  releasedAtMs?: number;
  /** The lock told the holder that it was lost (onCompromised, or ECOMPROMISED at release). */
  compromised: boolean;
  /** The soak SIGKILLed the holder during the tenure. */
  killed: boolean;
}
