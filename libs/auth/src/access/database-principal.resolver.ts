import { Injectable } from '@nestjs/common';
import { ApiKeyService } from '../api-keys/api-key.service';
import { TokenService } from '../tokens/token.service';
import { toAuthenticatedUser } from '../users/user.mapper';
import { UsersRepository } from '../users/users.repository';
import type { AuthenticatedApiKey, AuthenticatedUser } from './principal';
import { PrincipalResolver } from './principal-resolver';

/**
 * Checks the token, then the user as it is now: a disabled account, a reset
 * password (token_version) or a changed role takes effect on the next request,
 * not when the token expires.
 */
@Injectable()
export class DatabasePrincipalResolver extends PrincipalResolver {
  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeyService,
  ) {
    super();
  }

  async userFromToken(token: string): Promise<AuthenticatedUser | undefined> {
    const claims = this.tokens.verify(token);
    if (!claims) return undefined;
    const row = await this.users.findById(claims.sub);
    if (!row || row.disabled || row.tokenVersion !== claims.ver) return undefined;
    return toAuthenticatedUser(row);
  }

  apiKeyFromSecret(key: string): Promise<AuthenticatedApiKey | undefined> {
    return this.apiKeys.verify(key);
  }
}
