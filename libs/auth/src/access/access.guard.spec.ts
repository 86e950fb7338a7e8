import { ForbiddenException, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Role } from '../role';
import { AccessGuard } from './access.guard';
import { ApiKeyAuth, Public, Roles } from './access-rule';
import type { AuthenticatedApiKey, AuthenticatedRequest, AuthenticatedUser } from './principal';
import { PrincipalResolver } from './principal-resolver';

class FixtureController {
  @Public() open(): void {}
  @Roles(Role.NgoAdmin) admin(): void {}
  @Roles(Role.PoliceOfficer, Role.PoliceSupervisor) police(): void {}
  @ApiKeyAuth('broadcaster') machine(): void {}
  @Roles(Role.NgoOperator) @ApiKeyAuth('partner') either(): void {}
  bare(): void {}
  @Public() @Roles(Role.Auditor) conflicting(): void {}
  @Roles() empty(): void {}
}

@Roles(Role.Auditor)
class AuditorController {
  inherited(): void {}
  @Public() overridden(): void {}
}

const operator: AuthenticatedUser = {
  id: '11111111-1111-4111-8111-111111111111',
  username: 'operator',
  displayName: 'Operator',
  organisation: 'ngo',
  roles: [Role.NgoOperator],
};
const admin: AuthenticatedUser = {
  ...operator,
  id: '22222222-2222-4222-8222-222222222222',
  username: 'admin',
  roles: [Role.NgoAdmin],
};
const auditor: AuthenticatedUser = {
  ...operator,
  username: 'auditor',
  organisation: 'auditor',
  roles: [Role.Auditor],
};
const broadcasterKey: AuthenticatedApiKey = {
  id: 'k1',
  kind: 'broadcaster',
  ownerId: 'b1',
  prefix: 'cak_aaaaaaaa',
};
const partnerKey: AuthenticatedApiKey = { id: 'k2', kind: 'partner', ownerId: 'p1', prefix: 'cak_bbbbbbbb' };

class FakeResolver extends PrincipalResolver {
  readonly tokens = new Map<string, AuthenticatedUser>([
    ['operator-token', operator],
    ['admin-token', admin],
    ['auditor-token', auditor],
  ]);
  readonly keys = new Map<string, AuthenticatedApiKey>([
    ['broadcaster-key', broadcasterKey],
    ['partner-key', partnerKey],
  ]);
  calls = 0;

  userFromToken(token: string): Promise<AuthenticatedUser | undefined> {
    this.calls += 1;
    return Promise.resolve(this.tokens.get(token));
  }

  apiKeyFromSecret(key: string): Promise<AuthenticatedApiKey | undefined> {
    this.calls += 1;
    return Promise.resolve(this.keys.get(key));
  }
}

type Request = AuthenticatedRequest & { method: string; path: string; headers: Record<string, string> };

function call(
  sut: AccessGuard,
  controller: object,
  handler: string,
  headers: Record<string, string> = {},
): { result: Promise<boolean>; request: Request; responseHeaders: Record<string, string> } {
  const request: Request = { method: 'GET', path: `/${handler}`, headers };
  const responseHeaders: Record<string, string> = {};
  const response = { setHeader: (name: string, value: string) => (responseHeaders[name] = value) };
  const cls = controller as {
    prototype: Record<string, (...args: unknown[]) => unknown>;
  } & (new () => unknown);
  const context = new ExecutionContextHost([request, response, () => undefined], cls, cls.prototype[handler]);
  context.setType('http');
  return { result: sut.canActivate(context), request, responseHeaders };
}

