// One alert-api per test file, as production wires it (AlertApiModule.forRoot
// from the real configuration schema, the global pipe and filter, OpenAPI),
// on a fresh database and a topic prefix of its own on the real broker.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import sharp from 'sharp';
import request from 'supertest';
import { AlertFixtures, type AlertCreateDto } from '@childalert/alerts';
import { loadConfig } from '@childalert/config';
import { Topic } from '@childalert/contracts';
import { OutboxRelay } from '@childalert/outbox';
import { PG_POOL } from '@childalert/persistence';
import { type AlertApiConfig, alertApiConfigSchema } from '../../apps/alert-api/src/alert-api.config';
import { AlertApiModule } from '../../apps/alert-api/src/alert-api.module';
import { setUpAlertApi } from '../../apps/alert-api/src/alert-api.setup';
import { ExpiryJob } from '../../apps/alert-api/src/alerts/expiry.job';
import { Clock } from '../../apps/alert-api/src/common/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';

export const DEMO_PASSWORD = 'demo-password-for-e2e';
export const PUBLIC_BASE_URL = 'http://alerts.test';

/** Real time plus an offset the test moves (expiry, token lifetimes) without sleeping. */
export class TestClock extends Clock {
  offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export function kafkaBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: run the tests with `npm test` or start a broker');
  return brokers.split(',');
}

export interface AlertApiTestApp {
  app: INestApplication;
  config: AlertApiConfig;
  database: TestDatabase;
  pool: Pool;
  clock: TestClock;
  prefix: string;
  /** The wire name of alerts.lifecycle.v1 for this app. */
  lifecycleTopic: string;
  http: () => ReturnType<typeof request>;
  /** Bearer token of a user (demo users have DEMO_PASSWORD). */
  login: (username: string, password?: string) => Promise<string>;
  expiry: ExpiryJob;
  relay: OutboxRelay;
  close: () => Promise<void>;
}

