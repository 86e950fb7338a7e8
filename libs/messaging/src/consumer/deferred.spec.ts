import { Deferred } from './deferred';

describe('Deferred', () => {
  it('settles every live subscription with its value, and later ones at once', async () => {
    const deferred = new Deferred<string>();
    const first = deferred.subscribe();
    const second = deferred.subscribe();
    deferred.resolve('stop');
    await expect(first.promise).resolves.toBe('stop');
    await expect(second.promise).resolves.toBe('stop');
    await expect(deferred.subscribe().promise).resolves.toBe('stop');
    expect(deferred.settled).toBe(true);
  });

  it('forgets a disposed subscription: a waiter that moved on is not kept', async () => {
    const deferred = new Deferred();
    let settled = false;
    const waiter = deferred.subscribe();
    void waiter.promise.then(() => (settled = true));
    waiter.dispose();
    // What a consumer does once per batch: nothing of it may remain attached.
    for (let i = 0; i < 10_000; i += 1) deferred.subscribe().dispose();
    expect((deferred as unknown as { listeners: Set<unknown> }).listeners.size).toBe(0);
    deferred.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
  });
});
