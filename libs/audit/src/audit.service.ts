import { Inject, Injectable } from '@nestjs/common';
import { currentCorrelationId } from '@childalert/platform';
import {
  auditLog,
  type Database,
  DATABASE,
  type DatabaseTransaction,
  PG_POOL,
} from '@childalert/persistence';
import { desc, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import {
  AUDIT_ROW_SELECT,
  auditRecordFromRow,
  type AuditRowText,
  type AuditVerification,
  verifyAuditChain,
} from './audit-chain.verifier';
import type { AuditEntryInput, AuditRecord } from './audit-entry';
import { auditHash, GENESIS_HASH, toJsonValue } from './audit-hash';

/** Key of the transaction-scoped advisory lock that serialises appends into one chain. */
export const AUDIT_CHAIN_LOCK_KEY = 7_240_115_002;

export interface AuditQuery {
  /** User id or actor name (username, `system`…). */
  readonly actor?: string;
  /** Exact action, or a prefix ending in `.*` (`auth.login.*`). */
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  /** Inclusive lower bound of `at`. */
  readonly from?: Date;
  /** Exclusive upper bound of `at`. */
  readonly to?: Date;
  /** Rows with seq below this (the `nextBefore` of the previous page). */
  readonly before?: number;
  /** 1–500; default 50. */
  readonly limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  readonly items: AuditRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly nextBefore: number | null;
}

export const MAX_AUDIT_PAGE = 500;

/**
 * The one writer of the audit log. Appends take a transaction-scoped advisory
 * lock, read the last row and chain the new one to it, so concurrent appends
 * from any number of processes form a single chain.
 */
@Injectable()
export class AuditService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /**
   * Appends one entry. Pass `tx` to write it in the caller's transaction, so
   * the change and its audit row commit (or roll back) together. The chain
   * lock is then held until that transaction ends: record as the last step,
   * and keep the transaction at READ COMMITTED (the default).
   */
  async record(entry: AuditEntryInput, tx?: DatabaseTransaction): Promise<AuditRecord> {
    if (tx) return this.append(entry, tx);
    return this.db.transaction((own) => this.append(entry, own));
  }

  async list(query: AuditQuery = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), MAX_AUDIT_PAGE);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.actor !== undefined) {
      const p = param(query.actor);
      conditions.push(`(actor_id = ${p} OR actor_name = ${p})`);
    }
    if (query.action !== undefined) {
      if (query.action.endsWith('.*')) {
        conditions.push(`starts_with(action, ${param(query.action.slice(0, -1))})`);
      } else {
        conditions.push(`action = ${param(query.action)}`);
      }
    }
    if (query.subjectType !== undefined) conditions.push(`subject_type = ${param(query.subjectType)}`);
    if (query.subjectId !== undefined) conditions.push(`subject_id = ${param(query.subjectId)}`);
    if (query.from !== undefined) conditions.push(`audit_log.at >= ${param(query.from.toISOString())}`);
    if (query.to !== undefined) conditions.push(`audit_log.at < ${param(query.to.toISOString())}`);
    if (query.before !== undefined) conditions.push(`audit_log.seq < ${param(query.before)}`);
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await this.pool.query<AuditRowText>(
      `${AUDIT_ROW_SELECT}${where} ORDER BY audit_log.seq DESC LIMIT ${param(limit)}`,
      params,
    );
    const items = rows.map(auditRecordFromRow);
    return { items, nextBefore: items.length === limit ? items[items.length - 1].seq : null };
  }

  /** Walks the whole chain; see verifyAuditChain. */
  verify(): Promise<AuditVerification> {
    return verifyAuditChain(this.pool);
  }

  private async append(entry: AuditEntryInput, tx: DatabaseTransaction): Promise<AuditRecord> {
    const details = toJsonValue(entry.details ?? {});
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
    const [last] = await tx
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.seq))
      .limit(1);
    const at = new Date();
    const fields = {
      seq: last ? last.seq + 1 : 1,
      at: at.toISOString(),
      actor: { type: entry.actor.type, id: entry.actor.id ?? null, name: entry.actor.name },
      action: entry.action,
      subject: { type: entry.subject?.type ?? null, id: entry.subject?.id ?? null },
      details,
      correlationId: currentCorrelationId() ?? null,
      prevHash: last ? last.hash : GENESIS_HASH,
    };
    const hash = auditHash(fields);
    await tx.insert(auditLog).values({
      seq: fields.seq,
      at,
      actorType: fields.actor.type,
      actorId: fields.actor.id,
      actorName: fields.actor.name,
      action: fields.action,
      subjectType: fields.subject.type,
      subjectId: fields.subject.id,
      details,
      correlationId: fields.correlationId,
      prevHash: fields.prevHash,
      hash,
    });
    return { ...fields, hash };
  }
}
