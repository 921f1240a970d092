/**
 * Bring the indicator system in line with data/indicators/. Called by `migrate()` after every run, so it
 * is idempotent and cheap when nothing changed: the files' fingerprint is kept in the note of the
 * version they were loaded into, and equal fingerprints mean no write at all.
 *
 * Changed files make a new version of the system (all indicators, mappings and default rules copied in
 * from the files). It becomes active — retiring the version before — only when the active version is
 * itself one loaded from files; when administrators have activated a version of their own, the new one
 * stays a draft for them to review and activate (their local indicators are not overwritten by a
 * product upgrade).
 *
 * @example
 * await loadIndicatorCatalog(store);                // the shipped catalog
 * await loadIndicatorCatalog(store, '/tmp/catalog'); // tests: another folder laid out the same way
 */
import { recordAudit } from '../auth/audit.js';
import { SYSTEM } from '../auth/principal.js';
import type { Store } from '../store/store.js';
import { nowIso } from '../store/store.js';
import { insertVersionContents } from './indicator-system-rows.js';
import { readIndicatorCatalog } from './read-indicator-catalog.js';

/** The code of the indicator system Lantu ships (TD/T 1063-2021 check-up + 市级总规 indicators + local). */
export const SYSTEM_CODE = 'lantu';
export const SYSTEM_NAME = '蓝图监测评估指标体系 Lantu monitoring indicators (TD/T 1063-2021 + 市级国土空间总体规划)';

const FINGERPRINT = /sha256:([0-9a-f]{64})/;

export async function loadIndicatorCatalog(store: Store, dir?: string): Promise<{ versionNo: number } | null> {
  const catalog = await readIndicatorCatalog(dir);
  return store.db.transaction().execute(async (trx) => {
    const versions = await trx
      .selectFrom('indicator_system')
      .selectAll()
      .where('code', '=', SYSTEM_CODE)
      .orderBy('version_no')
      .execute();
    const fromFiles = versions.filter((v) => v.created_by === SYSTEM.username && FINGERPRINT.test(v.note ?? ''));
    if (FINGERPRINT.exec(fromFiles.at(-1)?.note ?? '')?.[1] === catalog.fingerprint) return null;

    const active = versions.find((v) => v.status === 'active');
    const activate = !active || fromFiles.some((v) => v.id === active.id);
    const versionNo = (versions.at(-1)?.version_no ?? 0) + 1;
    const inserted = await trx
      .insertInto('indicator_system')
      .values({
        code: SYSTEM_CODE,
        name: SYSTEM_NAME,
        version_no: versionNo,
        status: activate ? 'active' : 'draft',
        based_on_id: active?.id ?? null,
        region_code: '',
        note: `由 data/indicators 载入 Loaded from data/indicators (sha256:${catalog.fingerprint})`,
        created_at: nowIso(),
        created_by: SYSTEM.username,
      })
      // Two processes migrating one database at once: the second finds the version taken and stops.
      .onConflict((oc) => oc.columns(['code', 'version_no']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
    if (activate && active)
      await trx.updateTable('indicator_system').set({ status: 'retired' }).where('id', '=', active.id).execute();
    await insertVersionContents(trx, inserted.id, catalog);
    await recordAudit(trx, SYSTEM, {
      activity: 'indicator_system.loaded',
      entityType: 'indicator_system',
      entityId: inserted.id,
      regionCode: null,
      after: {
        code: SYSTEM_CODE,
        versionNo,
        status: activate ? 'active' : 'draft',
        indicators: catalog.indicators.length,
        mappings: catalog.mappings.length,
        rules: catalog.rules.length,
        fingerprint: catalog.fingerprint,
      },
    });
    return { versionNo };
  });
}
