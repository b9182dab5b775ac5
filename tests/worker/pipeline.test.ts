/**
 * The threaded pipeline (used for large inbox runs) gives the same outcome as one-by-one ingest:
 * every file recorded in listing order, hostile files rejected with reports, duplicates within one
 * batch recognised, every original archived.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findUnit } from '../../shared/catalog.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { makeEncryptedWorkbook, makeZipBomb } from '../fixtures/hostile.ts';
import { processInbox } from '../../worker/ingest/inbox.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';

describe('the threaded inbox pipeline', () => {
  it('records every file in order, rejects hostile ones and recognises duplicates', async () => {
    const { cfg } = testConfig(tempDir('pipeline'));
    const unit = findUnit(cfg.catalog, 'LDTBXH')!;
    const tpl = await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword);
    const names: string[] = [];
    let dup: Uint8Array | undefined;
    for (let i = 0; i < 30; i++) {
      const f = realFigures(cfg.catalog, unit, false);
      f.set(14, { value: 1000 + i, note: 'Doanh nghiệp gặp khó khăn.' });
      const bytes = await fillTemplate(tpl, f);
      if (i === 7) dup = bytes;
      const name = `f${String(i).padStart(2, '0')}.xlsx`;
      writeFileSync(path.join(cfg.paths.inbox, name), bytes);
      names.push(name);
    }
    writeFileSync(path.join(cfg.paths.inbox, 'f07b-lan-2.xlsx'), dup!);
    writeFileSync(path.join(cfg.paths.inbox, 'g-bom.xlsx'), makeZipBomb({ uncompressedBytes: 256 * 1024 ** 2 }));
    writeFileSync(path.join(cfg.paths.inbox, 'g-mat-khau.xlsx'), makeEncryptedWorkbook());

    const service = new WorkerService(cfg, createLogger('silent'));
    try {
      const r = await processInbox(await service.ingestContext(), cfg.paths, 0, createLogger('silent'), {
        threads: 1,
        minFilesForThreads: 1,
        callerRuns: false,
      });
      expect(r.errors).toEqual([]);
      // The batch really went through the analysis thread: every file, the copy of f07 too (both copies
      // were in flight before either was recorded; the ledger then keeps the first only).
      expect(r.analysed).toEqual({ inline: 0, onThreads: 33 });
      const byName = new Map(r.outcomes.map((o) => [path.basename(o.file), o]));
      expect(byName.size).toBe(33);
      expect(byName.get('f07b-lan-2.xlsx')!.duplicate).toBe(true);
      expect(byName.get('f07b-lan-2.xlsx')!.record.sha256).toBe(sha256(dup!));
      expect(byName.get('g-bom.xlsx')!.record.status).toBe('rejected');
      expect(byName.get('g-mat-khau.xlsx')!.record.problems[0].message).toMatch(/mật khẩu/);
      for (const n of names) expect(byName.get(n)!.record.status, n).toBe('accepted');
      // Recorded in listing order: the last file listed is the unit's latest submission.
      expect((await service.ledger.latestAccepted(cfg.period.id)).get('LDTBXH')!.rows!.VIEC_LAM.value).toBe(1029);
      expect(readdirSync(cfg.paths.inbox)).toEqual([]);
      expect(readdirSync(cfg.paths.rejected).filter((f) => f.endsWith('.loi.txt')).length).toBe(2);
      expect(await service.ledger.count()).toBe(32);
    } finally {
      await service.stop();
    }
  });
});