describe(AccessGuard.name, () => {
  let resolver: FakeResolver;
  let sut: AccessGuard;

  beforeEach(() => {
    resolver = new FakeResolver();
    sut = new AccessGuard(new Reflector(), resolver);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('lets anyone call a public route without looking at credentials', async () => {
    const { result } = call(sut, FixtureController, 'open', { authorization: 'Bearer garbage' });

    await expect(result).resolves.toBe(true);
    expect(resolver.calls).toBe(0);
  });

  it.each(['bare', 'conflicting', 'empty'])(
    'refuses route %s (no sound rule) with 403 even for an admin, and logs it',
    async (handler) => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

      const { result } = call(sut, FixtureController, handler, { authorization: 'Bearer admin-token' });

      await expect(result).rejects.toThrow(
        new ForbiddenException('this route declares no access rule and is refused'),
      );
      expect(error).toHaveBeenCalledWith(expect.stringContaining(`FixtureController.${handler}`));
      expect(resolver.calls).toBe(0);
    },
  );

  it('answers 401 with a challenge when a role route gets no credential', async () => {
    const { result, responseHeaders } = call(sut, FixtureController, 'admin');

    await expect(result).rejects.toThrow(new UnauthorizedException('authentication required'));
    expect(responseHeaders['WWW-Authenticate']).toBe('Bearer realm="childalert"');
  });

  it('answers 401 for a token the resolver does not accept', async () => {
    const { result } = call(sut, FixtureController, 'admin', { authorization: 'Bearer forged' });

    await expect(result).rejects.toThrow(new UnauthorizedException('invalid or expired token'));
  });

  it('answers 401 for an unknown API key', async () => {
    const { result } = call(sut, FixtureController, 'machine', { 'x-api-key': 'nope' });

    await expect(result).rejects.toThrow(new UnauthorizedException('invalid or revoked API key'));
  });

  it('answers 401 for a malformed Authorization header', async () => {
    const { result } = call(sut, FixtureController, 'admin', { authorization: 'Basic abc' });

    await expect(result).rejects.toThrow(UnauthorizedException);
  });

  it('answers 403 for a valid user without the role', async () => {
    const { result, request } = call(sut, FixtureController, 'admin', {
      authorization: 'Bearer operator-token',
    });

    await expect(result).rejects.toThrow(new ForbiddenException('requires one of the roles: ngo_admin'));
    expect(request.user).toBeUndefined();
  });

  it('admits a user holding one of the roles and attaches them to the request', async () => {
    const { result, request } = call(sut, FixtureController, 'admin', {
      authorization: 'Bearer admin-token',
    });

    await expect(result).resolves.toBe(true);
    expect(request.user).toBe(admin);
  });

  it('answers 403 for a person on a machine-only route', async () => {
    const { result } = call(sut, FixtureController, 'machine', { authorization: 'Bearer admin-token' });

    await expect(result).rejects.toThrow(ForbiddenException);
  });

  it('answers 403 for an API key of another kind', async () => {
    const { result } = call(sut, FixtureController, 'machine', { authorization: 'ApiKey partner-key' });

    await expect(result).rejects.toThrow(
      new ForbiddenException('API key of kind partner may not call this route'),
    );
  });

  it('admits either credential on a route declaring both', async () => {
    const byUser = call(sut, FixtureController, 'either', { authorization: 'Bearer operator-token' });
    const byKey = call(sut, FixtureController, 'either', { 'x-api-key': 'partner-key' });

    await expect(byUser.result).resolves.toBe(true);
    await expect(byKey.result).resolves.toBe(true);
    expect(byUser.request.user).toBe(operator);
    expect(byKey.request.apiKey).toBe(partnerKey);
  });

  it('applies a controller-level rule to handlers without their own', async () => {
    await expect(
      call(sut, AuditorController, 'inherited', { authorization: 'Bearer auditor-token' }).result,
    ).resolves.toBe(true);
    await expect(
      call(sut, AuditorController, 'inherited', { authorization: 'Bearer admin-token' }).result,
    ).rejects.toThrow(ForbiddenException);
  });

  it('lets a handler rule override the controller rule', async () => {
    await expect(call(sut, AuditorController, 'overridden').result).resolves.toBe(true);
  });

  it('leaves non-HTTP contexts (Kafka handlers) alone', async () => {
    const context = new ExecutionContextHost([], FixtureController, FixtureController.prototype.bare);
    context.setType('rpc');

    await expect(sut.canActivate(context)).resolves.toBe(true);
  });
});
