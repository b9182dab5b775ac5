/**
 * What a release shows of a data folder, as plain data: the board (each unit's state, review and
 * file), the appendix (each row's printed figure and status, the summary, final or draft), its
 * versions and the console's accounts. tools/make-release-fixture.ts records it with the release's
 * code; tests/worker/release-fixture.test.ts compares today's build with it.
 */
import { appendixInput, appendixValues, buildAppendix } from '../../worker/consolidate/appendix.ts';
import { unitStatuses } from '../../worker/consolidate/statuses.ts';
import type { Config } from '../../worker/config.ts';
import type { Ledger } from '../../worker/ledger/contract.ts';
import { periodForCommand } from '../../worker/settings.ts';

export const FIXTURE_USER = { name: 'lan.tckh', password: 'mat-khau-ban-phat-hanh-1' };
export const FIXTURE_TOKEN = 'pl_ldtbxh_release-fixture-0123456789abcdef';

export interface ReleaseView {
  board: { unit: string; state: string; review: string | null; late: boolean; fileName: string | null; receivedAt: string | null }[];
  /** The figures the appendix is made of, by indicator (as read from each unit's file), its summary, final or draft. */
  appendix: { final: boolean; summary: string; values: unknown };
  versions: { createdAt: string; contentHash: string; final: boolean }[];
  users: { name: string; role: string }[];
  submissions: number;
}

export async function releaseView(cfg: Config, ledger: Ledger, now: Date): Promise<ReleaseView> {
  const entry = await periodForCommand(ledger, cfg);
  const statuses = await unitStatuses(entry.catalog, entry.period, ledger, now);
  const built = await buildAppendix(appendixInput(entry, cfg, ledger, now));
  const versions = await ledger.appendixVersions(entry.period.id);
  return {
    board: statuses.map((s) => ({
      unit: s.code,
      state: s.state,
      review: s.review ?? null,
      late: Boolean(s.late),
      fileName: s.record?.fileName ?? null,
      receivedAt: s.record?.receivedAt ?? null,
    })),
    appendix: { final: built.final, summary: built.content.summary.sentence, values: JSON.parse(JSON.stringify(appendixValues(statuses))) as unknown },
    versions: versions.map((v) => ({ createdAt: v.createdAt, contentHash: v.contentHash, final: v.final ?? false })),
    users: (await ledger.users()).map((u) => ({ name: u.name, role: u.role })),
    submissions: await ledger.count(),
  };
}
