import type { AuthenticatedApiKey, AuthenticatedUser } from './principal';

/**
 * Turns a presented credential into a principal, or undefined when it is not
 * valid now. The guard depends on this abstract class so its decisions can be
 * tested without a database; AuthModule binds the real one.
 */
export abstract class PrincipalResolver {
  abstract userFromToken(token: string): Promise<AuthenticatedUser | undefined>;
  abstract apiKeyFromSecret(key: string): Promise<AuthenticatedApiKey | undefined>;
}
