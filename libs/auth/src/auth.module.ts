import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessGuard } from './access/access.guard';
import { DatabasePrincipalResolver } from './access/database-principal.resolver';
import { PrincipalResolver } from './access/principal-resolver';
import { RouteAccessInspector } from './access/route-access.inspector';
import { ApiKeyService } from './api-keys/api-key.service';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { AuditController } from './audit-api/audit.controller';
import { AUTH_OPTIONS, type AuthModuleOptions, resolveAuthOptions } from './auth-options';
import { AuthController } from './login/auth.controller';
import { LoginService } from './login/login.service';
import { PasswordHasher } from './passwords/password-hasher';
import { AuthSeeder } from './seed/auth.seeder';
import { TokenService } from './tokens/token.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/**
 * Users, login, roles, API keys and the global AccessGuard (deny by default),
 * plus the auditor's HTTP API over libs/audit. Global. Needs
 * PersistenceModule.forRoot and AuditModule in the same app.
 */
@Module({})
export class AuthModule {
  /** Throws at once (before any provider starts) on unsafe options, e.g. demo users in production. */
  static forRoot(options: AuthModuleOptions): DynamicModule {
    const resolved = resolveAuthOptions(options);
    return {
      module: AuthModule,
      global: true,
      imports: [DiscoveryModule, JwtModule.register({})],
      controllers: [AuthController, UsersController, AuditController],
      providers: [
        { provide: AUTH_OPTIONS, useValue: resolved },
        PasswordHasher,
        TokenService,
        UsersRepository,
        UsersService,
        LoginService,
        ApiKeysRepository,
        ApiKeyService,
        { provide: PrincipalResolver, useClass: DatabasePrincipalResolver },
        AccessGuard,
        { provide: APP_GUARD, useExisting: AccessGuard },
        RouteAccessInspector,
        AuthSeeder,
      ],
      exports: [
        AUTH_OPTIONS,
        PasswordHasher,
        TokenService,
        UsersService,
        ApiKeyService,
        RouteAccessInspector,
        AuthSeeder,
      ],
    };
  }
}
