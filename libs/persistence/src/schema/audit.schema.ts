import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The append-only, hash-chained audit log (migration 0002). Rows are written
 * only through AuditService (libs/audit), which assigns seq and the hashes;
 * a trigger refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    details: jsonb('details').notNull().default({}),
    correlationId: text('correlation_id'),
    prevHash: text('prev_hash').notNull().unique('audit_log_prev_hash_key'),
    hash: text('hash').notNull().unique('audit_log_hash_key'),
  },
  (table) => [
    index('audit_log_at_idx').on(table.at),
    index('audit_log_actor_id_idx').on(table.actorId, table.seq),
    index('audit_log_actor_name_idx').on(table.actorName, table.seq),
    index('audit_log_action_idx').on(table.action, table.seq),
    index('audit_log_subject_idx').on(table.subjectType, table.subjectId, table.seq),
  ],
);

export type AuditLogRow = typeof auditLog.$inferSelect;
