import { RetrySchedule } from './retry-schedule';

describe(RetrySchedule.name, () => {
  const retry = { offset: 5n, failedAttempts: 2, notBefore: 1_000 };

  it('applies a retry to the chunk that holds its offset', () => {
    const sut = new RetrySchedule();
    sut.schedule('t|0', retry);
    expect(sut.lookup('t|0', ['5', '6'])).toEqual(retry);
    expect(sut.lookup('t|0', ['4', '5'])).toEqual(retry);
  });

  it('keeps a retry for a later offset when an earlier chunk comes first', () => {
    const sut = new RetrySchedule();
    sut.schedule('t|0', retry);
    expect(sut.lookup('t|0', ['3', '4'])).toBeUndefined();
    expect(sut.lookup('t|0', ['5'])).toEqual(retry);
  });

  it('drops a retry the partition moved past', () => {
    const sut = new RetrySchedule();
    sut.schedule('t|0', retry);
    expect(sut.lookup('t|0', ['6', '7'])).toBeUndefined();
    expect(sut.lookup('t|0', ['5'])).toBeUndefined();
  });

  it('keeps partitions apart and forgets a cleared retry', () => {
    const sut = new RetrySchedule();
    sut.schedule('t|0', retry);
    expect(sut.lookup('t|1', ['5'])).toBeUndefined();
    sut.clear('t|0');
    expect(sut.lookup('t|0', ['5'])).toBeUndefined();
  });
});
