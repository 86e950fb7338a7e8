import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { DispatchBatch } from '@childalert/contracts';
import { DeliveryRunner } from '@childalert/delivery';
import { RetryLaterError } from '@childalert/messaging';
import { ParkedBatchesRepository } from './parked-batches.repository';

export interface ParkingOptions {
  /** A call whose next attempt is at least this far off parks its batches instead of pausing the partition. */
  parkAfterMs: number;
  /** How often due batches are looked for. */
  pollMs: number;
  /** How long a worker keeps a parked batch it took (another takes it over after). */
  leaseMs: number;
}

export const PARKING_OPTIONS = Symbol('PARKING_OPTIONS');

/** Batches taken from the table at once. */
const CLAIM_LIMIT = 10;
/** After an infrastructure error (database, broker), the batch is tried again this much later. */
const ERROR_DELAY_MS = 5_000;

/**
 * Where the broadcast worker keeps batches whose next attempt is far off (a
 * newsroom's receiver down for hours, Retry-After in minutes), so that they
 * do not hold their Kafka partition, and with it the next alerts, for up to
 * the day a webhook is retried. `park` is called by the consumer before the
 * offset is committed; a timer delivers the parked batches again when due,
 * through the same delivery runner (ledger, retries, dead letters, receipts).
 */
@Injectable()
export class ParkingLot implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BroadcastParkingLot');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly parked: ParkedBatchesRepository,
    private readonly runner: DeliveryRunner,
    @Inject(PARKING_OPTIONS) private readonly options: ParkingOptions,
  ) {}

  /** Whether a call's RetryLaterError is worth parking rather than pausing the partition. */
  shouldPark(error: unknown): error is RetryLaterError {
    return error instanceof RetryLaterError && error.retryAfterMs >= this.options.parkAfterMs;
  }

  async park(batches: readonly DispatchBatch[], retryAfterMs: number): Promise<void> {
    await this.parked.park(batches, new Date(Date.now() + retryAfterMs));
    this.logger.log(`parked ${batches.length} batches for ${Math.round(retryAfterMs / 1000)} s`);
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error: unknown) => this.logger.warn(`parking lot round failed: ${String(error)}`))
        .finally(() => this.schedule());
    }, this.options.pollMs);
  }

  /** One round: every due batch delivered again, or postponed to when the runner says. */
  private async runDue(): Promise<void> {
    const batches = await this.parked.claimDue(this.runner.workerId, CLAIM_LIMIT, this.options.leaseMs);
    for (const batch of batches) {
      if (this.stopped) {
        await this.parked.postpone(batch.batchId, this.runner.workerId, 0);
        continue;
      }
      try {
        await this.runner.deliver([batch]);
        await this.parked.remove(batch.batchId, this.runner.workerId);
      } catch (error) {
        const delayMs = error instanceof RetryLaterError ? error.retryAfterMs : ERROR_DELAY_MS;
        if (!(error instanceof RetryLaterError))
          this.logger.warn(`parked batch ${batch.batchId}: ${String(error)}`);
        await this.parked.postpone(batch.batchId, this.runner.workerId, delayMs);
      }
    }
  }
}
