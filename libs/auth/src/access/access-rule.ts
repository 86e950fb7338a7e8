import { applyDecorators } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { OPERATIONS_ROUTE_METADATA } from '@childalert/platform';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { isRole, type Role } from '../role';
import type { Principal } from './principal';

/**
 * Who may call a route. Every HTTP route must carry one (on the handler or its
 * controller; the handler's wins): `@Public()`, `@Roles(...)`, `@ApiKeyAuth(...)`,
 * or `@Roles(...)` and `@ApiKeyAuth(...)` together (either credential admitted).
 * The global AccessGuard refuses routes without one.
 */
export interface AccessRule {
  readonly public: boolean;
  readonly roles: readonly Role[];
  readonly apiKeyKinds: readonly string[];
}

export const ACCESS_RULE_METADATA = 'childalert:access-rule';

export const API_KEY_SECURITY_NAME = 'api-key';

const PUBLIC_RULE: AccessRule = { public: true, roles: [], apiKeyKinds: [] };

/** The rule in force for a handler of a controller: its own, or public for the platform's operations routes. */
export function ruleFor(reflector: Reflector, handler: object, controller: object): AccessRule | undefined {
  const targets = [handler, controller] as Parameters<Reflector['getAllAndOverride']>[1];
  if (reflector.getAllAndOverride<boolean | undefined>(OPERATIONS_ROUTE_METADATA, targets))
    return PUBLIC_RULE;
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE_METADATA, targets);
}

const EMPTY_RULE: AccessRule = { public: false, roles: [], apiKeyKinds: [] };

function mergeRule(part: Partial<AccessRule>): ClassDecorator & MethodDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    // Metadata lives on the method itself for handlers, on the class otherwise
    // (the same places Reflector.getAllAndOverride reads).
    const holder: object = descriptor ? (descriptor.value as object) : target;
    const existing =
      (Reflect.getMetadata(ACCESS_RULE_METADATA, holder) as AccessRule | undefined) ?? EMPTY_RULE;
    const merged: AccessRule = {
      public: existing.public || (part.public ?? false),
      roles: [...new Set([...existing.roles, ...(part.roles ?? [])])],
      apiKeyKinds: [...new Set([...existing.apiKeyKinds, ...(part.apiKeyKinds ?? [])])],
    };
    Reflect.defineMetadata(ACCESS_RULE_METADATA, merged, holder);
  };
}

/** Anyone, without credentials (health, feeds, login, public pages). */
export function Public(): ClassDecorator & MethodDecorator {
  return mergeRule({ public: true });
}

/** A logged-in person holding at least one of these roles. */
export function Roles(...roles: Role[]): ClassDecorator & MethodDecorator {
  return applyDecorators(mergeRule({ roles }), ApiBearerAuth());
}

/** A machine presenting an API key of one of these kinds. */
export function ApiKeyAuth(...kinds: string[]): ClassDecorator & MethodDecorator {
  return applyDecorators(mergeRule({ apiKeyKinds: kinds }), ApiSecurity(API_KEY_SECURITY_NAME));
}

/** Why a rule cannot be enforced, or undefined when it is sound. */
export function ruleProblem(rule: AccessRule | undefined): string | undefined {
  if (!rule) return 'no access rule (@Public, @Roles or @ApiKeyAuth)';
  if (rule.public && (rule.roles.length > 0 || rule.apiKeyKinds.length > 0)) {
    return '@Public combined with @Roles or @ApiKeyAuth';
  }
  if (!rule.public && rule.roles.length === 0 && rule.apiKeyKinds.length === 0) {
    return 'empty access rule (@Roles() or @ApiKeyAuth() without arguments)';
  }
  const unknown = rule.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) return `unknown roles ${unknown.join(', ')}`;
  if (rule.apiKeyKinds.some((kind) => kind.length === 0)) return 'empty API key kind';
  return undefined;
}

/** Whether an authenticated principal satisfies a (sound, non-public) rule. */
export function isPermitted(rule: AccessRule, principal: Principal): boolean {
  switch (principal.kind) {
    case 'user':
      return principal.user.roles.some((role) => rule.roles.includes(role));
    case 'api_key':
      return rule.apiKeyKinds.includes(principal.apiKey.kind);
  }
}
