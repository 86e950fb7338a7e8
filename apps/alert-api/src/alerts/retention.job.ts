import { PeriodicRound } from './periodic-round';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@childalert/audit';
import { alerts, type Database, DATABASE, type DatabaseTransaction } from '@childalert/persistence';
import { messageOf } from '@childalert/platform';
import { and, asc, isNull, lte, notInArray, sql } from 'drizzle-orm';
import { Clock } from '../common/clock';
import { ALERTS_SETTINGS, type AlertsSettings } from './alerts.settings';

/** Alerts redacted per round at most, so one round never holds the timer for long. */
const MAX_PER_ROUND = 100;
const DAY_MS = 86_400_000;

/** What redact_alert (migration 0007) erased: ids and hashes only, for the audit row. */
export interface RedactionSummary {
  versions: { version: number; contentHash: string }[];
  publications: { version: number; capSha256: string }[];
  decisions: number[];
  documents: { id: string; sha256: string }[];
  photos: { id: string; sha256: string }[];
}

/** An alert the retention job could not redact; the job skips it for the rest of the round. */
export class AlertRedactionError extends Error {
  constructor(
    readonly alertId: string,
    cause: unknown,
  ) {
    super(`alert ${alertId} could not be redacted: ${messageOf(cause)}`, { cause });
    this.name = 'AlertRedactionError';
  }
}

/**
 * The retention setting: once an alert has ended (REJECTED, RESOLVED,
 * CANCELLED, EXPIRED) for longer than RETENTION_DAYS, erases the personal
 * data of its restricted record through the database's redact_alert, which
 * keeps the version numbers, dates, authorship and every hash; the audit row
 * (actor system, `alert.redacted`) is written in the same transaction, one
 * alert per transaction. Every alert-api instance runs it: the row lock with
 * SKIP LOCKED lets them share the work and never redact one alert twice.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionJob.name);
  private readonly rounds = new PeriodicRound('retention', () => this.redactDue(), this.logger);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(ALERTS_SETTINGS) private readonly settings: AlertsSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.rounds.start(this.settings.retentionIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
  }

  /** Redacts every alert due now; returns how many. Rounds never overlap within a process. */
  runOnce(): Promise<number> {
    return this.rounds.runOnce();
  }

  /**
   * Redacts, as the system, the alert that ended longest ago before `now`
   * minus the retention period and that no other instance holds; its id, or
   * undefined when none is due. `skip` leaves out alerts that failed earlier
   * in the same round.
   */
  async redactNext(now: Date, skip: readonly string[] = []): Promise<string | undefined> {
    const endedBefore = new Date(now.getTime() - this.settings.retentionDays * DAY_MS);
    return this.db.transaction(async (tx) => {
      const due = await this.lockNextDue(tx, endedBefore, skip);
      if (due === undefined) return undefined;
      try {
        const { rows } = await tx.execute<{ summary: RedactionSummary }>(
          sql`SELECT redact_alert(${due.id}::uuid, ${now.toISOString()}::timestamptz) AS summary`,
        );
        await this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            action: 'alert.redacted',
            subject: { type: 'alert', id: due.id },
            details: {
              state: due.state,
              endedAt: due.endedAt.toISOString(),
              retentionDays: this.settings.retentionDays,
              redactedAt: now.toISOString(),
              ...rows[0].summary,
            },
          },
          tx,
        );
      } catch (error) {
        throw new AlertRedactionError(due.id, error);
      }
      return due.id;
    });
  }

  private async redactDue(): Promise<number> {
    const failed: string[] = [];
    let redacted = 0;
    while (redacted + failed.length < MAX_PER_ROUND) {
      try {
        const id = await this.redactNext(this.clock.now(), failed);
        if (id === undefined) break;
        redacted += 1;
        this.logger.log(`alert ${id}: personal data erased (retention ${this.settings.retentionDays} days)`);
      } catch (error) {
        // One alert that cannot be redacted must not keep the others' data.
        if (!(error instanceof AlertRedactionError)) throw error;
        this.logger.error(messageOf(error));
        failed.push(error.alertId);
      }
    }
    return redacted;
  }

  /** No command changes an ended alert, so its updated_at is when it ended. */
  private async lockNextDue(
    tx: DatabaseTransaction,
    endedBefore: Date,
    skip: readonly string[],
  ): Promise<{ id: string; state: string; endedAt: Date } | undefined> {
    const [row] = await tx
      .select({ id: alerts.id, state: alerts.state, endedAt: alerts.updatedAt })
      .from(alerts)
      .where(
        and(
          // Literal states, as in the partial index alerts_retention_idx (ENDED_STATES of libs/alerts).
          sql`${alerts.state} IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED')`,
          isNull(alerts.redactedAt),
          lte(alerts.updatedAt, endedBefore),
          skip.length > 0 ? notInArray(alerts.id, [...skip]) : undefined,
        ),
      )
      .orderBy(asc(alerts.updatedAt))
      .limit(1)
      .for('update', { skipLocked: true });
    return row;
  }
}