export async function startAlertApi(env: Record<string, string> = {}): Promise<AlertApiTestApp> {
  const database = await createTestDatabase({ migrate: false });
  const prefix = `t-alerts-${randomUUID().slice(0, 8)}.`;
  const config = loadConfig(alertApiConfigSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '8',
    KAFKA_BROKERS: kafkaBrokers().join(','),
    TOPIC_PREFIX: prefix,
    KAFKA_PARTITIONS: '2',
    JWT_SECRET: 'e2e-jwt-secret-0123456789abcdef-0123',
    DEMO_USERS: 'true',
    DEMO_PASSWORD,
    PUBLIC_BASE_URL,
    CAP_SENDER: 'alerts@amber.test',
    LOG_LEVEL: 'warn',
    // The tests run the job themselves (ExpiryJob.runOnce) at the time they choose.
    EXPIRY_INTERVAL_MS: '600000',
    ...env,
  });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({ imports: [AlertApiModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  setUpAlertApi(app);
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    database,
    pool: app.get<Pool>(PG_POOL),
    clock,
    prefix,
    lifecycleTopic: `${prefix}${Topic.AlertsLifecycle}`,
    http,
    login: async (username, password = DEMO_PASSWORD) => {
      const response = await http().post('/v1/auth/token').send({ username, password });
      if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${response.text}`);
      return (response.body as { accessToken: string }).accessToken;
    },
    expiry: app.get(ExpiryJob),
    relay: app.get(OutboxRelay),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** What the lifecycle helpers need of an alert-api: in this process or another (supertest on its URL). */
export type HttpApp = Pick<AlertApiTestApp, 'http'>;

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

/** A valid POST /v1/alerts body without photos (they are uploaded to the alert afterwards). */
export function aCreateBody(
  overrides: Record<string, unknown> = {},
): Partial<AlertCreateDto> & Record<string, unknown> {
  const body = AlertFixtures.aCreateBody(overrides);
  if (!('photoIds' in overrides)) delete body.photoIds;
  return body;
}

/** A phone photo: JPEG with EXIF (maker) and a GPS position, which the upload must strip. */
export async function aPhoneJpeg(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 58/1 2/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '23/1 43/1 39/1',
      },
    })
    .jpeg()
    .toBuffer();
}

export const VALIDATE_BODY = {
  criteria: {
    childUnder18: true,
    abductionBelieved: true,
    imminentDanger: true,
    sufficientDescription: true,
    familyConsent: 'given',
  },
  prosecutorOrder: {
    reference: 'ΕΓ-2026/1234',
    issuingOffice: "Athens Public Prosecutor's Office",
    issuedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  },
};

export interface LifecycleMessage {
  key: string | null;
  partition: number;
  offset: string;
  value: Record<string, unknown>;
}

/** Reads a topic from the beginning until `done` says it has enough (or the time is up). */
export async function readTopic(
  topic: string,
  done: (messages: LifecycleMessage[]) => boolean,
  timeoutMs = 20_000,
): Promise<LifecycleMessage[]> {
  const kafka = new Kafka({ clientId: 'e2e-reader', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const seen: LifecycleMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`read ${seen.length} messages from ${topic} without reaching the expected set`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: ({ partition, message }) => {
          seen.push({
            key: message.key?.toString() ?? null,
            partition,
            offset: message.offset,
            value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
          });
          if (done(seen)) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/**
 * Every row of the alert tables and the outbox, to show that a refused
 * request changed nothing (the outbox without published_at: the relay marks
 * rows on its own time).
 */
export async function snapshot(pool: Pool): Promise<Record<string, unknown[]>> {
  const queries: Record<string, string> = {
    alerts: 'SELECT * FROM alerts ORDER BY id',
    alert_versions: 'SELECT * FROM alert_versions ORDER BY alert_id, version',
    alert_decisions: 'SELECT * FROM alert_decisions ORDER BY alert_id, version',
    alert_publications: 'SELECT * FROM alert_publications ORDER BY alert_id, version',
    photos: 'SELECT * FROM photos ORDER BY id',
    photo_variants: 'SELECT photo_id, variant, sha256 FROM photo_variants ORDER BY photo_id, variant',
    outbox: 'SELECT id, event_id, topic, message_key, payload, headers, created_at FROM outbox ORDER BY id',
  };
  const result: Record<string, unknown[]> = {};
  for (const [table, query] of Object.entries(queries)) result[table] = (await pool.query(query)).rows;
  return result;
}

export interface Staff {
  officer: string;
  supervisor: string;
  operator: string;
}

export async function loginStaff(t: AlertApiTestApp): Promise<Staff> {
  const [officer, supervisor, operator] = await Promise.all([
    t.login('officer'),
    t.login('supervisor'),
    t.login('operator'),
  ]);
  return { officer, supervisor, operator };
}

/** Expects `status`, failing with the body (which says why) otherwise. */
export function expectStatus(
  response: request.Response,
  status: number,
): Record<string, unknown> & { id?: string } {
  if (response.status !== status) {
    throw new Error(
      `expected ${status}, got ${response.status}: ${JSON.stringify(response.body ?? response.text)}`,
    );
  }
  return response.body as Record<string, unknown>;
}

/** A DRAFT with one photo; returns the alert id. */
export async function aDraftWithPhoto(
  t: HttpApp,
  staff: Staff,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const created = expectStatus(
    await t.http().post('/v1/alerts').set(bearer(staff.officer)).send(aCreateBody(overrides)),
    201,
  );
  const id = created.id!;
  expectStatus(
    await t
      .http()
      .post(`/v1/alerts/${id}/photos`)
      .set(bearer(staff.officer))
      .set('Content-Type', 'image/jpeg')
      .send(await aPhoneJpeg(320, 240)),
    201,
  );
  return id;
}

/** A VALIDATED alert: drafted with a photo, submitted, validated by the supervisor. */
export async function aValidatedAlert(
  t: HttpApp,
  staff: Staff,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = await aDraftWithPhoto(t, staff, overrides);
  expectStatus(await t.http().post(`/v1/alerts/${id}/submit`).set(bearer(staff.officer)), 200);
  expectStatus(
    await t.http().post(`/v1/alerts/${id}/validate`).set(bearer(staff.supervisor)).send(VALIDATE_BODY),
    200,
  );
  return id;
}

/** The preview's confirmation token for `intent`, as `token`'s person. */
export async function previewToken(
  t: HttpApp,
  id: string,
  token: string,
  query: Record<string, string>,
): Promise<string> {
  const preview = expectStatus(
    await t.http().get(`/v1/alerts/${id}/preview`).query(query).set(bearer(token)),
    200,
  );
  return preview.confirmationToken as string;
}

/** An ACTIVE alert on email and webpush. */
export async function anActiveAlert(
  t: HttpApp,
  staff: Staff,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = await aValidatedAlert(t, staff, overrides);
  const channels = ['email', 'webpush'];
  const confirmationToken = await previewToken(t, id, staff.operator, {
    intent: 'activate',
    channels: channels.join(','),
  });
  expectStatus(
    await t
      .http()
      .post(`/v1/alerts/${id}/activate`)
      .set(bearer(staff.operator))
      .send({ confirmationToken, channels }),
    200,
  );
  return id;
}

/**
 * Sends the request, expects the refusal with a readable message, and shows
 * that no alert, version, decision, publication, photo or outbox row changed.
 */
export async function expectRefused(
  t: AlertApiTestApp,
  send: () => Promise<{ status: number; body: unknown }>,
  status: number,
  expected: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const before = await snapshot(t.pool);
  const response = await send();
  if (response.status !== status) {
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  expect(response.body).toMatchObject({ statusCode: status, ...expected });
  expect(typeof (response.body as { message: unknown }).message).toBe('string');
  expect(await snapshot(t.pool)).toEqual(before);
  return response.body as Record<string, unknown>;
}

/** A user made by the admin (password DEMO_PASSWORD); returns their token. */
export async function addUser(
  t: AlertApiTestApp,
  adminToken: string,
  username: string,
  role: string,
): Promise<string> {
  expectStatus(
    await t
      .http()
      .post('/v1/users')
      .set(bearer(adminToken))
      .send({ username, password: DEMO_PASSWORD, displayName: username, roles: [role] }),
    201,
  );
  return t.login(username);
}
