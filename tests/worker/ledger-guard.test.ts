/**
 * The guard before every run: a ledger that lost its records beside a store that keeps originals
 * stops the run, but an empty ledger that is the store's own (another process sharing it has just
 * kept an original it has not recorded yet) does not. Real SQLite files, a real folder store.
 */
import { renameSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderStore, sha256, type Sidecar } from '../../worker/ingest/archive.ts';
import { assertLedgerMatchesStore } from '../../worker/recovery.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { submission } from '../helpers/ledger-contract.ts';
import { tempDir } from '../helpers/worker.ts';

const opened: SqliteLedger[] = [];
afterEach(async () => {
  for (const l of opened.splice(0)) await l.close();
});

function setup() {
  const dir = tempDir('ledger-guard');
  const ledgerFile = path.join(dir, 'ledger.sqlite');
  const open = () => {
    const l = new SqliteLedger(ledgerFile);
    opened.push(l);
    return l;
  };
  return { dir, ledgerFile, open, store: new FolderStore(path.join(dir, 'archive')) };
}

async function keep(store: FolderStore, text: string): Promise<Sidecar> {
  const bytes = new TextEncoder().encode(text);
  const s: Sidecar = {
    sha256: sha256(bytes),
    fileName: `${text}.xlsx`,
    source: 'inbox',
    receivedAt: new Date().toISOString(),
    size: bytes.length,
    catalogId: 'c',
    period: '2023-uoc',
  };
  await store.put(s, bytes);
  return s;
}

describe('the ledger guard', () => {
  it('marks an empty store with its ledger, then lets an empty ledger of its own run beside an original not yet recorded', async () => {
    const { open, store } = setup();
    const ledger = open();
    await assertLedgerMatchesStore(ledger, store);
    expect(store.ledgerMark()).toBe(await ledger.identity());
    // Another process sharing the ledger has kept an original and not recorded it yet.
    await keep(store, 'dang-ghi');
    await expect(assertLedgerMatchesStore(ledger, store)).resolves.toBeUndefined();
  });

  it('stops when the ledger was deleted, and when it was replaced by another that has records', async () => {
    const { ledgerFile, open, store } = setup();
    const ledger = open();
    await assertLedgerMatchesStore(ledger, store);
    await keep(store, 'a');
    await ledger.insert(submission());
    await ledger.close();
    renameSync(ledgerFile, `${ledgerFile}.mat`);
    const fresh = open();
    await expect(assertLedgerMatchesStore(fresh, store)).rejects.toThrow(/không còn số liệu nào.*vẫn giữ 1 tệp.*phuluc rebuild/);
    // A file recorded in the new ledger (an upload after the loss) does not make it the store's.
    await fresh.insert(submission());
    await expect(assertLedgerMatchesStore(fresh, store)).rejects.toThrow(/1 lần nộp\) không phải sổ đã ghi 1 tệp.*phuluc rebuild/);
    expect(store.ledgerMark()).not.toBe(await fresh.identity());
  });

  it('a store kept before the mark existed takes a ledger with records, and refuses an empty one', async () => {
    const empty = setup();
    await keep(empty.store, 'cu');
    await expect(assertLedgerMatchesStore(empty.open(), empty.store)).rejects.toThrow(/không còn số liệu nào/);
    expect(empty.store.ledgerMark()).toBeUndefined();

    const full = setup();
    await keep(full.store, 'cu');
    const ledger = full.open();
    await ledger.insert(submission());
    await assertLedgerMatchesStore(ledger, full.store);
    expect(full.store.ledgerMark()).toBe(await ledger.identity());
  });
});
