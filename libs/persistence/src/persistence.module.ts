import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { DatabaseHealth } from './database.health';
import { runMigrations } from './migration/migrator';
import { DATABASE, PG_POOL } from './persistence.tokens';
import { ProcessedEventsRepository } from './processed-events.repository';
import * as schema from './schema';

export interface PersistenceOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Connections this process may hold (default 10). */
  poolSize?: number;
  /** Apply pending migrations before anything can use the database. */
  migrate?: boolean;
  /** Shown in pg_stat_activity, e.g. the app's name. */
  applicationName?: string;
}

/** Ends the pool last, after every other shutdown hook had the chance to write. */
@Injectable()
class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/**
 * PostgreSQL through drizzle over a node-postgres pool. Global: import once
 * in the app module; inject `DATABASE` (drizzle) or `PG_POOL` anywhere. The
 * pool connects lazily, so an app starts (live, not ready) while the database
 * is down — unless `migrate` is set, which needs the database at start.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    const logger = new Logger('Persistence');
    return {
      module: PersistenceModule,
      providers: [
        {
          provide: PG_POOL,
          useFactory: async (): Promise<Pool> => {
            if (options.migrate) {
              const result = await runMigrations({ url: options.url, log: (line) => logger.log(line) });
              logger.log(
                `schema up to date: ${result.applied.length} applied now, ${result.alreadyApplied} before`,
              );
            }
            const pool = new Pool({
              connectionString: options.url,
              max: options.poolSize ?? 10,
              connectionTimeoutMillis: 5_000,
              idleTimeoutMillis: 30_000,
              application_name: options.applicationName,
            });
            // An idle client losing its server emits here; unhandled it would kill the process.
            pool.on('error', (error) => logger.warn(`idle database connection failed: ${error.message}`));
            // So does a checked-out client that is between queries (in a transaction, the outbox
            // relay's lock and LISTEN connections) when the server drops it: its next query fails
            // and its holder hands it back broken, which the pool then discards.
            pool.on('connect', (client) =>
              client.on('error', (error) =>
                logger.warn(`database connection in use failed: ${error.message}`),
              ),
            );
            return pool;
          },
        },
        { provide: DATABASE, inject: [PG_POOL], useFactory: (pool: Pool) => drizzle(pool, { schema }) },
        PoolCloser,
        DatabaseHealth,
        ProcessedEventsRepository,
      ],
      exports: [PG_POOL, DATABASE, DatabaseHealth, ProcessedEventsRepository],
    };
  }
}
