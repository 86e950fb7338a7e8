import { type Actor, type AlertCommandType, COMMAND_ROLES } from '@childalert/alerts';
import { type AuditActor, SYSTEM_ACTOR as AUDIT_SYSTEM_ACTOR } from '@childalert/audit';
import { type AuthenticatedUser, auditActorOfUser, isRole, type Role } from '@childalert/auth';
import { SYSTEM_ACTOR as DOMAIN_SYSTEM_ACTOR } from '@childalert/alerts';

/** Who runs a command: as the domain judges them, and as the audit log names them. */
export interface CommandActor {
  domain: Actor;
  audit: AuditActor;
  /** Set for people (not the expiry job): confirmation tokens are bound to them. */
  userId?: string;
}

export function actorOfUser(user: AuthenticatedUser): CommandActor {
  return {
    domain: { userId: user.id, organisationId: user.organisation, roles: [...user.roles] },
    audit: auditActorOfUser(user),
    userId: user.id,
  };
}

/** The expiry job. */
export const SYSTEM_COMMAND_ACTOR: CommandActor = { domain: DOMAIN_SYSTEM_ACTOR, audit: AUDIT_SYSTEM_ACTOR };

/**
 * The people who may ask for a command, read from the domain's COMMAND_ROLES
 * so the route's rule (the guard's 403) and the lifecycle's rule never differ.
 */
export function rolesFor(...commands: (AlertCommandType | 'create')[]): Role[] {
  const roles = commands.flatMap((command) => COMMAND_ROLES[command]).filter(isRole);
  return [...new Set(roles)];
}
