import { Controller, Get, Module, Post, Put, VersioningType } from '@nestjs/common';
import { DiscoveryModule, RouterModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Role } from '../role';
import { ApiKeyAuth, Public, Roles } from './access-rule';
import { listRouteAccess, RouteAccessInspector } from './route-access.inspector';

@Controller('things')
@Roles(Role.NgoOperator)
class ThingsController {
  @Get()
  list(): void {}

  @Get(':id')
  @Public()
  one(): void {}

  @Post()
  @Roles(Role.NgoAdmin)
  @ApiKeyAuth('partner')
  create(): void {}

  helper(): void {}
}

@Controller({ path: 'legacy', version: '2' })
class LegacyController {
  @Put(['a', 'b'])
  both(): void {}
}

@Module({ controllers: [LegacyController] })
class LegacyModule {}

describe(RouteAccessInspector.name, () => {
  it('lists every route with its full path (prefix, module path, version) and its rule', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DiscoveryModule,
        LegacyModule,
        RouterModule.register([{ path: 'old', module: LegacyModule }]),
      ],
      controllers: [ThingsController],
      providers: [RouteAccessInspector],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api');
    app.enableVersioning({ type: VersioningType.URI });
    await app.init();
    try {
      const sut = listRouteAccess(app);

      expect(
        sut.map((route) => [route.method, route.path, route.handler, route.rule, route.problem]),
      ).toEqual([
        [
          'GET',
          '/api/things',
          'list',
          { public: false, roles: ['ngo_operator'], apiKeyKinds: [] },
          undefined,
        ],
        [
          'POST',
          '/api/things',
          'create',
          { public: false, roles: ['ngo_admin'], apiKeyKinds: ['partner'] },
          undefined,
        ],
        ['GET', '/api/things/:id', 'one', { public: true, roles: [], apiKeyKinds: [] }, undefined],
        ['PUT', '/api/v2/old/legacy/a', 'both', undefined, 'no access rule (@Public, @Roles or @ApiKeyAuth)'],
        ['PUT', '/api/v2/old/legacy/b', 'both', undefined, 'no access rule (@Public, @Roles or @ApiKeyAuth)'],
      ]);
      expect(sut[0].controller).toBe('ThingsController');
    } finally {
      await app.close();
    }
  });
});
