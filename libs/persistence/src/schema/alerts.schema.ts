import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
});

const instant = (name: string) => timestamp(name, { withTimezone: true });

/** One row per alert, locked FOR UPDATE by every command (migration 0005). */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    state: text('state').notNull(),
    exercise: boolean('exercise').notNull(),
    authorId: text('author_id').notNull(),
    authorOrganisation: text('author_organisation').notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
    latestVersion: integer('latest_version').notNull(),
    liveVersion: integer('live_version'),
    lastContentVersion: integer('last_content_version'),
    candidateVersion: integer('candidate_version'),
    candidateState: text('candidate_state'),
    candidateEditors: text('candidate_editors')
      .array()
      .notNull()
      .default(sql`'{}'`),
    channels: text('channels').array(),
    expiresAt: instant('expires_at'),
    /** When the retention job erased its personal data (migration 0007). */
    redactedAt: instant('redacted_at'),
  },
  (table) => [
    index('alerts_expiry_idx')
      .on(table.expiresAt)
      .where(sql`state = 'ACTIVE'`),
    index('alerts_state_idx').on(table.state, table.updatedAt.desc()),
    index('alerts_created_idx').on(table.createdAt.desc(), table.id),
    index('alerts_retention_idx')
      .on(table.updatedAt)
      .where(sql`redacted_at IS NULL AND state IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED')`),
  ],
);

/** Insert-only: every version of every alert (migration 0005). */
export const alertVersions = pgTable(
  'alert_versions',
  {
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    version: integer('version').notNull(),
    kind: text('kind').$type<'content' | 'closure'>().notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdByOrganisation: text('created_by_organisation').notNull(),
    /** Set when retention replaced the content with `{"redacted": true}`; the hash stays (migration 0007). */
    redactedAt: instant('redacted_at'),
  },
  (table) => [primaryKey({ columns: [table.alertId, table.version] })],
);

/** Scans of prosecutors' orders: restricted (migration 0005). */
export const alertDocuments = pgTable(
  'alert_documents',
  {
    id: uuid('id').primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: instant('uploaded_at').notNull(),
  },
  (table) => [index('alert_documents_alert_idx').on(table.alertId)],
);

/** Insert-only: the validator's decision on a version (migration 0005). */
export const alertDecisions = pgTable(
  'alert_decisions',
  {
    alertId: uuid('alert_id').notNull(),
    version: integer('version').notNull(),
    decision: text('decision').$type<'validated' | 'rejected'>().notNull(),
    contentHash: text('content_hash'),
    criteria: jsonb('criteria').$type<Record<string, unknown>>(),
    prosecutorReference: text('prosecutor_reference'),
    prosecutorOffice: text('prosecutor_office'),
    prosecutorIssuedAt: instant('prosecutor_issued_at'),
    prosecutorDocumentId: uuid('prosecutor_document_id').references(() => alertDocuments.id),
    reason: text('reason'),
    decidedBy: text('decided_by').notNull(),
    decidedByOrganisation: text('decided_by_organisation').notNull(),
    decidedAt: instant('decided_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.alertId, table.version] })],
);

/** Insert-only: each published version as the exact CAP bytes that went out (migration 0005). */
export const alertPublications = pgTable(
  'alert_publications',
  {
    alertId: uuid('alert_id').notNull(),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    msgType: text('msg_type').notNull(),
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    sent: instant('sent').notNull(),
    exercise: boolean('exercise').notNull(),
    channels: text('channels').array().notNull(),
    eventId: uuid('event_id').notNull(),
    capXml: text('cap_xml').notNull(),
    capSha256: text('cap_sha256').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.alertId, table.version] }),
    unique('alert_publications_identifier_key').on(table.identifier),
    unique('alert_publications_event_id_key').on(table.eventId),
  ],
);

/** Photos uploaded to an alert, metadata stripped (migration 0005). */
export const photos = pgTable(
  'photos',
  {
    id: uuid('id').primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    sourceType: text('source_type').notNull(),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: instant('uploaded_at').notNull(),
  },
  (table) => [index('photos_alert_idx').on(table.alertId)],
);

/** The stored bytes of each photo variant (migration 0005). */
export const photoVariants = pgTable(
  'photo_variants',
  {
    photoId: uuid('photo_id')
      .notNull()
      .references(() => photos.id),
    variant: text('variant').notNull(),
    mimeType: text('mime_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    size: integer('size').notNull(),
    sha1: text('sha1').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (table) => [primaryKey({ columns: [table.photoId, table.variant] })],
);

export type AlertRow = typeof alerts.$inferSelect;
export type AlertVersionRow = typeof alertVersions.$inferSelect;
export type AlertDecisionRow = typeof alertDecisions.$inferSelect;
export type AlertPublicationRow = typeof alertPublications.$inferSelect;
export type PhotoRow = typeof photos.$inferSelect;
export type PhotoVariantRow = typeof photoVariants.$inferSelect;
export type AlertDocumentRow = typeof alertDocuments.$inferSelect;
