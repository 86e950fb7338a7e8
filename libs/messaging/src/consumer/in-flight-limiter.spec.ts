import { InFlightLimiter } from './in-flight-limiter';

describe(InFlightLimiter.name, () => {
  it('grants permits up to its capacity at once', async () => {
    const sut = new InFlightLimiter(10);
    await sut.acquire(6);
    await sut.acquire(4);
    expect(sut.inFlight).toBe(10);
  });

  it('makes a request wait until enough permits are released', async () => {
    const sut = new InFlightLimiter(10);
    const releaseFirst = (await sut.acquire(8))!;
    let granted = false;
    const second = sut.acquire(5).then((release) => {
      granted = true;
      return release;
    });
    await Promise.resolve();
    expect(granted).toBe(false);
    expect(sut.queued).toBe(1);
    releaseFirst();
    const releaseSecond = await second;
    expect(granted).toBe(true);
    expect(sut.inFlight).toBe(5);
    releaseSecond!();
    expect(sut.inFlight).toBe(0);
  });

  it('serves waiters in arrival order', async () => {
    const sut = new InFlightLimiter(4);
    const release = (await sut.acquire(4))!;
    const order: string[] = [];
    const big = sut.acquire(4).then(() => order.push('big'));
    const small = sut.acquire(1).then(() => order.push('small'));
    release();
    await big;
    expect(order).toEqual(['big']);
    expect(sut.queued).toBe(1);
    void small;
  });

  it('clamps a request above the capacity to the capacity', async () => {
    const sut = new InFlightLimiter(3);
    await sut.acquire(50);
    expect(sut.inFlight).toBe(3);
  });

  it('gives up waiting when cancelled, leaving nothing held', async () => {
    const sut = new InFlightLimiter(2);
    const release = (await sut.acquire(2))!;
    let cancel!: () => void;
    const cancelled = new Promise<void>((resolve) => (cancel = resolve));
    const waiting = sut.acquire(1, cancelled);
    cancel();
    expect(await waiting).toBeUndefined();
    expect(sut.queued).toBe(0);
    release();
    expect(sut.inFlight).toBe(0);
  });

  it('ignores a second release of the same permits', async () => {
    const sut = new InFlightLimiter(5);
    const release = (await sut.acquire(3))!;
    await sut.acquire(1);
    release();
    release();
    expect(sut.inFlight).toBe(1);
  });
});
