import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Pool } from 'pg';
import request from 'supertest';
import { AuditModule } from '@childalert/audit';
import type { AudienceModuleOptions } from '@childalert/audience';
import { AuthModule } from '@childalert/auth';
import { PG_POOL, PersistenceModule } from '@childalert/persistence';
import { SubscriptionsModule } from '../../apps/alert-api/src/subscriptions/subscriptions.module';
import { ADMIN, CapturingLogger, JWT_SECRET } from '../auth/auth-test.app';
import type { TestDatabase } from '../support/database';

export const SIGNING_SECRET = 'e2e-subscription-signing-secret-0123456789';
export const PUBLIC_BASE_URL = 'https://alerts.example.org';

export interface AudienceTestApp {
  app: INestApplication;
  pool: Pool;
  logger: CapturingLogger;
  http: () => ReturnType<typeof request>;
  login: (username: string, password: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * alert-api's subscription routes as the app mounts them: PersistenceModule,
 * AuditModule, AuthModule (global AccessGuard) and SubscriptionsModule with
 * confirmation e-mails to an SMTP server on loopback.
 */
export async function startAudienceTestApp(
  database: TestDatabase,
  smtpPort: number,
  audience: Partial<AudienceModuleOptions> = {},
): Promise<AudienceTestApp> {
  const logger = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ url: database.url, poolSize: 4 }),
      AuditModule,
      AuthModule.forRoot({
        jwtSecret: JWT_SECRET,
        production: false,
        firstAdmin: ADMIN,
        passwordHashing: { memoryCost: 8192, timeCost: 1 },
      }),
      SubscriptionsModule.forRoot({
        audience: {
          publicBaseUrl: PUBLIC_BASE_URL,
          signingSecret: SIGNING_SECRET,
          allowPrivateEndpoints: false,
          rateLimit: { perMinute: 10_000 },
          confirmationTtlHours: 48,
          mailFrom: 'Child Alert <alerts@example.org>',
          confirmationResendSeconds: 0,
          ...audience,
        },
        email: { host: '127.0.0.1', port: smtpPort, secure: false, maxConnections: 2 },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    pool: app.get<Pool>(PG_POOL),
    logger,
    http,
    login: async (username, password) => {
      const response = await http().post('/v1/auth/token').send({ username, password }).expect(200);
      return (response.body as { accessToken: string }).accessToken;
    },
    close: () => app.close(),
  };
}

/** The path and query of a link in an e-mail (its host is the public one, not this test server). */
export function localPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
