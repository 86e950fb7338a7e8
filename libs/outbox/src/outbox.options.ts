export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

export interface OutboxOptions {
  /** Run the relay in this process (default true). Writers need no relay. */
  relay?: boolean;
  /** Rows published per round trip (default 200). */
  batchSize?: number;
  /** Fallback poll when no notification arrives (default 1 s). */
  pollMs?: number;
  /** How often a standby relay tries to take over (default 2 s). */
  standbyPollMs?: number;
  /** Wait after a database or broker error (default 1 s). */
  errorBackoffMs?: number;
}

export const OUTBOX_DEFAULTS: Required<OutboxOptions> = {
  relay: true,
  batchSize: 200,
  pollMs: 1000,
  standbyPollMs: 2000,
  errorBackoffMs: 1000,
};
