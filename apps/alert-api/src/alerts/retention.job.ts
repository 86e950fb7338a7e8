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
        // The signed copies partners were sent carry the same data (migration 0011).
        const partners = await tx.execute<{ sent: unknown[] }>(
          sql`SELECT redact_partner_copies(${due.id}::uuid, ${now.toISOString()}::timestamptz) AS sent`,
        );
        const partnerMessages = partners.rows[0].sent;
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
              ...(partnerMessages.length > 0 ? { partnerMessages } : {}),
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

  /**
   * Erases, as the system, the messages of one inbound partner alert that
   * ended (or expired) before `now` minus the retention period and whose
   * local re-issue is not live (redact_inbound_alert, migration 0011); its
   * id, or undefined when none is due.
   */
  async redactNextInbound(now: Date, skip: readonly string[] = []): Promise<string | undefined> {
    const endedBefore = new Date(now.getTime() - this.settings.retentionDays * DAY_MS).toISOString();
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.execute<{ id: string; status: string }>(sql`
        SELECT a.id::text AS id, a.status FROM partner_inbound_alerts a
         WHERE a.redacted_at IS NULL
           AND ((a.status IN ('ended', 'cancelled') AND a.updated_at <= ${endedBefore}::timestamptz)
                OR a.expires_at <= ${endedBefore}::timestamptz)
           AND NOT EXISTS (SELECT 1 FROM alerts l WHERE l.id = a.local_alert_id
                            AND l.state NOT IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED'))
           ${skip.length > 0 ? sql`AND a.id::text NOT IN (${sql.join([...skip], sql`, `)})` : sql``}
         ORDER BY a.updated_at LIMIT 1 FOR UPDATE SKIP LOCKED`);
      const due = rows[0];
      if (due === undefined) return undefined;
      try {
        const erased = await tx.execute<{ messages: unknown[] }>(sql`
          SELECT redact_inbound_alert(${due.id}::uuid, ${endedBefore}::timestamptz,
                                      ${now.toISOString()}::timestamptz) AS messages`);
        await this.audit.record(
          {
            actor: SYSTEM_ACTOR,
            action: 'partner.inbound_redacted',
            subject: { type: 'partner_inbound_alert', id: due.id },
            details: {
              status: due.status,
              retentionDays: this.settings.retentionDays,
              redactedAt: now.toISOString(),
              messages: erased.rows[0].messages,
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
    // What partners sent in, by the same rule (its own loop: most inbound alerts have no local alert).
    while (redacted + failed.length < MAX_PER_ROUND) {
      try {
        const id = await this.redactNextInbound(this.clock.now(), failed);
        if (id === undefined) break;
        redacted += 1;
        this.logger.log(
          `partner alert ${id}: messages erased (retention ${this.settings.retentionDays} days)`,
        );
      } catch (error) {
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
