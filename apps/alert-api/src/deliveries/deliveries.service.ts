import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import {
  distinctUntilChanged,
  exhaustMap,
  filter,
  from,
  map,
  merge,
  type Observable,
  Subject,
  timer,
} from 'rxjs';
import type { DeliveryReceipt } from '@childalert/contracts';
import { DeliveryProgressRepository } from '@childalert/delivery';
import { PG_POOL } from '@childalert/persistence';
import { ApiError } from '../common/api.error';
import { type AlertDeliveriesDto, toAlertDeliveriesDto } from './dto/delivery-progress.dto';

export interface DeliveriesSettings {
  /** How often a live stream re-reads progress (receipts may be applied by another instance). */
  streamPollMs: number;
}

export const DELIVERIES_SETTINGS = Symbol('DELIVERIES_SETTINGS');

/** Receipts in, progress out: the counts, and the same live. */
@Injectable()
export class DeliveriesService {
  /** Alerts whose progress this instance just changed: streams answer at once instead of at the next poll. */
  private readonly changes = new Subject<string>();

  constructor(
    private readonly progress: DeliveryProgressRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DELIVERIES_SETTINGS) private readonly settings: DeliveriesSettings,
  ) {}

  async applyReceipts(receipts: readonly DeliveryReceipt[]): Promise<void> {
    const changed = await this.progress.apply(receipts);
    for (const alertId of changed) this.changes.next(alertId);
  }

  async deliveriesOf(alertId: string): Promise<AlertDeliveriesDto> {
    await this.assertAlertExists(alertId);
    return this.read(alertId);
  }

  /**
   * The progress now, then again whenever it changes, until the client goes
   * away. Rejects (404) before any event when the alert does not exist.
   */
  async stream(alertId: string): Promise<Observable<AlertDeliveriesDto>> {
    await this.assertAlertExists(alertId);
    const triggers = merge(
      timer(0, this.settings.streamPollMs),
      this.changes.pipe(filter((id) => id === alertId)),
    );
    return triggers.pipe(
      exhaustMap(() => from(this.read(alertId))),
      map((dto) => ({ dto, text: JSON.stringify(dto) })),
      distinctUntilChanged((a, b) => a.text === b.text),
      map(({ dto }) => dto),
    );
  }

  private async read(alertId: string): Promise<AlertDeliveriesDto> {
    return toAlertDeliveriesDto(await this.progress.read(alertId));
  }

  private async assertAlertExists(alertId: string): Promise<void> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM alerts WHERE id = $1', [alertId]);
    if (!rowCount) throw ApiError.notFound(`alert ${alertId}`);
  }
}
