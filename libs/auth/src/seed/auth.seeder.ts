import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '@childalert/audit';
import type { DatabaseTransaction } from '@childalert/persistence';
import { randomBytes } from 'node:crypto';
import { AUTH_OPTIONS, type ResolvedAuthOptions } from '../auth-options';
import { CLEARED_LOCKOUT } from '../login/lockout-policy';
import { PasswordHasher } from '../passwords/password-hasher';
import { organisationOf, Role } from '../role';
import { UsersRepository } from '../users/users.repository';

/** One demo account per role (issue 3): username → role. */
export const DEMO_USERS: ReadonlyArray<{ username: string; role: Role; displayName: string }> = [
  { username: 'officer', role: Role.PoliceOfficer, displayName: 'Demo police officer' },
  { username: 'supervisor', role: Role.PoliceSupervisor, displayName: 'Demo police supervisor' },
  { username: 'operator', role: Role.NgoOperator, displayName: 'Demo NGO operator' },
  { username: 'admin', role: Role.NgoAdmin, displayName: 'Demo NGO administrator' },
  { username: 'auditor', role: Role.Auditor, displayName: 'Demo auditor' },
];

export interface AuthSeedResult {
  readonly firstAdmin: 'created' | 'admin_exists' | 'not_configured';
  /** Present when demo users are enabled: what `npm start` prints. */
  readonly demoUsers?: {
    readonly usernames: string[];
    readonly password: string;
    readonly generated: boolean;
  };
  /** Demo accounts found and disabled because this is production. */
  readonly demoUsersDisabled: number;
}

/**
 * Runs once at application bootstrap (after migrations): creates the first
 * ngo_admin from configuration when there is none, (re)sets the demo accounts
 * when enabled, and disables any demo account left in a production database.
 * Never logs a password: the app prints `result.demoUsers` itself.
 */
@Injectable()
export class AuthSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthSeeder.name);
  private seeded: AuthSeedResult | undefined;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  /** What the last seeding did; undefined before bootstrap. */
  get result(): AuthSeedResult | undefined {
    return this.seeded;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
  }

  async seed(): Promise<AuthSeedResult> {
    const firstAdmin = this.options.firstAdmin;
    const firstAdminHash = firstAdmin ? await this.hasher.hash(firstAdmin.password) : undefined;
    const demo = this.options.demoUsers.enabled ? await this.demoPassword() : undefined;
    const result = await this.users.transaction(async (tx) => {
      await this.users.lockAdministration(tx);
      const firstAdminOutcome =
        firstAdmin && firstAdminHash
          ? await this.seedFirstAdmin(firstAdmin, firstAdminHash, tx)
          : 'not_configured';
      const demoUsers = demo ? await this.seedDemoUsers(demo.hashes, tx) : undefined;
      const demoUsersDisabled = this.options.production ? await this.disableDemoUsers(tx) : 0;
      return {
        firstAdmin: firstAdminOutcome,
        demoUsers:
          demo && demoUsers
            ? { usernames: demoUsers, password: demo.password, generated: demo.generated }
            : undefined,
        demoUsersDisabled,
      } satisfies AuthSeedResult;
    });
    if (result.firstAdmin === 'created')
      this.logger.log(`created the first ngo_admin ${firstAdmin?.username}`);
    if (result.demoUsers) this.logger.log(`demo users ready: ${result.demoUsers.usernames.join(', ')}`);
    if (result.demoUsersDisabled > 0) {
      this.logger.warn(
        `disabled ${result.demoUsersDisabled} demo account(s): demo users never exist in production`,
      );
    }
    this.seeded = result;
    return result;
  }

  private async demoPassword(): Promise<{ password: string; generated: boolean; hashes: string[] }> {
    const given = this.options.demoUsers.password;
    const password = given ?? randomBytes(12).toString('base64url');
    // One hash per account: identical hashes would show which accounts share a password.
    const hashes = await Promise.all(DEMO_USERS.map(() => this.hasher.hash(password)));
    return { password, generated: given === undefined, hashes };
  }

  private async seedFirstAdmin(
    admin: NonNullable<ResolvedAuthOptions['firstAdmin']>,
    passwordHash: string,
    tx: DatabaseTransaction,
  ): Promise<AuthSeedResult['firstAdmin']> {
    if ((await this.users.countWithRole(Role.NgoAdmin, tx)) > 0) return 'admin_exists';
    if (await this.users.findByUsername(admin.username, tx)) {
      throw new Error(
        `first admin: username ${admin.username} exists without the ngo_admin role; choose another username`,
      );
    }
    const row = await this.users.insert(
      {
        username: admin.username,
        passwordHash,
        displayName: admin.displayName,
        organisation: organisationOf(Role.NgoAdmin),
        roles: [Role.NgoAdmin],
      },
      tx,
    );
    await this.audit.record(
      {
        actor: SYSTEM_ACTOR,
        action: 'user.created',
        subject: { type: 'user', id: row.id },
        details: {
          username: row.username,
          roles: row.roles,
          organisation: row.organisation,
          firstAdmin: true,
        },
      },
      tx,
    );
    return 'created';
  }

  private async seedDemoUsers(hashes: string[], tx: DatabaseTransaction): Promise<string[]> {
    const seeded: string[] = [];
    for (const [index, demo] of DEMO_USERS.entries()) {
      const passwordHash = hashes[index];
      const existing = await this.users.findByUsername(demo.username, tx);
      if (existing && !existing.demo) {
        this.logger.warn(`demo user ${demo.username} not seeded: a real account has that username`);
        continue;
      }
      const row = existing
        ? await this.users.update(
            existing.id,
            { passwordHash, roles: [demo.role], disabled: false, ...CLEARED_LOCKOUT },
            tx,
          )
        : await this.users.insert(
            {
              username: demo.username,
              passwordHash,
              displayName: demo.displayName,
              organisation: organisationOf(demo.role),
              roles: [demo.role],
              demo: true,
            },
            tx,
          );
      if (!row) continue;
      await this.audit.record(
        {
          actor: SYSTEM_ACTOR,
          action: existing ? 'user.demo_reset' : 'user.created',
          subject: { type: 'user', id: row.id },
          details: { username: row.username, roles: row.roles, organisation: row.organisation, demo: true },
        },
        tx,
      );
      seeded.push(demo.username);
    }
    return seeded;
  }

  private async disableDemoUsers(tx: DatabaseTransaction): Promise<number> {
    let disabled = 0;
    for (const row of await this.users.listDemo(tx)) {
      if (row.disabled) continue;
      await this.users.update(row.id, { disabled: true, tokenVersion: row.tokenVersion + 1 }, tx);
      await this.audit.record(
        {
          actor: SYSTEM_ACTOR,
          action: 'user.updated',
          subject: { type: 'user', id: row.id },
          details: {
            username: row.username,
            changes: { disabled: { from: false, to: true } },
            reason: 'demo user in production',
          },
        },
        tx,
      );
      disabled += 1;
    }
    return disabled;
  }
}
