import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isPermitted, ruleFor, ruleProblem } from './access-rule';
import { presentedCredential } from './credentials';
import type { AuthenticatedRequest, Principal } from './principal';
import { PrincipalResolver } from './principal-resolver';

/**
 * The global guard: refuses by default. A route without a sound access rule is
 * a programming error and answers 403 whatever the caller presents; a missing
 * or invalid credential answers 401; a valid one without the role or key kind
 * the route needs answers 403.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PrincipalResolver,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Kafka handlers (rpc) are not reachable from outside the cluster; this
    // guard polices HTTP only.
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const rule = ruleFor(this.reflector, context.getHandler(), context.getClass());
    const problem = ruleProblem(rule);
    if (problem !== undefined || rule === undefined) {
      this.logger.error(
        `Refused ${request.method} ${request.path}: ${context.getClass().name}.${context.getHandler().name} has ${problem ?? 'no rule'} (programming error)`,
      );
      throw new ForbiddenException('this route declares no access rule and is refused');
    }
    if (rule.public) return true;

    const principal = await this.authenticate(context, request);
    if (!isPermitted(rule, principal)) {
      throw new ForbiddenException(
        principal.kind === 'user'
          ? `requires one of the roles: ${rule.roles.join(', ') || '(none: machine access only)'}`
          : `API key of kind ${principal.apiKey.kind} may not call this route`,
      );
    }
    switch (principal.kind) {
      case 'user':
        request.user = principal.user;
        break;
      case 'api_key':
        request.apiKey = principal.apiKey;
        break;
    }
    return true;
  }

  private async authenticate(context: ExecutionContext, request: Request): Promise<Principal> {
    const credential = presentedCredential(request.headers);
    switch (credential.kind) {
      case 'none':
        return this.unauthorized(context, 'authentication required');
      case 'invalid':
        return this.unauthorized(context, credential.reason);
      case 'bearer': {
        const user = await this.resolver.userFromToken(credential.token);
        return user ? { kind: 'user', user } : this.unauthorized(context, 'invalid or expired token');
      }
      case 'api_key': {
        const apiKey = await this.resolver.apiKeyFromSecret(credential.key);
        return apiKey
          ? { kind: 'api_key', apiKey }
          : this.unauthorized(context, 'invalid or revoked API key');
      }
    }
  }

  private unauthorized(context: ExecutionContext, message: string): never {
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="childalert"');
    throw new UnauthorizedException(message);
  }
}
