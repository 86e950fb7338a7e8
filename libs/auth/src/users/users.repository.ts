import { Inject, Injectable } from '@nestjs/common';
import {
  type Database,
  DATABASE,
  type DatabaseExecutor,
  type DatabaseTransaction,
  users,
  type UserRow,
} from '@childalert/persistence';
import { and, arrayContains, asc, eq, ne, sql } from 'drizzle-orm';
import type { LockoutState } from '../login/lockout-policy';
import { isUuid } from '../uuid';

export type NewUser = Pick<UserRow, 'username' | 'passwordHash' | 'displayName' | 'organisation' | 'roles'> &
  Partial<Pick<UserRow, 'demo' | 'disabled'>>;

export type UserChanges = Partial<
  Pick<
    UserRow,
    | 'passwordHash'
    | 'displayName'
    | 'roles'
    | 'disabled'
    | 'failedAttempts'
    | 'lastFailedAt'
    | 'lockedUntil'
    | 'tokenVersion'
  >
>;

/** Key of the advisory lock taken by every change that could leave no active ngo_admin. */
export const USER_ADMINISTRATION_LOCK_KEY = 7_240_115_003;

/** The users table; no rules here, only queries. */
@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findById(id: string, db: DatabaseExecutor = this.db): Promise<UserRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await db.select().from(users).where(eq(users.id, id));
    return row;
  }

  async findByIdForUpdate(id: string, tx: DatabaseTransaction): Promise<UserRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    return row;
  }

  async findByUsername(username: string, db: DatabaseExecutor = this.db): Promise<UserRow | undefined> {
    const [row] = await db.select().from(users).where(eq(users.username, username));
    return row;
  }

  async findByUsernameForUpdate(username: string, tx: DatabaseTransaction): Promise<UserRow | undefined> {
    const [row] = await tx.select().from(users).where(eq(users.username, username)).for('update');
    return row;
  }

  list(): Promise<UserRow[]> {
    return this.db.select().from(users).orderBy(asc(users.username));
  }

  async insert(user: NewUser, db: DatabaseExecutor = this.db): Promise<UserRow> {
    const [row] = await db.insert(users).values(user).returning();
    return row;
  }

  async update(
    id: string,
    changes: UserChanges,
    db: DatabaseExecutor = this.db,
  ): Promise<UserRow | undefined> {
    const [row] = await db
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(users.id, id))
      .returning();
    return row;
  }

  async saveLockout(id: string, state: LockoutState, db: DatabaseExecutor = this.db): Promise<void> {
    await db
      .update(users)
      .set({
        failedAttempts: state.failedAttempts,
        lastFailedAt: state.lastFailedAt,
        lockedUntil: state.lockedUntil,
      })
      .where(eq(users.id, id));
  }

  /** Serialises changes to who administers users (see USER_ADMINISTRATION_LOCK_KEY). */
  async lockAdministration(tx: DatabaseTransaction): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${USER_ADMINISTRATION_LOCK_KEY})`);
  }

  async countActiveWithRole(
    role: string,
    exceptId: string | undefined,
    db: DatabaseExecutor = this.db,
  ): Promise<number> {
    const conditions = [arrayContains(users.roles, [role]), eq(users.disabled, false)];
    if (exceptId !== undefined) conditions.push(ne(users.id, exceptId));
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(and(...conditions));
    return row?.count ?? 0;
  }

  async countWithRole(role: string, db: DatabaseExecutor = this.db): Promise<number> {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(arrayContains(users.roles, [role]));
    return row?.count ?? 0;
  }

  listDemo(db: DatabaseExecutor = this.db): Promise<UserRow[]> {
    return db.select().from(users).where(eq(users.demo, true));
  }
}
