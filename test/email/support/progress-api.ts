import type { INestApplication } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuditModule } from '@childalert/audit';
import { AuthModule } from '@childalert/auth';
import { KafkaBatchServer, MessagingModule } from '@childalert/messaging';
import { PersistenceModule } from '@childalert/persistence';
import { ApiExceptionFilter } from '../../../apps/alert-api/src/common/api-exception.filter';
import { DeliveriesModule } from '../../../apps/alert-api/src/deliveries/deliveries.module';
import { testOptions } from '../../messaging/messaging-test.kit';

export const DEMO_PASSWORD = 'demo-password-for-e2e-0123';

export interface ProgressApi {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  /** A bearer token of a demo user (operator, supervisor, admin, auditor, officer). */
  token: (username: string) => Promise<string>;
  close: () => Promise<void>;
}

/** alert-api's DeliveriesModule with auth, consuming the test's receipts topic. */
export async function startProgressApi(databaseUrl: string, topicPrefix: string): Promise<ProgressApi> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ url: databaseUrl, poolSize: 4 }),
      AuditModule,
      AuthModule.forRoot({
        jwtSecret: 'e2e-jwt-secret-for-deliveries-0123456789',
        production: false,
        demoUsers: { enabled: true, password: DEMO_PASSWORD },
        passwordHashing: { memoryCost: 8192, timeCost: 1 },
      }),
      MessagingModule.forRoot(
        testOptions(topicPrefix, { groupId: 'alert-api', consumer: { maxBatchSize: 500, maxInFlight: 500 } }),
      ),
      DeliveriesModule.forRoot({ streamPollMs: 200 }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ApiExceptionFilter());
  app.connectMicroservice({ strategy: app.get(KafkaBatchServer) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.init();
  const http = () => request(app.getHttpServer());
  return {
    app,
    http,
    token: async (username) => {
      const response = await http()
        .post('/v1/auth/token')
        .send({ username, password: DEMO_PASSWORD })
        .expect(200);
      return (response.body as { accessToken: string }).accessToken;
    },
    close: () => app.close(),
  };
}
