import { Test } from '@nestjs/testing';
import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import {
  DATABASE,
  type Database,
  PG_POOL,
  PersistenceModule,
  ProcessedEventsRepository,
  processedEvents,
} from '@childalert/persistence';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe(PersistenceModule.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  async function start() {
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ url: database.url, poolSize: 2, migrate: true })],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  it('migrates at start when asked, and hands out drizzle over the pool', async () => {
    const moduleRef = await start();
    try {
      const db = moduleRef.get<Database>(DATABASE);

      const rows = await db.execute<{ answer: number }>(sql`SELECT 41 + 1 AS answer`);

      expect(rows.rows).toEqual([{ answer: 42 }]);
      await expect(db.select().from(processedEvents)).resolves.toEqual([]);
    } finally {
      await moduleRef.close();
    }
  });

  it('records a processed event once; a duplicate is recognised', async () => {
    const moduleRef = await start();
    try {
      const sut = moduleRef.get(ProcessedEventsRepository);

      const first = await sut.claim('email-worker', 'evt-1');
      const again = await sut.claim('email-worker', 'evt-1');
      const otherConsumer = await sut.claim('webpush-worker', 'evt-1');

      expect([first, again, otherConsumer]).toEqual([true, false, true]);
    } finally {
      await moduleRef.close();
    }
  });

  it('rolls the record back with the transaction it joined', async () => {
    const moduleRef = await start();
    try {
      const sut = moduleRef.get(ProcessedEventsRepository);
      const db = moduleRef.get<Database>(DATABASE);

      await expect(
        db.transaction(async (tx) => {
          await sut.claim('dispatcher', 'evt-2', tx);
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');

      await expect(sut.claim('dispatcher', 'evt-2')).resolves.toBe(true);
    } finally {
      await moduleRef.close();
    }
  });

  it('prunes records older than a cutoff', async () => {
    const moduleRef = await start();
    try {
      const sut = moduleRef.get(ProcessedEventsRepository);
      const db = moduleRef.get<Database>(DATABASE);
      await db.insert(processedEvents).values([
        { consumer: 'prune', eventId: 'old', processedAt: new Date('2020-01-01T00:00:00Z') },
        { consumer: 'prune', eventId: 'new' },
      ]);

      const pruned = await sut.pruneOlderThan(new Date('2021-01-01T00:00:00Z'));

      expect(pruned).toBe(1);
      await expect(sut.claim('prune', 'old')).resolves.toBe(true);
      await expect(sut.claim('prune', 'new')).resolves.toBe(false);
    } finally {
      await moduleRef.close();
    }
  });

  it('closes the pool when the app shuts down', async () => {
    const moduleRef = await start();
    const pool = moduleRef.get<Pool>(PG_POOL);
    await pool.query('SELECT 1');

    await moduleRef.close();

    expect(pool.ended).toBe(true);
  });
});
