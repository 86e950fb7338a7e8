import { integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true });

export const DELIVERY_LEDGER_STATUSES = ['pending', 'sending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryLedgerStatus = (typeof DELIVERY_LEDGER_STATUSES)[number];

/** The idempotency ledger of the channel workers (migration 0006); libs/delivery writes it in bulk SQL. */
export const deliveryLedger = pgTable(
  'delivery_ledger',
  {
    channel: text('channel').notNull(),
    alertId: uuid('alert_id').notNull(),
    recipientId: text('recipient_id').notNull(),
    version: integer('version').notNull(),
    language: text('language').notNull(),
    status: text('status').$type<DeliveryLedgerStatus>().notNull(),
    attempts: smallint('attempts').notNull().default(0),
    claimedBy: uuid('claimed_by'),
    leaseUntil: instant('lease_until'),
    lastError: text('last_error'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.channel, table.alertId, table.recipientId, table.version] })],
);

/** Recipients the dispatcher planned per alert version and channel (migration 0006). */
export const deliveryPlans = pgTable(
  'delivery_plans',
  {
    alertId: uuid('alert_id').notNull(),
    version: integer('version').notNull(),
    channel: text('channel').notNull(),
    eventType: text('event_type').notNull(),
    planned: integer('planned').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.alertId, table.version, table.channel] })],
);

/** The latest receipt outcome per recipient, as alert-api saw it (migration 0006). */
export const deliveryOutcomes = pgTable(
  'delivery_outcomes',
  {
    alertId: uuid('alert_id').notNull(),
    version: integer('version').notNull(),
    channel: text('channel').notNull(),
    recipientId: text('recipient_id').notNull(),
    outcome: text('outcome').$type<'retried' | 'skipped' | 'failed' | 'delivered'>().notNull(),
    at: instant('at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.alertId, table.version, table.channel, table.recipientId] })],
);

/** Delivery counters per alert version and channel, kept with delivery_outcomes (migration 0006). */
export const deliveryProgress = pgTable(
  'delivery_progress',
  {
    alertId: uuid('alert_id').notNull(),
    version: integer('version').notNull(),
    channel: text('channel').notNull(),
    delivered: integer('delivered').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    retrying: integer('retrying').notNull().default(0),
    firstDeliveredAt: instant('first_delivered_at'),
    lastDeliveredAt: instant('last_delivered_at'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.alertId, table.version, table.channel] })],
);

export type DeliveryLedgerRow = typeof deliveryLedger.$inferSelect;
export type DeliveryPlanRow = typeof deliveryPlans.$inferSelect;
export type DeliveryOutcomeRow = typeof deliveryOutcomes.$inferSelect;
export type DeliveryProgressRow = typeof deliveryProgress.$inferSelect;
