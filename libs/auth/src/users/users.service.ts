import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@childalert/audit';
import type { UserRow } from '@childalert/persistence';
import type { AuthenticatedUser } from '../access/principal';
import { normaliseUsername } from '../auth-options';
import { PasswordHasher } from '../passwords/password-hasher';
import { pgErrorCode, UNIQUE_VIOLATION } from '../pg-error';
import { organisationOfRoles, Role } from '../role';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { UserDto } from './dto/user.dto';
import { auditActorOfUser, rolesOf, toUserDto } from './user.mapper';
import { type UserChanges, UsersRepository } from './users.repository';

/** User administration by ngo_admin; every change is audited in its own transaction. */
@Injectable()
export class UsersService {
  constructor(
    private readonly repository: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserDto[]> {
    const now = new Date();
    return (await this.repository.list()).map((row) => toUserDto(row, now));
  }

  async create(input: CreateUserDto, by: AuthenticatedUser): Promise<UserDto> {
    const organisation = organisationOfRoles(input.roles);
    if (!organisation) {
      throw new BadRequestException('roles must all belong to one organisation (police, ngo or auditor)');
    }
    const username = normaliseUsername(input.username);
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const row = await this.repository.transaction(async (tx) => {
        const created = await this.repository.insert(
          { username, passwordHash, displayName: input.displayName, organisation, roles: [...input.roles] },
          tx,
        );
        await this.audit.record(
          {
            actor: auditActorOfUser(by),
            action: 'user.created',
            subject: { type: 'user', id: created.id },
            details: { username, displayName: created.displayName, organisation, roles: created.roles },
          },
          tx,
        );
        return created;
      });
      return toUserDto(row);
    } catch (error) {
      if (pgErrorCode(error) === UNIQUE_VIOLATION) {
        throw new ConflictException(`username ${username} is already taken`);
      }
      throw error;
    }
  }

  async update(id: string, input: UpdateUserDto, by: AuthenticatedUser): Promise<UserDto> {
    const given = Object.entries(input).filter(([, value]) => value !== undefined);
    if (given.length === 0) {
      throw new BadRequestException(
        'nothing to change: give displayName, roles, disabled, password or unlock',
      );
    }
    // Hash outside the transaction: argon2 takes tens of milliseconds.
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;
    const row = await this.repository.transaction(async (tx) => {
      await this.repository.lockAdministration(tx);
      const current = await this.repository.findByIdForUpdate(id, tx);
      if (!current) throw new NotFoundException(`no user ${id}`);
      const { changes, summary } = this.plan(current, input, passwordHash);
      if (this.isActiveAdmin(current) && !this.isActiveAdmin({ ...current, ...changes })) {
        const others = await this.repository.countActiveWithRole(Role.NgoAdmin, current.id, tx);
        if (others === 0) {
          throw new ConflictException('at least one active ngo_admin must remain: appoint another one first');
        }
      }
      const updated = await this.repository.update(current.id, changes, tx);
      if (!updated) throw new NotFoundException(`no user ${id}`);
      await this.audit.record(
        {
          actor: auditActorOfUser(by),
          action: 'user.updated',
          subject: { type: 'user', id: current.id },
          details: { username: current.username, changes: summary },
        },
        tx,
      );
      return updated;
    });
    return toUserDto(row);
  }

  private plan(
    current: UserRow,
    input: UpdateUserDto,
    passwordHash: string | undefined,
  ): { changes: UserChanges; summary: Record<string, unknown> } {
    const changes: UserChanges = {};
    const summary: Record<string, unknown> = {};
    let endSessions = false;
    if (input.displayName !== undefined && input.displayName !== current.displayName) {
      changes.displayName = input.displayName;
      summary.displayName = { from: current.displayName, to: input.displayName };
    }
    if (input.roles !== undefined) {
      if (organisationOfRoles(input.roles) !== current.organisation) {
        throw new BadRequestException(
          `roles must belong to the user's organisation (${current.organisation}); create a new user to change organisation`,
        );
      }
      changes.roles = [...input.roles];
      summary.roles = { from: rolesOf(current), to: input.roles };
    }
    if (input.disabled !== undefined && input.disabled !== current.disabled) {
      changes.disabled = input.disabled;
      summary.disabled = { from: current.disabled, to: input.disabled };
      endSessions ||= input.disabled;
    }
    if (passwordHash !== undefined) {
      changes.passwordHash = passwordHash;
      summary.passwordReset = true;
      endSessions = true;
    }
    if (passwordHash !== undefined || input.unlock === true) {
      changes.failedAttempts = 0;
      changes.lastFailedAt = null;
      changes.lockedUntil = null;
      summary.unlocked = true;
    }
    if (endSessions) {
      changes.tokenVersion = current.tokenVersion + 1;
      summary.sessionsEnded = true;
    }
    return { changes, summary };
  }

  private isActiveAdmin(user: Pick<UserRow, 'roles' | 'disabled'>): boolean {
    return !user.disabled && user.roles.includes(Role.NgoAdmin);
  }
}
