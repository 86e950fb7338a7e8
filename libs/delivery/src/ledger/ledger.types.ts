import type { Channel } from '@childalert/contracts';
import type { DeliveryLedgerStatus } from '@childalert/persistence';

/** One alert version on one channel: the scope of a dispatch batch. */
export interface VersionKey {
  channel: Channel;
  alertId: string;
  version: number;
}

export interface LedgerEntry {
  recipientId: string;
  status: DeliveryLedgerStatus;
  attempts: number;
  lastError: string | null;
  /** A live claim of another worker: its send may be under way; wait for its lease. */
  leasedElsewhere: boolean;
  /** Milliseconds until that lease ends (0 when not leased elsewhere). */
  leaseRemainingMs: number;
}

export interface ClaimRequest {
  recipients: readonly { id: string; language: string }[];
  /** This worker process (a random uuid per process). */
  workerId: string;
  /** How long the claim keeps other workers off these recipients: longer than a batch can take. */
  leaseMs: number;
  /**
   * Claim only while the alert has not ended, checked under a share lock on
   * the alert's row: an alert's resolution (which locks it for update) then
   * either comes before the claim (nothing is claimed) or waits for it (and
   * the resolution's audience, read from this ledger, includes the claim).
   */
  requireOpenAlert: boolean;
}

export type ClaimResult =
  | { alertEnded: true }
  | {
      alertEnded: false;
      /** Recipient id → attempts made before this claim. Ids missing were claimed by another worker meanwhile. */
      claimed: Map<string, number>;
    };

/** An outcome to record; `pending` hands a recipient back after a transient failure. */
export interface LedgerMark extends VersionKey {
  recipientId: string;
  status: Exclude<DeliveryLedgerStatus, 'sending'>;
  attempts: number;
  lastError?: string;
}

/** A recipient an alert reached (or may have reached) on a channel, in the language it got. */
export interface ReachedRecipient {
  id: string;
  language: string;
}
