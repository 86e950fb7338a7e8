import net from 'node:net';
import { Controller, Get, type INestApplication, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DatabaseHealth, PersistenceModule } from '@childalert/persistence';
import { HealthRegistry, JsonLogger, PlatformModule } from '@childalert/platform';
import { createTestDatabase, type TestDatabase } from '../support/database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@Controller('work')
class WorkController {
  private readonly logger = new Logger(WorkController.name);

  @Get()
  async work(): Promise<{ done: true }> {
    await new Promise((resolve) => setImmediate(resolve));
    this.logger.log('working on it');
    return { done: true };
  }

  @Get('tokens/:token')
  token(): { done: true } {
    return { done: true };
  }
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startApp(databaseUrl: string, lines: Record<string, unknown>[]): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ url: databaseUrl, poolSize: 2 }),
      PlatformModule.forRoot({ app: 'platform-test', readiness: [DatabaseHealth] }),
    ],
    controllers: [WorkController],
  }).compile();
  const logger = new JsonLogger({
    app: 'platform-test',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const app = moduleRef.createNestApplication({ logger });
  await app.init();
  return app;
}

describe('platform over HTTP', () => {
  let database: TestDatabase;
  let app: INestApplication;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startApp(database.url, lines);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  describe('health', () => {
    it('is live', async () => {
      const response = await request(app.getHttpServer()).get('/health/live');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'live' });
    });

    it('is ready with the database up', async () => {
      const response = await request(app.getHttpServer()).get('/health/ready');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ready', checks: { database: { ok: true } } });
    });

    it('runs checks registered at run time too', async () => {
      const registry = app.get(HealthRegistry);
      registry.register('kafka', () => Promise.resolve({ ok: false, detail: 'no broker answers' }));
      try {
        const response = await request(app.getHttpServer()).get('/health/ready');

        expect(response.status).toBe(503);
        expect(response.body).toEqual({
          status: 'not_ready',
          checks: { database: { ok: true }, kafka: { ok: false, detail: 'no broker answers' } },
        });
      } finally {
        registry.unregister('kafka');
      }
    });
  });

  describe('health with the database unreachable', () => {
    let port: number;
    let unreachable: INestApplication;

    beforeAll(async () => {
      port = await closedPort();
      // Same log sink: Nest's static Logger follows the app created last.
      unreachable = await startApp(`postgres://postgres@127.0.0.1:${port}/nothing`, lines);
    });

    afterAll(async () => {
      await unreachable.close();
    });

    it('is still live', async () => {
      const response = await request(unreachable.getHttpServer()).get('/health/live');

      expect(response.status).toBe(200);
    });

    it('is not ready, and says why', async () => {
      const response = await request(unreachable.getHttpServer()).get('/health/ready');

      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        status: 'not_ready',
        checks: { database: { ok: false, detail: `connect ECONNREFUSED 127.0.0.1:${port}` } },
      });
    });
  });

  describe('metrics', () => {
    it('serves Prometheus text with the app label', async () => {
      const response = await request(app.getHttpServer()).get('/metrics');

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8; version=0.0.4');
      expect(response.text).toContain('# TYPE process_cpu_user_seconds_total counter\n');
      expect(response.text).toMatch(/^process_cpu_user_seconds_total\{app="platform-test"\} [0-9.e-]+$/m);
      expect(response.text).toMatch(/^nodejs_heap_size_used_bytes\{app="platform-test"\} \d+$/m);
    });
  });

  describe('correlation id', () => {
    it('echoes the one sent in and puts it on the log lines of the request', async () => {
      const response = await request(app.getHttpServer()).get('/work').set('x-correlation-id', 'alert-42:v1');

      expect(response.status).toBe(200);
      expect(response.headers['x-correlation-id']).toBe('alert-42:v1');
      expect(lines).toEqual([
        {
          level: 'info',
          time: expect.any(String),
          app: 'platform-test',
          correlationId: 'alert-42:v1',
          context: 'WorkController',
          msg: 'working on it',
        },
        {
          level: 'info',
          time: expect.any(String),
          app: 'platform-test',
          correlationId: 'alert-42:v1',
          context: 'Http',
          method: 'GET',
          path: '/work',
          status: 200,
          ms: expect.any(Number),
          msg: 'GET /work 200',
        },
      ]);
    });

    it('logs the route pattern, never the secrets a URL carries', async () => {
      const response = await request(app.getHttpServer()).get(
        '/work/tokens/device-secret?confirm=link-secret',
      );

      expect(response.status).toBe(200);
      const http = lines.filter((line) => line.context === 'Http');
      expect(http).toEqual([
        expect.objectContaining({ path: '/work/tokens/:token', msg: 'GET /work/tokens/:token 200' }),
      ]);
      expect(JSON.stringify(lines)).not.toMatch(/device-secret|link-secret/);
    });

    it('makes one when none is sent', async () => {
      const response = await request(app.getHttpServer()).get('/work');

      const correlationId = response.headers['x-correlation-id'];
      expect(correlationId).toMatch(UUID);
      expect(lines.map((line) => line.correlationId)).toEqual([correlationId, correlationId]);
    });

    it('replaces one that could forge a log line', async () => {
      const response = await request(app.getHttpServer()).get('/work').set('x-correlation-id', 'a"b c');

      expect(response.headers['x-correlation-id']).toMatch(UUID);
    });

    it('logs probes at debug level, with their own id', async () => {
      const response = await request(app.getHttpServer())
        .get('/health/live')
        .set('x-correlation-id', 'probe-1');

      expect(response.headers['x-correlation-id']).toBe('probe-1');
      expect(lines).toEqual([
        expect.objectContaining({ level: 'debug', correlationId: 'probe-1', msg: 'GET /health/live 200' }),
      ]);
    });
  });
});
