import { Inject, Injectable } from '@nestjs/common';
import {
  type AuthenticatedUser,
  presentedCredential,
  Role,
  toAuthenticatedUser,
  TokenService,
} from '@childalert/auth';
import { type Database, DATABASE, users } from '@childalert/persistence';
import { eq } from 'drizzle-orm';
import type { Request } from 'express';
import { ApiError } from './api.error';

/** Who sees the restricted record of an alert (personal data of every version, decisions, drafts). */
export const STAFF_ROLES: readonly Role[] = [Role.PoliceOfficer, Role.PoliceSupervisor, Role.NgoOperator];

export function isStaff(user: AuthenticatedUser | undefined): user is AuthenticatedUser {
  return user !== undefined && user.roles.some((role) => STAFF_ROLES.includes(role));
}

/**
 * For public routes that answer staff with more (GET /v1/alerts, photos of
 * an alert that is not live): the AccessGuard does not authenticate public
 * routes, so this does, with the same rules as the guard's resolver — the
 * token, then the user as it is now (disabled, reset, roles). No credential
 * means the public; a bad one is a 401, never a silent downgrade.
 */
@Injectable()
export class OptionalUserResolver {
  constructor(
    private readonly tokens: TokenService,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  async userOf(request: Request): Promise<AuthenticatedUser | undefined> {
    const credential = presentedCredential(request.headers);
    switch (credential.kind) {
      case 'none':
        return undefined;
      case 'invalid':
        throw new ApiError(401, 'unauthorized', credential.reason);
      case 'api_key':
        // Machines read the public view; their keys grant nothing more here.
        return undefined;
      case 'bearer': {
        const claims = this.tokens.verify(credential.token);
        const [row] = claims ? await this.db.select().from(users).where(eq(users.id, claims.sub)) : [];
        if (!claims || !row || row.disabled || row.tokenVersion !== claims.ver)
          throw new ApiError(401, 'unauthorized', 'invalid or expired token');
        return toAuthenticatedUser(row);
      }
    }
  }
}
