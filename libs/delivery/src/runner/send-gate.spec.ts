import { SendGate } from './send-gate';

describe(SendGate.name, () => {
  const backoff = { initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0 };

  it('lets at most `concurrency` sends through and hands a freed slot to the next waiter', async () => {
    const sut = new SendGate(2);
    const first = await sut.acquire();
    await sut.acquire();
    let thirdIn = false;
    const third = sut.acquire().then((release) => {
      thirdIn = true;
      return release;
    });
    await Promise.resolve();
    expect(thirdIn).toBe(false);

    first();
    first(); // a second release of the same slot changes nothing
    await third;
    expect(thirdIn).toBe(true);
    let fourthIn = false;
    void sut.acquire().then(() => (fourthIn = true));
    await Promise.resolve();
    expect(fourthIn).toBe(false);
  });

  it('pauses everyone after a provider-wide failure, longer each outage, not each failed send', () => {
    const sut = new SendGate(5);
    sut.providerFailed(backoff, undefined, 0);
    expect(sut.pauseRemainingMs(0)).toBe(100);
    // Sends in flight failing during the pause are the same outage.
    sut.providerFailed(backoff, undefined, 50);
    expect(sut.pauseRemainingMs(0)).toBe(100);
    sut.providerFailed(backoff, undefined, 150);
    expect(sut.pauseRemainingMs(150)).toBe(200);
    sut.providerAnswered();
    sut.providerFailed(backoff, undefined, 1_000);
    expect(sut.pauseRemainingMs(1_000)).toBe(100);
  });

  it('honours a longer Retry-After during a pause', () => {
    const sut = new SendGate(1);
    sut.providerFailed(backoff, undefined, 0);
    sut.providerFailed(backoff, 3_000, 10);
    expect(sut.pauseRemainingMs(10)).toBe(3_000);
  });
});
