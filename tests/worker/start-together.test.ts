/**
 * Several worker processes on one ledger start together (a province on PostgreSQL runs more than
 * one): each sees no period yet, one opens the configured period first, and the others must start
 * all the same, not fail because it is open already (the province benchmark's two PostgreSQL
 * processes did, once in two runs). The moment is made on purpose: the second service is shown the
 * ledger as it was before the first one opened the period.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

describe('workers started together', () => {
  it('a worker that finds the configured period opened by another in the meantime starts all the same', async () => {
    const { cfg } = testConfig(tempDir('start-together'));
    const first = new WorkerService(cfg, createLogger('silent'));
    const second = new WorkerService(cfg, createLogger('silent'));
    try {
      const periods = second.ledger.periods.bind(second.ledger);
      let calls = 0;
      // Its first look at the periods is taken before the first worker opened one.
      second.ledger.periods = async () => (calls++ === 0 ? [] : periods());
      await first.prepare();
      await expect(second.prepare()).resolves.toBeUndefined();
      expect(calls).toBeGreaterThan(1);
      expect((await periods()).map((p) => p.id)).toEqual([cfg.period.id]);
      expect(second.collection.periods.map((p) => p.period.id)).toEqual([cfg.period.id]);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
