/**
 * The ledger contract on PostgreSQL, on a throwaway cluster: the same suite as SQLite's. Each test
 * gets a database of its own.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresLedger } from '../../worker/ledger/postgres.ts';
import { ledgerContract } from '../helpers/ledger-contract.ts';
import { postgresOrSkip, startCluster, type Cluster } from '../helpers/postgres.ts';

describe.skipIf(!postgresOrSkip())('PostgreSQL', () => {
  let cluster: Cluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  ledgerContract('PostgreSQL', async () => {
    const url = await cluster.createDatabase(`contract_${n++}`);
    const ledger = new PostgresLedger(url);
    const others: PostgresLedger[] = [];
    return {
      ledger,
      async second() {
        const l = new PostgresLedger(url);
        others.push(l);
        return l;
      },
      async dispose() {
        await ledger.close();
        for (const o of others) await o.close();
      },
    };
  });
});
