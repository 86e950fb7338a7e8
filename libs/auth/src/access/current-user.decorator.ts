import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedApiKey, AuthenticatedRequest, AuthenticatedUser, Principal } from './principal';

/** The person the AccessGuard authenticated; only on `@Roles(...)` routes. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user)
      throw new Error('@CurrentUser() used on a route that did not authenticate a person (use @Roles)');
    return user;
  },
);

/** The API key the AccessGuard authenticated; only on `@ApiKeyAuth(...)` routes. */
export const CurrentApiKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedApiKey => {
    const apiKey = context.switchToHttp().getRequest<AuthenticatedRequest>().apiKey;
    if (!apiKey)
      throw new Error(
        '@CurrentApiKey() used on a route that did not authenticate an API key (use @ApiKeyAuth)',
      );
    return apiKey;
  },
);

/** Either principal, for routes that admit both a person and an API key. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.user) return { kind: 'user', user: request.user };
    if (request.apiKey) return { kind: 'api_key', apiKey: request.apiKey };
    throw new Error('@CurrentPrincipal() used on a route that authenticated nobody (public route?)');
  },
);
