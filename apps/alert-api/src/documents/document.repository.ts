import { Inject, Injectable } from '@nestjs/common';
import {
  alertDocuments,
  type AlertDocumentRow,
  type Database,
  DATABASE,
  type DatabaseExecutor,
} from '@childalert/persistence';
import { and, eq, sql } from 'drizzle-orm';

export type StoredDocument = Omit<AlertDocumentRow, 'bytes'>;

/** Scans of prosecutors' orders (bytea: one small file per validation). */
@Injectable()
export class DocumentRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(tx: DatabaseExecutor, document: AlertDocumentRow): Promise<void> {
    await tx.insert(alertDocuments).values(document);
  }

  async exists(db: DatabaseExecutor, alertId: string, id: string): Promise<boolean> {
    const [row] = await db
      .select({ id: alertDocuments.id })
      .from(alertDocuments)
      .where(and(eq(alertDocuments.alertId, alertId), eq(alertDocuments.id, id)));
    return row !== undefined;
  }

  /** The document, unless retention has erased its bytes (migration 0007). */
  async find(alertId: string, id: string): Promise<AlertDocumentRow | undefined> {
    const [row] = await this.db
      .select()
      .from(alertDocuments)
      .where(
        and(
          eq(alertDocuments.alertId, alertId),
          eq(alertDocuments.id, id),
          sql`${alertDocuments}.redacted_at IS NULL`,
        ),
      );
    return row;
  }
}
