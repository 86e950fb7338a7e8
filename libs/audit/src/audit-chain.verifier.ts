import type { Pool, PoolClient } from 'pg';
import type { AuditRecord } from './audit-entry';
import { auditHash, GENESIS_HASH } from './audit-hash';

export type AuditVerification =
  | {
      readonly ok: true;
      /** Rows checked, i.e. the length of the chain. */
      readonly rows: number;
      /** The last row; keep it somewhere else (a ticket, a log) to detect later truncation of the tail. */
      readonly head: { readonly seq: number; readonly hash: string } | null;
    }
  | {
      readonly ok: false;
      /** The first seq whose row is missing, altered or does not link to its predecessor. */
      readonly firstBrokenSeq: number;
      readonly reason: string;
      readonly rows: number;
    };

export interface VerifyAuditChainOptions {
  /** A head recorded earlier (seq and hash): the chain must still contain it unchanged. */
  readonly anchor?: { readonly seq: number; readonly hash: string };
  /** Rows read per query; default 1000 (memory stays flat however long the log). */
  readonly pageSize?: number;
}

/**
 * The row as stored, read back with every value in the exact text form the
 * hash covers. Output columns shadow table columns in ORDER BY: qualify
 * (`audit_log.seq`) when sorting, or seq sorts as text.
 */
export const AUDIT_ROW_SELECT = `SELECT seq::text AS seq,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
  actor_type, actor_id, actor_name, action, subject_type, subject_id,
  details::text AS details, correlation_id, prev_hash, hash
  FROM audit_log`;

export interface AuditRowText {
  seq: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string;
  correlation_id: string | null;
  prev_hash: string;
  hash: string;
}

export function auditRecordFromRow(row: AuditRowText): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: { type: row.actor_type as AuditRecord['actor']['type'], id: row.actor_id, name: row.actor_name },
    action: row.action,
    subject: { type: row.subject_type, id: row.subject_id },
    details: JSON.parse(row.details) as unknown,
    correlationId: row.correlation_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Walks the whole audit chain in seq order inside one read-only snapshot and
 * reports the first broken link: a missing seq (row removed), a prev_hash that
 * is not the previous row's hash (removed, reordered or re-chained rows) or a
 * hash that does not match the row's content (row altered). Needs only a pg
 * Pool, so a command-line script can call it without Nest.
 */
export async function verifyAuditChain(
  pool: Pool,
  options: VerifyAuditChainOptions = {},
): Promise<AuditVerification> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await walk(client, options);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function walk(client: PoolClient, options: VerifyAuditChainOptions): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const anchor = options.anchor;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  const broken = (firstBrokenSeq: number, reason: string): AuditVerification => ({
    ok: false,
    firstBrokenSeq,
    reason,
    rows,
  });
  for (;;) {
    const page = await client.query<AuditRowText>(
      `${AUDIT_ROW_SELECT} WHERE audit_log.seq >= $1 ORDER BY audit_log.seq LIMIT $2`,
      [expectedSeq, pageSize],
    );
    for (const row of page.rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        const before = expectedSeq === 1 ? 'the start of the log' : `row ${expectedSeq - 1}`;
        return broken(expectedSeq, `row ${expectedSeq} is missing: row ${seq} follows ${before}`);
      }
      if (row.prev_hash !== prevHash) {
        const before = seq === 1 ? 'the genesis value' : `the hash of row ${seq - 1}`;
        return broken(
          seq,
          `prev_hash of row ${seq} is not ${before}: rows were removed, reordered or altered`,
        );
      }
      let record: AuditRecord;
      try {
        record = auditRecordFromRow(row);
      } catch {
        return broken(seq, `row ${seq} has unreadable details`);
      }
      if (auditHash(record) !== row.hash) {
        return broken(seq, `hash of row ${seq} does not match its content: the row was altered`);
      }
      if (anchor && anchor.seq === seq && anchor.hash !== row.hash) {
        return broken(seq, `row ${seq} differs from the anchored head: the chain was rewritten from here`);
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      rows += 1;
    }
    if (page.rows.length < pageSize) break;
  }
  if (anchor && anchor.seq >= expectedSeq) {
    return broken(
      expectedSeq,
      `row ${expectedSeq} is missing: the log ends before the anchored head ${anchor.seq}`,
    );
  }
  return { ok: true, rows, head: rows === 0 ? null : { seq: expectedSeq - 1, hash: prevHash } };
}
