import { Inject, Injectable } from '@nestjs/common';
import {
  apiKeys,
  type ApiKeyRow,
  type Database,
  DATABASE,
  type DatabaseExecutor,
  type DatabaseTransaction,
} from '@childalert/persistence';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { isUuid } from '../uuid';

export type NewApiKey = Pick<ApiKeyRow, 'kind' | 'ownerId' | 'label' | 'prefix' | 'hash' | 'createdBy'>;

/** The api_keys table; queries only. */
@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(key: NewApiKey, db: DatabaseExecutor = this.db): Promise<ApiKeyRow> {
    const [row] = await db.insert(apiKeys).values(key).returning();
    return row;
  }

  findActiveByPrefix(prefix: string): Promise<ApiKeyRow[]> {
    return this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.prefix, prefix), isNull(apiKeys.revokedAt)));
  }

  async revoke(id: string, db: DatabaseExecutor = this.db): Promise<ApiKeyRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    return row;
  }

  list(filter: { kind?: string; ownerId?: string }): Promise<ApiKeyRow[]> {
    const conditions: SQL[] = [];
    if (filter.kind !== undefined) conditions.push(eq(apiKeys.kind, filter.kind));
    if (filter.ownerId !== undefined) conditions.push(eq(apiKeys.ownerId, filter.ownerId));
    return this.db
      .select()
      .from(apiKeys)
      .where(and(...conditions))
      .orderBy(asc(apiKeys.createdAt));
  }
}
