/** The ledger contract on the embedded SQLite file (the default back end). */
import path from 'node:path';
import { ledgerContract } from '../helpers/ledger-contract.ts';
import { tempDir } from '../helpers/worker.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';

ledgerContract('SQLite', async () => {
  const file = path.join(tempDir('ledger'), 'ledger.sqlite');
  const ledger = new SqliteLedger(file);
  const others: SqliteLedger[] = [];
  return {
    ledger,
    async second() {
      const l = new SqliteLedger(file);
      others.push(l);
      return l;
    },
    async dispose() {
      await ledger.close();
      for (const o of others) await o.close();
    },
  };
});
