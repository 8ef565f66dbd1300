/** Chain heads copied in the background: coalesced per case, newest wins, a failed copy tried again. */
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { HeadCopier } from '../../src/app/headCopier';
import type { ChainHead } from '../../src/app/ports';

class RecordingSink {
  readonly written: { caseId: string; seq: number; created: boolean }[] = [];
  failNext = 0;
  putChainHead(_p: string, head: ChainHead, opts: { created?: boolean } = {}): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('store unavailable'));
    }
    this.written.push({ caseId: head.caseId, seq: head.seq, created: opts.created === true });
    return Promise.resolve();
  }
}

const head = (caseId: string, seq: number): ChainHead => ({ caseId, seq, hash: `h${seq}` });

describe('chain head copier', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.restore());

  it('writes each case once per second with its newest head, remembering that it was created', async () => {
    const sink = new RecordingSink();
    const copier = new HeadCopier(sink, 1_000);
    await copier.putChainHead('p', head('a', 3), { created: true });
    await copier.putChainHead('p', head('a', 5));
    await copier.putChainHead('p', head('a', 4)); // arrives late: never moves the copy back
    await copier.putChainHead('p', head('b', 9));
    assert.equal(sink.written.length, 0, 'nothing written on the request path');
    await clock.tickAsync(1_000);
    assert.deepEqual(sink.written, [
      { caseId: 'a', seq: 5, created: true },
      { caseId: 'b', seq: 9, created: false },
    ]);
  });

  it('tries a failed copy again at the next flush, unless a newer head came meanwhile', async () => {
    const sink = new RecordingSink();
    const copier = new HeadCopier(sink, 1_000);
    sink.failNext = 2;
    await copier.putChainHead('p', head('a', 1));
    await copier.putChainHead('p', head('b', 1));
    await clock.tickAsync(1_000);
    assert.equal(sink.written.length, 0);
    await copier.putChainHead('p', head('b', 2));
    await clock.tickAsync(1_000);
    assert.deepEqual(
      sink.written.map((w) => `${w.caseId}${w.seq}`),
      ['a1', 'b2'],
    );
  });

  it('writes everything still waiting when flushed (at shutdown)', async () => {
    const sink = new RecordingSink();
    const copier = new HeadCopier(sink, 60_000);
    await copier.putChainHead('p', head('a', 2));
    await copier.flush();
    assert.deepEqual(
      sink.written.map((w) => w.seq),
      [2],
    );
  });
});
