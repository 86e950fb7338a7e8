import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as schema from './schema';

/** Injection token of the drizzle database (`Database`). */
export const DATABASE = Symbol('DATABASE');
/** Injection token of the node-postgres `Pool` behind it. */
export const PG_POOL = Symbol('PG_POOL');

export type Database = NodePgDatabase<typeof schema>;
/** The `tx` that `db.transaction(async (tx) => …)` hands its callback. */
export type DatabaseTransaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either: repositories take one so a caller can include their write in its transaction. */
export type DatabaseExecutor = Database | DatabaseTransaction;
