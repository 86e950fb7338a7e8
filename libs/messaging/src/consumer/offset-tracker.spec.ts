import { OffsetTracker } from './offset-tracker';

describe(OffsetTracker.name, () => {
  it('has nothing to commit before any message is done', () => {
    const sut = new OffsetTracker(['10', '11', '12'], '12');
    expect(sut.pendingCommit()).toBeUndefined();
    expect(sut.lastDoneOffset()).toBeUndefined();
  });

  it('commits the offset after the done prefix', () => {
    const sut = new OffsetTracker(['10', '11', '12'], '12');
    sut.markDone('10');
    expect(sut.pendingCommit()).toBe('11');
    expect(sut.lastDoneOffset()).toBe('10');
  });

  it('never commits past a message that is not done', () => {
    const sut = new OffsetTracker(['10', '11', '12'], '12');
    sut.markDone('10');
    sut.markDone('12');
    expect(sut.pendingCommit()).toBe('11');
    sut.markDone('11');
    expect(sut.pendingCommit()).toBe('13');
    expect(sut.allDone).toBe(true);
  });

  it('commits the next existing offset across gaps in the numbering', () => {
    const sut = new OffsetTracker(['10', '15', '20'], '20');
    sut.markDone('10');
    expect(sut.pendingCommit()).toBe('15');
  });

  it('commits past filtered control records once the whole batch is done', () => {
    const sut = new OffsetTracker(['10', '11'], '12');
    sut.markDone('10');
    sut.markDone('11');
    expect(sut.pendingCommit()).toBe('13');
  });

  it('has nothing new to commit after a commit until more is done', () => {
    const sut = new OffsetTracker(['10', '11', '12'], '12');
    sut.markDone('10');
    sut.markCommitted(sut.pendingCommit()!);
    expect(sut.pendingCommit()).toBeUndefined();
    sut.markDone('11');
    expect(sut.pendingCommit()).toBe('12');
  });

  it('handles offsets beyond 2^53', () => {
    const sut = new OffsetTracker(['9007199254740993', '9007199254740994'], '9007199254740994');
    sut.markDone('9007199254740993');
    expect(sut.pendingCommit()).toBe('9007199254740994');
  });

  it('rejects an offset that is not in the batch', () => {
    const sut = new OffsetTracker(['10'], '10');
    expect(() => sut.markDone('11')).toThrow(RangeError);
  });
});
