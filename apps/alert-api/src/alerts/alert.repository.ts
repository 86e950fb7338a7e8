import { Inject, Injectable } from '@nestjs/common';
import type { Alert, AlertVersion, TransitionSuccess } from '@childalert/alerts';
import {
  alertDecisions,
  alertPublications,
  alerts,
  alertVersions,
  type Database,
  DATABASE,
  type DatabaseExecutor,
  type DatabaseTransaction,
} from '@childalert/persistence';
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, notInArray, or, sql } from 'drizzle-orm';
import {
  alertFromRows,
  alertRowOf,
  decisionRowOf,
  type PublicationRef,
  versionFromRow,
  versionRowOf,
} from './alert-row.mapper';

/** An alert as loaded: the aggregate, and its earlier publications with the sender each named. */
export interface AlertListFilter {
  states?: readonly string[];
  exercise?: boolean;
  limit: number;
  offset: number;
}

/** A row of the staff list: the alert row and the headline facts of its newest content. */
export interface AlertSummaryRow {
  id: string;
  state: string;
  exercise: boolean;
  latestVersion: number;
  candidateState: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  content: Record<string, unknown> | null;
}

export interface LatestCap {
  version: number;
  xml: string;
  sha256: string;
  sent: Date;
}

export interface LoadedAlert {
  alert: Alert;
  publications: PublicationRef[];
}

/** What a publishing transition stores beside the aggregate. */
export interface PublicationRecord {
  sender: string;
  eventId: string;
  capXml: string;
  capSha256: string;
}

const PUBLICATION_REF = {
  alertId: alertPublications.alertId,
  version: alertPublications.version,
  type: alertPublications.type,
  msgType: alertPublications.msgType,
  identifier: alertPublications.identifier,
  sender: alertPublications.sender,
  sent: alertPublications.sent,
  exercise: alertPublications.exercise,
};

