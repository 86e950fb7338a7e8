import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ANONYMOUS_ACTOR, AuditService } from '@childalert/audit';
import type { UserRow } from '@childalert/persistence';
import { AUTH_OPTIONS, normaliseUsername, type ResolvedAuthOptions } from '../auth-options';
import { PasswordHasher } from '../passwords/password-hasher';
import { type IssuedToken, TokenService } from '../tokens/token.service';
import { auditActorOfUser } from '../users/user.mapper';
import { UsersRepository } from '../users/users.repository';
import { type AttemptDecision, LockoutPolicy } from './lockout-policy';
import { UnknownUsernameThrottle } from './unknown-username.throttle';

export const INVALID_CREDENTIALS = 'invalid username or password';

export interface LoginContext {
  /** Client address, for the audit log. */
  readonly ip?: string;
}

type FailureReason = 'unknown_user' | 'bad_password' | 'disabled' | 'locked';

/**
 * Password login. Every outcome is audited. Bad password, unknown user and
 * disabled account all answer the same 401 after the same argon2 work.
 *
 * A locked account answers 423 Locked with the time the lock ends, not 401:
 * 401 means "these credentials are wrong", and a person who keeps retrying
 * the right password against a lock needs to hear "wait until …, or ask an
 * ngo_admin to unlock you" instead. 423 alone would reveal which usernames
 * exist, so unknown usernames lock the same way (UnknownUsernameThrottle).
 */
@Injectable()
export class LoginService {
  private readonly policy: LockoutPolicy;
  private readonly unknownUsernames: UnknownUsernameThrottle;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    @Inject(AUTH_OPTIONS) options: ResolvedAuthOptions,
  ) {
    this.policy = new LockoutPolicy(options.lockout);
    this.unknownUsernames = new UnknownUsernameThrottle(this.policy);
  }

  async login(usernameInput: string, password: string, context: LoginContext = {}): Promise<IssuedToken> {
    const username = normaliseUsername(usernameInput).slice(0, 64);
    const now = new Date();
    const attempt = await this.users.transaction(async (tx) => {
      const user = await this.users.findByUsernameForUpdate(username, tx);
      if (!user) return undefined;
      const decision = this.policy.begin(this.lockoutStateOf(user), now);
      if (decision.kind === 'proceed') await this.users.saveLockout(user.id, decision.state, tx);
      return { user, decision };
    });

    if (!attempt) {
      const decision = this.unknownUsernames.begin(username, now);
      if (decision.kind === 'locked') return this.refuseLocked(username, undefined, decision.until, context);
      await this.hasher.verifyDummy(password);
      return this.refuse(username, undefined, 'unknown_user', context);
    }

    const { user, decision } = attempt;
    if (decision.kind === 'locked') return this.refuseLocked(username, user, decision.until, context);
    const valid = await this.hasher.verify(user.passwordHash, password);
    if (!valid || user.disabled) {
      if (decision.locksNow) await this.recordLock(user, decision, context);
      return this.refuse(username, user, valid ? 'disabled' : 'bad_password', context);
    }

    const rehash = this.hasher.needsRehash(user.passwordHash) ? await this.hasher.hash(password) : undefined;
    await this.users.transaction(async (tx) => {
      await this.users.update(
        user.id,
        { ...this.policy.succeed(), ...(rehash ? { passwordHash: rehash } : {}) },
        tx,
      );
      await this.audit.record(
        {
          actor: auditActorOfUser(user),
          action: 'auth.login.succeeded',
          subject: { type: 'user', id: user.id },
          details: { username, ip: context.ip ?? null },
        },
        tx,
      );
    });
    return this.tokens.issue(user);
  }

  private lockoutStateOf(user: UserRow) {
    return {
      failedAttempts: user.failedAttempts,
      lastFailedAt: user.lastFailedAt,
      lockedUntil: user.lockedUntil,
    };
  }

  private async recordLock(
    user: UserRow,
    decision: Extract<AttemptDecision, { kind: 'proceed' }>,
    context: LoginContext,
  ): Promise<void> {
    await this.audit.record({
      actor: ANONYMOUS_ACTOR,
      action: 'auth.account.locked',
      subject: { type: 'user', id: user.id },
      details: {
        username: user.username,
        failedAttempts: decision.state.failedAttempts,
        lockedUntil: decision.state.lockedUntil?.toISOString() ?? null,
        ip: context.ip ?? null,
      },
    });
  }

  private async refuse(
    username: string,
    user: UserRow | undefined,
    reason: FailureReason,
    context: LoginContext,
  ): Promise<never> {
    await this.audit.record({
      actor: ANONYMOUS_ACTOR,
      action: 'auth.login.failed',
      subject: user ? { type: 'user', id: user.id } : null,
      details: { username, reason, ip: context.ip ?? null },
    });
    throw new UnauthorizedException(INVALID_CREDENTIALS);
  }

  private async refuseLocked(
    username: string,
    user: UserRow | undefined,
    until: Date,
    context: LoginContext,
  ): Promise<never> {
    await this.audit.record({
      actor: ANONYMOUS_ACTOR,
      action: 'auth.login.failed',
      subject: user ? { type: 'user', id: user.id } : null,
      details: { username, reason: 'locked' satisfies FailureReason, ip: context.ip ?? null },
    });
    throw new HttpException(
      {
        statusCode: HttpStatus.LOCKED,
        error: 'Locked',
        message: `account locked until ${until.toISOString()}`,
        lockedUntil: until.toISOString(),
      },
      HttpStatus.LOCKED,
    );
  }
}
