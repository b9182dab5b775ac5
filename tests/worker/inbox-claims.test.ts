/**
 * A worker that died after moving a file out of the shared inbox and before finishing its claim:
 * no later listing names the file, so the next worker's run finishes that claim itself. A lapsed
 * claim whose file is still there is left to be taken over; a file changed since it was claimed is
 * a new file, and its old claim is finished.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InboxClaims } from '../../worker/ingest/claims.ts';
import { scanInbox } from '../../worker/ingest/inbox.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { createLogger } from '../../worker/log.ts';
import { tempDir } from '../helpers/worker.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('claims of a shared inbox', () => {
  it('finishes the lapsed claims of files gone from the inbox, and only those', async () => {
    const root = tempDir('inbox-claims');
    const inbox = path.join(root, 'inbox');
    const moved = path.join(root, 'processed');
    mkdirSync(inbox);
    mkdirSync(moved);
    for (const name of ['a:1.xlsx', 'b.xlsx', 'c.xlsx', 'd.xlsx']) writeFileSync(path.join(inbox, name), `nội dung ${name}`);
    const ledger = new SqliteLedger(path.join(root, 'ledger.sqlite'));
    const log = createLogger('silent');
    const claims = (owner: string, leaseMs: number) => new InboxClaims({ ledger, owner, leaseMs, scope: 'inbox', inbox, log });
    try {
      // The worker that dies: it claims all four, moves a:1 out (recorded), then stops answering.
      const dead = claims('may/1/dead', 150);
      const items = scanInbox(inbox, 0).ready;
      const deadIt = dead.claimed(items)[Symbol.asyncIterator]();
      for (let i = 0; i < 4; i++) expect((await deadIt.next()).done).toBe(false);
      clearHeartbeat(dead);
      renameSync(path.join(inbox, 'a:1.xlsx'), path.join(moved, 'a:1.xlsx'));
      // d.xlsx is replaced by hand with other content: another file under the same name.
      writeFileSync(path.join(inbox, 'd.xlsx'), 'một nội dung khác, dài hơn');
      const keyD = dead.key(items[3]);
      // The living worker, before the lease ran out: nothing to finish, nothing to take.
      const alive = claims('may/2/alive', 60_000);
      expect(await alive.finishLapsed()).toBe(0);
      await sleep(400);

      expect(await ledger.lapsedClaims('inbox:inbox:')).toHaveLength(4);
      // Nothing in the listing names a:1 (gone); its claim and d's old one are finished, b and c stay open.
      const now = scanInbox(inbox, 0).ready;
      const taken = await drain(alive.claimed(now));
      await alive.close();
      expect(taken.map((t) => t.item.name)).toEqual(['b.xlsx', 'c.xlsx', 'd.xlsx']);
      expect(alive.takenOver).toBe(2); // b and c; d is a new file
      expect(alive.key(now[2])).not.toBe(keyD);
      // close() gave back what was taken and not finished: lapsed now, and their files are there.
      expect(await ledger.lapsedClaims('inbox:inbox:')).toEqual(taken.map((t) => alive.key(t.item)).sort());
      expect(await alive.finishLapsed()).toBe(0);
    } finally {
      await ledger.close();
    }
  });
});

/** The dead worker's heartbeat would renew its claims; a killed process renews nothing. */
function clearHeartbeat(c: InboxClaims): void {
  clearInterval((c as unknown as { heartbeat?: NodeJS.Timeout }).heartbeat);
}
