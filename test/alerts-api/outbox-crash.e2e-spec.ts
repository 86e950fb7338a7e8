import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { MessageProducer } from '@childalert/messaging';
import { OUTBOX_DEFAULTS, OutboxRelay, OutboxWriter } from '@childalert/outbox';
import { type Database, DATABASE } from '@childalert/persistence';
import { Topic } from '@childalert/contracts';
import type { Pool } from 'pg';
import {
  anActiveAlert,
  type AlertApiTestApp,
  kafkaBrokers,
  loginStaff,
  readTopic,
  type Staff,
  startAlertApi,
} from './alert-api-test.app';

const CHILD = path.join(__dirname, 'support', 'outbox-relay.child.ts');

/** A consumer that drops what it has seen by eventId, as every consumer of alerts.lifecycle.v1 must. */
function dedupe(values: Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  const seen = new Map<string, Record<string, unknown>>();
  for (const value of values)
    if (!seen.has(value.eventId as string)) seen.set(value.eventId as string, value);
  return seen;
}

// Real PostgreSQL, broker and child processes: generous, though each test takes seconds.
jest.setTimeout(60_000);
describe('outbox relay killed mid-publish', () => {
  let t: AlertApiTestApp;
  let staff: Staff;

  beforeAll(async () => {
    // No relay in the app: the tests decide when and how the outbox is relayed.
    t = await startAlertApi({ OUTBOX_RELAY: 'false' });
    staff = await loginStaff(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function unpublished(): Promise<string[]> {
    const { rows } = await t.pool.query<{ event_id: string }>(
      'SELECT event_id FROM outbox WHERE published_at IS NULL ORDER BY id',
    );
    return rows.map((row) => row.event_id);
  }

  async function allEventIds(): Promise<string[]> {
    const { rows } = await t.pool.query<{ event_id: string }>('SELECT event_id FROM outbox ORDER BY id');
    return rows.map((row) => row.event_id);
  }

  it('republishes what the broker acknowledged before the crash, and consumers deduplicating by eventId lose and repeat nothing', async () => {
    const ids = [await anActiveAlert(t, staff), await anActiveAlert(t, staff)];
    const pending = await unpublished();
    expect(pending).toHaveLength(2);

    // The process dies right after the broker acknowledged, before the rows are marked.
    const query = t.pool.query.bind(t.pool) as (text: string, values?: unknown[]) => Promise<unknown>;
    const crashing = Object.create(t.pool, {
      query: {
        value: (text: string, values?: unknown[]) =>
          text.startsWith('update outbox set published_at')
            ? Promise.reject(new Error('killed after the broker acknowledged'))
            : query(text, values),
      },
    }) as Pool;
    const dying = new OutboxRelay(crashing, t.app.get(MessageProducer), { ...OUTBOX_DEFAULTS, relay: false });
    await expect(dying.drainOnce()).rejects.toThrow('killed after the broker acknowledged');
    expect(await unpublished()).toEqual(pending);

    // Restarted, the relay publishes them again and marks them.
    await expect(t.relay.drainOnce()).resolves.toBe(2);
    expect(await unpublished()).toEqual([]);

    const wire = await readTopic(t.lifecycleTopic, (m) => m.length >= 4);
    expect(wire).toHaveLength(4);
    const delivered = dedupe(wire.map((m) => m.value));
    expect([...delivered.keys()].sort()).toEqual([...pending].sort());
    expect([...delivered.values()].map((v) => v.alertId).sort()).toEqual([...ids].sort());
  });

  it('loses and duplicates nothing downstream when a relay process is killed -9 again and again between ack and mark', async () => {
    // Many events, written as the API writes them (OutboxWriter in a transaction).
    const writer = t.app.get(OutboxWriter);
    const db = t.app.get<Database>(DATABASE);
    await db.transaction(async (tx) => {
      for (let i = 0; i < 60; i += 1) {
        const eventId = randomUUID();
        const alertId = randomUUID();
        await writer.add(tx, {
          topic: Topic.AlertsLifecycle,
          eventId,
          key: alertId,
          value: {
            eventId,
            alertId,
            version: 1,
            type: 'activated',
            occurredAt: new Date().toISOString(),
            exercise: true,
            capIdentifier: `urn:childalert:alert:${alertId}:v1`,
          },
        });
      }
    });
    const expected = await allEventIds();
    const before = (await unpublished()).length;
    expect(before).toBe(60);

    let kills = 0;
    for (let round = 0; round < 4; round += 1) {
      const child = startRelayChild();
      const acked = await firstLine(child, (line) => line.startsWith('acked ') || line === 'drained');
      if (acked === 'drained') break;
      child.kill('SIGKILL');
      await exited(child);
      kills += 1;
      // The batch it had published is still pending: it will go out again.
      const ackedIds = (JSON.parse(acked.slice('acked '.length)) as string[]).map(String);
      const { rows } = await t.pool.query<{ id: string }>(
        'SELECT id::text AS id FROM outbox WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
        [ackedIds],
      );
      expect(rows.map((row) => row.id).sort()).toEqual([...ackedIds].sort());
    }
    expect(kills).toBe(4);
    // A relay that lives finishes the job.
    const child = startRelayChild();
    expect(await firstLine(child, (line) => line === 'drained')).toBe('drained');
    await exited(child);
    expect(await unpublished()).toEqual([]);

    const all = await allEventIds();
    const wire = await readTopic(t.lifecycleTopic, (m) => dedupe(m.map((x) => x.value)).size >= all.length);
    const delivered = dedupe(wire.map((m) => m.value));
    // Nothing lost: every event of the outbox reached the topic; after dedupe, each exactly once.
    expect([...delivered.keys()].sort()).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(expected));
    // The kills did make the relay publish some events twice (the window was hit each time).
    expect(wire.length).toBeGreaterThan(all.length);
    process.stdout.write(
      `outbox crash test: ${all.length} events, ${kills} kills -9 between ack and mark, ${wire.length - all.length} duplicates on the wire, 0 lost\n`,
    );
  });

  function startRelayChild(): ChildProcessWithoutNullStreams {
    return spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: {
        ...process.env,
        DATABASE_URL: t.database.url,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        TOPIC_PREFIX: t.prefix,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }
});

/** The first stdout line that matches, or a rejection if the process ends first. */
function firstLine(child: ChildProcessWithoutNullStreams, match: (line: string) => boolean): Promise<string> {
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(
      () => reject(new Error(`relay child said nothing useful in 30 s: ${errors.join('')}`)),
      30_000,
    );
    lines.on('line', (line) => {
      if (!match(line)) return;
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay child exited (${code}) first: ${errors.join('')}`));
    });
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
