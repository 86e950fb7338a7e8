import {
  Controller,
  Get,
  type INestApplication,
  type LoggerService,
  Post,
  ValidationPipe,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import { AuditModule } from '@childalert/audit';
import {
  ApiKeyAuth,
  type AuthenticatedApiKey,
  AuthModule,
  type AuthModuleOptions,
  CurrentApiKey,
  Public,
} from '@childalert/auth';
import { PG_POOL, PersistenceModule } from '@childalert/persistence';
import { createTestDatabase, type TestDatabase } from '../support/database';

export const JWT_SECRET = 'e2e-jwt-secret-0123456789abcdef-0123';
export const ADMIN = { username: 'root.admin', password: 'first-admin-password-1' };

/** Routes a real app might get wrong: one without any rule, one for machines. */
@Controller('v1/probe')
export class ProbeController {
  @Get('unruled')
  unruled(): string {
    return 'this must never be served';
  }

  @Get('public')
  @Public()
  open(): string {
    return 'hello';
  }

  @Post('broadcast')
  @ApiKeyAuth('broadcaster')
  broadcast(@CurrentApiKey() key: AuthenticatedApiKey): AuthenticatedApiKey {
    return key;
  }
}

/** Keeps what the app logs, so a test can assert a programming error was reported. */
export class CapturingLogger implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  debug(): void {}
  verbose(): void {}
  error(message: unknown): void {
    this.errors.push(String(message));
  }
}

export interface AuthTestApp {
  app: INestApplication;
  pool: Pool;
  database: TestDatabase;
  logger: CapturingLogger;
  http: () => ReturnType<typeof request>;
  /** Logs in and returns the access token (expects 200). */
  login: (username: string, password: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * AuthModule + AuditModule + PersistenceModule on a fresh migrated database,
 * with the ValidationPipe the apps use. The first admin comes from options.
 */
export async function startAuthTestApp(
  options: Partial<AuthModuleOptions> = {},
  existing?: TestDatabase,
): Promise<AuthTestApp> {
  const database = existing ?? (await createTestDatabase());
  const logger = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ url: database.url, poolSize: 4 }),
      AuditModule,
      AuthModule.forRoot({
        jwtSecret: JWT_SECRET,
        production: false,
        firstAdmin: ADMIN,
        // Cheaper than production so the suite stays fast; still argon2id.
        passwordHashing: { memoryCost: 8192, timeCost: 1 },
        ...options,
      }),
    ],
    controllers: [ProbeController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    pool: app.get<Pool>(PG_POOL),
    database,
    logger,
    http,
    login: async (username, password) => {
      const response = await http().post('/v1/auth/token').send({ username, password }).expect(200);
      return (response.body as { accessToken: string }).accessToken;
    },
    close: async () => {
      await app.close();
      if (!existing) await database.drop();
    },
  };
}

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });
