import { Inject, Injectable } from '@nestjs/common';
import { and, eq, lt } from 'drizzle-orm';
import { type Database, DATABASE, type DatabaseExecutor } from './persistence.tokens';
import { processedEvents } from './schema';

/** The consumer-side deduplication ledger (processed_events). */
@Injectable()
export class ProcessedEventsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /**
   * Records that `consumer` handled `eventId`: true the first time, false for
   * a duplicate. Pass the transaction that does the work, so the record and
   * the work commit together or not at all.
   */
  async claim(consumer: string, eventId: string, db: DatabaseExecutor = this.db): Promise<boolean> {
    const rows = await db
      .insert(processedEvents)
      .values({ consumer, eventId })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId });
    return rows.length === 1;
  }

  /** Whether `consumer` already handled `eventId` (for work that cannot share a transaction with the record). */
  async has(consumer: string, eventId: string): Promise<boolean> {
    const rows = await this.db
      .select({ eventId: processedEvents.eventId })
      .from(processedEvents)
      .where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.eventId, eventId)))
      .limit(1);
    return rows.length === 1;
  }

  /** Forgets records older than `cutoff` (past any possible redelivery); returns how many. */
  async pruneOlderThan(cutoff: Date): Promise<number> {
    const rows = await this.db
      .delete(processedEvents)
      .where(lt(processedEvents.processedAt, cutoff))
      .returning({ eventId: processedEvents.eventId });
    return rows.length;
  }
}
