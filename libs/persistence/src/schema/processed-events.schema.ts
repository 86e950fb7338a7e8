import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Consumer-side deduplication by event id (migration 0001). */
export const processedEvents = pgTable(
  'processed_events',
  {
    consumer: text('consumer').notNull(),
    eventId: text('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.consumer, table.eventId] }),
    index('processed_events_processed_at_idx').on(table.processedAt),
  ],
);

export type ProcessedEvent = typeof processedEvents.$inferSelect;
