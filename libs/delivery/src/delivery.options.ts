/** Exponential backoff between a recipient's attempts. */
export interface DeliveryBackoff {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** 0..1: each delay is spread uniformly over ±jitter of itself, so retries do not align. */
  jitter: number;
}

/** How the delivery runtime of one worker process behaves. */
export interface DeliveryOptions {
  /** Sends in flight at once in this process, across every batch in hand. */
  concurrency: number;
  /** Attempts per recipient (transient failures of the recipient) before it is dead-lettered. */
  maxAttempts: number;
  backoff: DeliveryBackoff;
  /**
   * Longest one handler call keeps a batch: retries due later hand the batch
   * back (RetryLaterError: its partition pauses and it comes again; the
   * ledger skips whoever was done).
   */
  batchBudgetMs: number;
  /** How long a claim keeps other workers off a recipient; above batchBudgetMs plus the provider's timeout. */
  leaseMs: number;
  /** Ledger marks are written at least this often (the crash window of delivered-but-unrecorded). */
  ledgerFlushMs: number;
  /** …or as soon as this many wait. */
  ledgerFlushRows: number;
  /** Receipts per produce request. */
  receiptChunk: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  concurrency: 20,
  maxAttempts: 6,
  backoff: { initialMs: 1_000, maxMs: 60_000, multiplier: 2, jitter: 0.2 },
  batchBudgetMs: 30_000,
  leaseMs: 120_000,
  ledgerFlushMs: 20,
  ledgerFlushRows: 500,
  receiptChunk: 1_000,
};

/** Defaults filled in; throws naming every option that cannot work. */
export function resolveDeliveryOptions(options: Partial<DeliveryOptions> = {}): DeliveryOptions {
  const resolved: DeliveryOptions = {
    ...DEFAULT_DELIVERY_OPTIONS,
    ...options,
    backoff: { ...DEFAULT_DELIVERY_OPTIONS.backoff, ...options.backoff },
  };
  const problems: string[] = [];
  const positiveInts: (keyof DeliveryOptions)[] = [
    'concurrency',
    'maxAttempts',
    'batchBudgetMs',
    'leaseMs',
    'ledgerFlushRows',
    'receiptChunk',
  ];
  for (const key of positiveInts) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      problems.push(`${key} must be a positive integer`);
  }
  if (!(resolved.ledgerFlushMs >= 0)) problems.push('ledgerFlushMs must be 0 or more');
  if (resolved.leaseMs <= resolved.batchBudgetMs) problems.push('leaseMs must be longer than batchBudgetMs');
  const b = resolved.backoff;
  if (!(b.initialMs > 0 && b.maxMs >= b.initialMs && b.multiplier >= 1 && b.jitter >= 0 && b.jitter <= 1))
    problems.push('backoff needs 0 < initialMs <= maxMs, multiplier >= 1, 0 <= jitter <= 1');
  if (problems.length > 0) throw new Error(`delivery options: ${problems.join('; ')}`);
  return resolved;
}

/** Injection token of the resolved DeliveryOptions. */
export const DELIVERY_OPTIONS = Symbol('DELIVERY_OPTIONS');
