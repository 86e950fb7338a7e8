import { Inject, Injectable } from '@nestjs/common';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import {
  type Database,
  DATABASE,
  type DatabaseExecutor,
  emailSubscriptions,
  mobileSubscriptions,
  webpushSubscriptions,
} from '@childalert/persistence';
import { areaColumns, storedAreaOf } from '../area/area-columns';
import type { StoredArea } from '../area/area.types';
import type { SubscriptionChannel } from '../subscription-channel';

export interface WebpushWrite {
  endpoint: string;
  p256dh: string;
  auth: string;
  languages: string[];
  area: StoredArea;
}

export interface MobileWrite {
  token: string;
  platform: 'android' | 'ios' | 'web';
  languages: string[];
  area: StoredArea;
}

export interface EmailRequest {
  address: string;
  languages: string[];
  area: StoredArea;
  nonce: string;
  expiresAt: Date;
  /** A confirmation sent after this instant is recent: no other is sent. */
  resendAfter: Date;
}

/** What an e-mail subscription request led to. */
export type EmailRequestOutcome =
  | { kind: 'send'; id: string; nonce: string; expiresAt: Date; change: 'new' | 'unconfirmed' | 'confirmed' }
  | { kind: 'throttled' };

export type ConfirmOutcome = 'confirmed' | 'already_confirmed' | 'not_found' | 'superseded';

export interface TestAudienceEntry {
  channel: SubscriptionChannel;
  id: string;
  area: StoredArea;
  languages: string[];
  createdAt: Date;
}

const TABLES = { webpush: webpushSubscriptions, mobile: mobileSubscriptions, email: emailSubscriptions };

/** A pending change of a confirmed e-mail subscriber, applied when the new link is followed. */
interface PendingChange {
  languages: string[];
  area: StoredArea;
}

