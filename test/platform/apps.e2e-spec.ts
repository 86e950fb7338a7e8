import os from 'node:os';
import path from 'node:path';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { APP_NAMES, type AppName, type BaseConfig, loadConfig } from '@childalert/config';
import { bootstrapApp } from '@childalert/platform';
import type { z } from 'zod';
import { alertApiConfigSchema } from '../../apps/alert-api/src/alert-api.config';
import { AlertApiModule } from '../../apps/alert-api/src/alert-api.module';
import { broadcastWorkerConfigSchema } from '../../apps/broadcast-worker/src/broadcast-worker.config';
import { BroadcastWorkerModule } from '../../apps/broadcast-worker/src/broadcast-worker.module';
import { dispatcherConfigSchema } from '../../apps/dispatcher/src/dispatcher.config';
import { DispatcherModule } from '../../apps/dispatcher/src/dispatcher.module';
import { emailWorkerConfigSchema } from '../../apps/email-worker/src/email-worker.config';
import { EmailWorkerModule } from '../../apps/email-worker/src/email-worker.module';
import { mobileWorkerConfigSchema } from '../../apps/mobile-worker/src/mobile-worker.config';
import { MobileWorkerModule } from '../../apps/mobile-worker/src/mobile-worker.module';
import { partnerWorkerConfigSchema } from '../../apps/partner-worker/src/partner-worker.config';
import { PartnerWorkerModule } from '../../apps/partner-worker/src/partner-worker.module';
import { socialWorkerConfigSchema } from '../../apps/social-worker/src/social-worker.config';
import { SocialWorkerModule } from '../../apps/social-worker/src/social-worker.module';
import { webpushWorkerConfigSchema } from '../../apps/webpush-worker/src/webpush-worker.config';
import { WebpushWorkerModule } from '../../apps/webpush-worker/src/webpush-worker.module';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/app-process';

interface AppShell {
  schema: z.ZodType<BaseConfig, Record<string, string | undefined>>;
  module: (config: never) => DynamicModule;
}

const apps: Record<AppName, AppShell> = {
  'alert-api': { schema: alertApiConfigSchema, module: AlertApiModule.forRoot },
  dispatcher: { schema: dispatcherConfigSchema, module: DispatcherModule.forRoot },
  'email-worker': { schema: emailWorkerConfigSchema, module: EmailWorkerModule.forRoot },
  'webpush-worker': { schema: webpushWorkerConfigSchema, module: WebpushWorkerModule.forRoot },
  'mobile-worker': { schema: mobileWorkerConfigSchema, module: MobileWorkerModule.forRoot },
  'social-worker': { schema: socialWorkerConfigSchema, module: SocialWorkerModule.forRoot },
  'broadcast-worker': { schema: broadcastWorkerConfigSchema, module: BroadcastWorkerModule.forRoot },
  'partner-worker': { schema: partnerWorkerConfigSchema, module: PartnerWorkerModule.forRoot },
};

describe('app shells', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    // Unmigrated: alert-api must migrate it at its own start.
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await database.drop();
  });

  function configOf(app: AppName, env: Record<string, string> = {}): BaseConfig {
    return loadConfig(apps[app].schema, {
      ...process.env,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      // Development VAPID keys are generated into a file: keep it out of the work tree.
      VAPID_KEY_FILE: path.join(os.tmpdir(), `childalert-vapid-${process.pid}.json`),
      ...env,
    });
  }

  it('covers every app of the architecture', () => {
    expect(Object.keys(apps).sort()).toEqual([...APP_NAMES].sort());
  });

  // alert-api first: it applies the migrations the others expect.
  it.each([...APP_NAMES])('%s starts and answers health', async (name) => {
    const moduleRef = await Test.createTestingModule({
      imports: [apps[name].module(configOf(name) as never)],
    }).compile();
    const app: INestApplication = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const live = await request(app.getHttpServer()).get('/health/live');
      const ready = await request(app.getHttpServer()).get('/health/ready');
      const metrics = await request(app.getHttpServer()).get('/metrics');

      expect(live.status).toBe(200);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', checks: { database: { ok: true } } });
      expect(metrics.text).toContain(`app="${name}"`);
    } finally {
      await app.close();
    }
  });

  it('bootstrapApp listens on HOST:PORT from the configuration and logs where', async () => {
    const port = await freePort();
    const lines: Record<string, unknown>[] = [];

    const app = await bootstrapApp({
      name: 'dispatcher',
      config: dispatcherConfigSchema,
      module: (config) => DispatcherModule.forRoot(config),
      env: { ...process.env, DATABASE_URL: database.url, DISPATCHER_PORT: String(port), HOST: '127.0.0.1' },
      logDestination: {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);

      expect(response.status).toBe(200);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'info',
          app: 'dispatcher',
          context: 'Bootstrap',
          msg: `dispatcher listening on http://127.0.0.1:${port}`,
        }),
      );
    } finally {
      await app.close();
    }
  });

  it('bootstrapApp names every bad variable and exits with code 1', async () => {
    const lines: Record<string, unknown>[] = [];
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    try {
      await bootstrapApp({
        name: 'email-worker',
        config: emailWorkerConfigSchema,
        module: (config) => EmailWorkerModule.forRoot(config),
        env: { PORT: 'http', KAFKA_PARTITIONS: '0' },
        logDestination: {
          write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
        },
      });

      expect(exit).toHaveBeenCalledWith(1);
      expect(lines).toEqual([
        expect.objectContaining({
          level: 'fatal',
          app: 'email-worker',
          context: 'Bootstrap',
          msg: 'Invalid configuration:\n  KAFKA_PARTITIONS: expected 1..1000, got 0\n  PORT: expected an integer, got "http"',
          issues: [
            { variable: 'KAFKA_PARTITIONS', message: 'expected 1..1000, got 0' },
            { variable: 'PORT', message: 'expected an integer, got "http"' },
          ],
        }),
      ]);
    } finally {
      exit.mockRestore();
    }
  });
});
