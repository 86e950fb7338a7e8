import { HealthRegistry } from './health.registry';

describe(HealthRegistry.name, () => {
  let sut: HealthRegistry;

  beforeEach(() => {
    sut = new HealthRegistry();
  });

  it('is ready with no checks', async () => {
    await expect(sut.readiness()).resolves.toEqual({ status: 'ready', checks: {} });
  });

  it('is ready when every check passes', async () => {
    sut.register('database', () => Promise.resolve({ ok: true }));
    sut.register('kafka', () => Promise.resolve({ ok: true }));

    await expect(sut.readiness()).resolves.toEqual({
      status: 'ready',
      checks: { database: { ok: true }, kafka: { ok: true } },
    });
  });

  it('is not ready when one fails, and says why', async () => {
    sut.register('database', () => Promise.resolve({ ok: true }));
    sut.register('kafka', () => Promise.resolve({ ok: false, detail: 'no broker' }));

    await expect(sut.readiness()).resolves.toEqual({
      status: 'not_ready',
      checks: { database: { ok: true }, kafka: { ok: false, detail: 'no broker' } },
    });
  });

  it('counts a check that throws as failed', async () => {
    sut.register('database', () => Promise.reject(new Error('connection refused')));

    await expect(sut.readiness()).resolves.toEqual({
      status: 'not_ready',
      checks: { database: { ok: false, detail: 'connection refused' } },
    });
  });

  it('counts a check that does not answer in time as failed', async () => {
    sut.register('database', () => new Promise(() => undefined));

    await expect(sut.readiness(20)).resolves.toEqual({
      status: 'not_ready',
      checks: { database: { ok: false, detail: 'no answer within 20 ms' } },
    });
  });

  it('is not ready once shutdown began', async () => {
    sut.register('database', () => Promise.resolve({ ok: true }));

    sut.onModuleDestroy();

    await expect(sut.readiness()).resolves.toEqual({
      status: 'not_ready',
      checks: { database: { ok: true }, shutdown: { ok: false, detail: 'the process is shutting down' } },
    });
  });

  it('refuses a second check with the same name', () => {
    sut.register('database', () => Promise.resolve({ ok: true }));

    expect(() => sut.register('database', () => Promise.resolve({ ok: true }))).toThrow(
      'a readiness check named "database" is already registered',
    );
  });
});