/** Writes of the public subscription API (the dispatcher reads through AudienceRepository). */
@Injectable()
export class SubscriptionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Same endpoint again updates keys, languages and area; the test flag stays. */
  async upsertWebpush(write: WebpushWrite): Promise<string> {
    const values = {
      endpoint: write.endpoint,
      p256dh: write.p256dh,
      auth: write.auth,
      languages: write.languages,
    };
    const area = areaColumns(write.area);
    const [row] = await this.db
      .insert(webpushSubscriptions)
      .values({ ...values, ...area })
      .onConflictDoUpdate({
        target: webpushSubscriptions.endpoint,
        set: { ...values, ...area, updatedAt: sql`now()` },
      })
      .returning({ id: webpushSubscriptions.id });
    return String(row.id);
  }

  async deleteWebpushByEndpoint(endpoint: string): Promise<boolean> {
    const rows = await this.db
      .delete(webpushSubscriptions)
      .where(eq(webpushSubscriptions.endpoint, endpoint))
      .returning({ id: webpushSubscriptions.id });
    return rows.length > 0;
  }

  async upsertMobile(write: MobileWrite): Promise<string> {
    const values = { token: write.token, platform: write.platform, languages: write.languages };
    const area = areaColumns(write.area);
    const [row] = await this.db
      .insert(mobileSubscriptions)
      .values({ ...values, ...area })
      .onConflictDoUpdate({
        target: mobileSubscriptions.token,
        set: { ...values, ...area, updatedAt: sql`now()` },
      })
      .returning({ id: mobileSubscriptions.id });
    return String(row.id);
  }

  async deleteMobileByToken(token: string): Promise<boolean> {
    const rows = await this.db
      .delete(mobileSubscriptions)
      .where(eq(mobileSubscriptions.token, token))
      .returning({ id: mobileSubscriptions.id });
    return rows.length > 0;
  }

  /**
   * Records a request to subscribe an address and issues a new confirmation
   * nonce: a new row, or the settings of a still unconfirmed one replaced, or
   * for a confirmed subscriber the change kept pending until confirmed.
   * Nothing changes when a confirmation went out less than the resend
   * interval ago.
   */
  async requestEmail(request: EmailRequest): Promise<EmailRequestOutcome> {
    const area = areaColumns(request.area);
    return this.db.transaction(async (tx) => {
      // Two rounds at most: a concurrent unsubscribe may delete the row between insert and lock.
      for (let attempt = 0; attempt < 2; attempt++) {
        const inserted = await tx
          .insert(emailSubscriptions)
          .values({
            address: request.address,
            languages: request.languages,
            ...area,
            confirmationNonce: request.nonce,
            confirmationExpiresAt: request.expiresAt,
          })
          .onConflictDoNothing({ target: emailSubscriptions.address })
          .returning({ id: emailSubscriptions.id });
        if (inserted[0]) return this.sendOutcome(inserted[0].id, request, 'new');
        const [existing] = await tx
          .select({
            id: emailSubscriptions.id,
            confirmedAt: emailSubscriptions.confirmedAt,
            sentAt: emailSubscriptions.confirmationSentAt,
          })
          .from(emailSubscriptions)
          .where(eq(emailSubscriptions.address, request.address))
          .for('update');
        if (!existing) continue;
        if (existing.sentAt && existing.sentAt > request.resendAfter) return { kind: 'throttled' };
        const renewal = {
          confirmationNonce: request.nonce,
          confirmationExpiresAt: request.expiresAt,
          updatedAt: sql`now()`,
        };
        if (existing.confirmedAt === null) {
          await tx
            .update(emailSubscriptions)
            .set({ languages: request.languages, ...area, pendingChange: null, ...renewal })
            .where(eq(emailSubscriptions.id, existing.id));
          return this.sendOutcome(existing.id, request, 'unconfirmed');
        }
        const pending: PendingChange = { languages: request.languages, area: request.area };
        await tx
          .update(emailSubscriptions)
          .set({ pendingChange: pending, ...renewal })
          .where(eq(emailSubscriptions.id, existing.id));
        return this.sendOutcome(existing.id, request, 'confirmed');
      }
      throw new Error(`e-mail subscription of one address changed twice during one request`);
    });
  }

  /** After the confirmation e-mail was accepted by the relay: starts the resend interval. */
  async markConfirmationSent(id: string, nonce: string): Promise<void> {
    await this.db
      .update(emailSubscriptions)
      .set({ confirmationSentAt: sql`now()` })
      .where(and(eq(emailSubscriptions.id, Number(id)), eq(emailSubscriptions.confirmationNonce, nonce)));
  }

  /**
   * Undoes a request whose confirmation the relay refused for good: a row
   * never confirmed goes, a confirmed one only loses its pending change.
   */
  async discardEmailRequest(id: string, nonce: string): Promise<void> {
    const mine = and(eq(emailSubscriptions.id, Number(id)), eq(emailSubscriptions.confirmationNonce, nonce));
    await this.db.delete(emailSubscriptions).where(and(mine, isNull(emailSubscriptions.confirmedAt)));
    await this.db.update(emailSubscriptions).set({ pendingChange: null }).where(mine);
  }

  /** Confirms when the nonce is the current one; applies a pending change. Idempotent. */
  async confirmEmail(id: string, nonce: string): Promise<ConfirmOutcome> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          nonce: emailSubscriptions.confirmationNonce,
          confirmedAt: emailSubscriptions.confirmedAt,
          pendingChange: emailSubscriptions.pendingChange,
        })
        .from(emailSubscriptions)
        .where(eq(emailSubscriptions.id, Number(id)))
        .for('update');
      if (!row) return 'not_found';
      if (row.nonce !== nonce) return 'superseded';
      const pending = row.pendingChange as PendingChange | null;
      if (row.confirmedAt !== null && pending === null) return 'already_confirmed';
      await tx
        .update(emailSubscriptions)
        .set({
          confirmedAt: sql`coalesce(${emailSubscriptions.confirmedAt}, now())`,
          ...(pending
            ? { languages: pending.languages, ...areaColumns(pending.area), pendingChange: null }
            : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(emailSubscriptions.id, Number(id)));
      return 'confirmed';
    });
  }

  async emailExists(id: string): Promise<boolean> {
    const rows = await this.db
      .select({ id: emailSubscriptions.id })
      .from(emailSubscriptions)
      .where(eq(emailSubscriptions.id, Number(id)));
    return rows.length > 0;
  }

  async deleteEmail(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(emailSubscriptions)
      .where(eq(emailSubscriptions.id, Number(id)))
      .returning({ id: emailSubscriptions.id });
    return rows.length > 0;
  }

  /** Forgets addresses whose confirmation link expired unused; returns how many. */
  async purgeExpiredUnconfirmed(now: Date): Promise<number> {
    const rows = await this.db
      .delete(emailSubscriptions)
      .where(and(isNull(emailSubscriptions.confirmedAt), lt(emailSubscriptions.confirmationExpiresAt, now)))
      .returning({ id: emailSubscriptions.id });
    return rows.length;
  }

  async setTestAudience(
    channel: SubscriptionChannel,
    id: string,
    testAudience: boolean,
    db: DatabaseExecutor = this.db,
  ): Promise<boolean> {
    const table = TABLES[channel];
    const rows = await db
      .update(table)
      .set({ testAudience, updatedAt: sql`now()` })
      .where(eq(table.id, Number(id)))
      .returning({ id: table.id });
    return rows.length > 0;
  }

  async listTestAudience(): Promise<TestAudienceEntry[]> {
    const entries: TestAudienceEntry[] = [];
    for (const channel of ['webpush', 'mobile', 'email'] as const) {
      const table = TABLES[channel];
      const rows = await this.db.select().from(table).where(eq(table.testAudience, true)).orderBy(table.id);
      for (const row of rows) {
        entries.push({
          channel,
          id: String(row.id),
          area: storedAreaOf(row),
          languages: row.languages,
          createdAt: row.createdAt,
        });
      }
    }
    return entries;
  }

  private sendOutcome(
    id: number,
    request: EmailRequest,
    change: 'new' | 'unconfirmed' | 'confirmed',
  ): EmailRequestOutcome {
    return { kind: 'send', id: String(id), nonce: request.nonce, expiresAt: request.expiresAt, change };
  }
}
