import type { UserRow } from '@childalert/persistence';
import type { AuditActor } from '@childalert/audit';
import type { AuthenticatedApiKey, AuthenticatedUser, Principal } from '../access/principal';
import { isRole, type Organisation, type Role } from '../role';
import type { UserDto } from './dto/user.dto';

export function rolesOf(row: Pick<UserRow, 'roles'>): Role[] {
  return row.roles.filter(isRole);
}

export function toUserDto(row: UserRow, now: Date = new Date()): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    organisation: row.organisation as Organisation,
    roles: rolesOf(row),
    disabled: row.disabled,
    demo: row.demo,
    lockedUntil: row.lockedUntil && row.lockedUntil > now ? row.lockedUntil.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toAuthenticatedUser(row: UserRow): AuthenticatedUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    organisation: row.organisation as Organisation,
    roles: rolesOf(row),
  };
}

/** The audit actor of a logged-in person. */
export function auditActorOfUser(user: Pick<AuthenticatedUser, 'id' | 'username'>): AuditActor {
  return { type: 'user', id: user.id, name: user.username };
}

/** The audit actor of a machine authenticated by an API key. */
export function auditActorOfApiKey(apiKey: AuthenticatedApiKey): AuditActor {
  return { type: 'api_key', id: apiKey.id, name: `${apiKey.kind}:${apiKey.prefix}` };
}

/** The audit actor of whoever the guard authenticated. */
export function auditActorOf(principal: Principal): AuditActor {
  switch (principal.kind) {
    case 'user':
      return auditActorOfUser(principal.user);
    case 'api_key':
      return auditActorOfApiKey(principal.apiKey);
  }
}