/**
 * Stores what the domain decided; holds no rules. `lock` loads an aggregate
 * with its row locked (SELECT … FOR UPDATE) so commands on one alert run one
 * after the other; `save` writes the transition's outcome in the caller's
 * transaction (audit and outbox are the caller's, in the same one).
 */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The aggregate with its row locked until the transaction ends; undefined if there is none. */
  lock(tx: DatabaseTransaction, id: string): Promise<LoadedAlert | undefined> {
    return this.load(tx, id, true);
  }

  /** The aggregate as committed now, without a lock (previews, reads). */
  find(id: string, db: DatabaseExecutor = this.db): Promise<LoadedAlert | undefined> {
    return this.load(db, id, false);
  }

  /**
   * Locks the ACTIVE alert expiring soonest at or before `now` that no other
   * process holds (SKIP LOCKED: several alert-api instances share the work,
   * none waits on another). `skip` leaves out alerts that failed this round.
   */
  async lockNextExpired(
    tx: DatabaseTransaction,
    now: Date,
    skip: readonly string[],
  ): Promise<string | undefined> {
    const [row] = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(
        and(
          eq(alerts.state, 'ACTIVE'),
          lte(alerts.expiresAt, now),
          skip.length > 0 ? notInArray(alerts.id, [...skip]) : undefined,
        ),
      )
      .orderBy(asc(alerts.expiresAt))
      .limit(1)
      .for('update', { skipLocked: true });
    return row?.id;
  }

  /** Writes a transition's outcome: the alert row, its new version and decision, and the publication. */
  async save(
    tx: DatabaseTransaction,
    result: TransitionSuccess,
    created: boolean,
    publication?: PublicationRecord,
  ): Promise<void> {
    const row = alertRowOf(result.alert);
    if (created) await tx.insert(alerts).values(row);
    if (result.newVersion) await tx.insert(alertVersions).values(versionRowOf(result.newVersion));
    if (!created) await tx.update(alerts).set(row).where(eq(alerts.id, result.alert.id));
    const decision = decisionRowOf(result.alert, result.event.name);
    if (decision) await tx.insert(alertDecisions).values(decision);
    if (result.publication) {
      if (!publication) throw new Error(`alert ${result.alert.id}: a publication needs its CAP message`);
      await tx.insert(alertPublications).values({
        ...result.publication,
        sender: publication.sender,
        channels: [...(result.alert.dissemination?.channels ?? [])],
        eventId: publication.eventId,
        capXml: publication.capXml,
        capSha256: publication.capSha256,
      });
    }
  }

  /** Ids of the alerts the public sees: live ones, and (for the feed) those that ended since `endedSince`. */
  async publicIds(options: { exercise: boolean; endedSince?: Date }): Promise<string[]> {
    const live = eq(alerts.state, 'ACTIVE');
    const recentlyEnded = options.endedSince
      ? and(
          inArray(alerts.state, ['RESOLVED', 'CANCELLED', 'EXPIRED']),
          isNotNull(alerts.liveVersion),
          gte(alerts.updatedAt, options.endedSince),
        )
      : undefined;
    const rows = await this.db
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.exercise, options.exercise), recentlyEnded ? or(live, recentlyEnded) : live))
      .orderBy(desc(alerts.updatedAt), asc(alerts.id));
    return rows.map((row) => row.id);
  }

  /** The staff list: newest first, with the content of the newest version (candidate, else live). */
  async summaries(filter: AlertListFilter): Promise<AlertSummaryRow[]> {
    return this.db
      .select({
        id: alerts.id,
        state: alerts.state,
        exercise: alerts.exercise,
        latestVersion: alerts.latestVersion,
        candidateState: alerts.candidateState,
        createdAt: alerts.createdAt,
        updatedAt: alerts.updatedAt,
        expiresAt: alerts.expiresAt,
        content: alertVersions.content,
      })
      .from(alerts)
      .leftJoin(
        alertVersions,
        and(
          eq(alertVersions.alertId, alerts.id),
          eq(alertVersions.version, sql`coalesce(${alerts.candidateVersion}, ${alerts.lastContentVersion})`),
        ),
      )
      .where(
        and(
          filter.states && filter.states.length > 0 ? inArray(alerts.state, [...filter.states]) : undefined,
          filter.exercise === undefined ? undefined : eq(alerts.exercise, filter.exercise),
        ),
      )
      .orderBy(desc(alerts.createdAt), asc(alerts.id))
      .limit(filter.limit)
      .offset(filter.offset);
  }

  /** The newest publication's CAP message, byte for byte as it was published. */
  async latestCap(alertId: string): Promise<LatestCap | undefined> {
    const [row] = await this.db
      .select({
        version: alertPublications.version,
        xml: alertPublications.capXml,
        sha256: alertPublications.capSha256,
        sent: alertPublications.sent,
      })
      .from(alertPublications)
      .where(eq(alertPublications.alertId, alertId))
      .orderBy(desc(alertPublications.version))
      .limit(1);
    return row;
  }

  /** Event ids of an alert's publications, by version (staff view). */
  async publicationEventIds(alertId: string): Promise<Map<number, string>> {
    const rows = await this.db
      .select({ version: alertPublications.version, eventId: alertPublications.eventId })
      .from(alertPublications)
      .where(eq(alertPublications.alertId, alertId));
    return new Map(rows.map((row) => [row.version, row.eventId]));
  }

  private async load(db: DatabaseExecutor, id: string, lock: boolean): Promise<LoadedAlert | undefined> {
    const query = db.select().from(alerts).where(eq(alerts.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) return undefined;
    const wanted = [row.liveVersion, row.lastContentVersion, row.candidateVersion].filter(
      (version): version is number => version !== null,
    );
    const versionRows =
      wanted.length === 0
        ? []
        : await db
            .select()
            .from(alertVersions)
            .where(and(eq(alertVersions.alertId, id), inArray(alertVersions.version, wanted)));
    const versions = new Map<number, AlertVersion>(versionRows.map((v) => [v.version, versionFromRow(v)]));
    const [decision] =
      row.candidateVersion === null
        ? []
        : await db
            .select()
            .from(alertDecisions)
            .where(and(eq(alertDecisions.alertId, id), eq(alertDecisions.version, row.candidateVersion)));
    const publications = await db
      .select(PUBLICATION_REF)
      .from(alertPublications)
      .where(eq(alertPublications.alertId, id))
      .orderBy(asc(alertPublications.version));
    return { alert: alertFromRows(row, versions, decision, publications), publications };
  }
}
