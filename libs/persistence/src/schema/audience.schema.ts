import {
  bigint,
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * The columns every subscription table shares (migration 0004): languages,
 * the area (a circle with its bounding box, or region codes), the countries
 * the area touches, and the test-audience flag. Fresh builders per table.
 */
function audienceColumns() {
  return {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    languages: text('languages').array().notNull(),
    areaKind: text('area_kind').$type<'circle' | 'regions'>().notNull(),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    radiusKm: doublePrecision('radius_km'),
    minLat: doublePrecision('min_lat'),
    maxLat: doublePrecision('max_lat'),
    minLon: doublePrecision('min_lon'),
    maxLon: doublePrecision('max_lon'),
    regionCodes: text('region_codes').array(),
    countries: text('countries').array().notNull(),
    testAudience: boolean('test_audience').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  };
}

/** Browsers' push subscriptions (migration 0004). */
export const webpushSubscriptions = pgTable(
  'webpush_subscriptions',
  {
    ...audienceColumns(),
    endpoint: text('endpoint').notNull().unique('webpush_subscriptions_endpoint_key'),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
  },
  (table) => [
    index('webpush_subscriptions_test_idx')
      .on(table.id)
      .where(sql`test_audience`),
  ],
);

export type WebpushSubscriptionRow = typeof webpushSubscriptions.$inferSelect;

/** Mobile app installations by FCM registration token (migration 0004). */
export const mobileSubscriptions = pgTable(
  'mobile_subscriptions',
  {
    ...audienceColumns(),
    token: text('token').notNull().unique('mobile_subscriptions_token_key'),
    platform: text('platform').$type<'android' | 'ios' | 'web'>().notNull(),
  },
  (table) => [
    index('mobile_subscriptions_test_idx')
      .on(table.id)
      .where(sql`test_audience`),
  ],
);

export type MobileSubscriptionRow = typeof mobileSubscriptions.$inferSelect;

/** E-mail subscribers with double opt-in (migration 0004). */
export const emailSubscriptions = pgTable(
  'email_subscriptions',
  {
    ...audienceColumns(),
    address: text('address').notNull().unique('email_subscriptions_address_key'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmationNonce: text('confirmation_nonce').notNull(),
    confirmationExpiresAt: timestamp('confirmation_expires_at', { withTimezone: true }).notNull(),
    confirmationSentAt: timestamp('confirmation_sent_at', { withTimezone: true }),
    pendingChange: jsonb('pending_change'),
  },
  (table) => [
    index('email_subscriptions_confirmed_idx')
      .on(table.id)
      .where(sql`confirmed_at IS NOT NULL`),
    index('email_subscriptions_test_idx')
      .on(table.id)
      .where(sql`test_audience AND confirmed_at IS NOT NULL`),
    index('email_subscriptions_unconfirmed_idx')
      .on(table.confirmationExpiresAt)
      .where(sql`confirmed_at IS NULL`),
  ],
);

export type EmailSubscriptionRow = typeof emailSubscriptions.$inferSelect;
