/**
 * Benchmark: the demo city's check-up report — all three levels (市域, 城区, 单元), trend charts,
 * the dimension radar and thematic maps per unit — generated as DOCX, HTML and PDF on the GeoPackage
 * store. Setup (demo city, monitoring runs 2023–2025, the check-up rows) is not timed; each format's
 * generation is, end to end: reading the model, rendering the figures, writing the document, storing it.
 * Issue #5's figure: under 10 s. Prints the times; asserts nothing.
 *
 *   npm run bench:report
 *   npm run bench:report -- --patches 5000 --repeat 3
 *   npm run bench:report -- --out /tmp/report   # also writes the three files there
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../src/auth/principal.js';
import { generateReport, reportFile } from '../src/checkup/report/generate-report.js';
import { demoCityForReport, setUpReportFixture } from '../src/checkup/report/report-test-setup.js';
import { findSoffice } from '../src/checkup/report/write-pdf.js';
import { migrate } from '../src/store/migrate.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const { values } = parseArgs({
  options: {
    patches: { type: 'string', default: '3000' },
    repeat: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-report-'));
const store = openSqliteStore(path.join(dir, 'lantu.gpkg'));
try {
  await migrate(store);
  let t = performance.now();
  const city = demoCityForReport(Number(values.patches));
  const fixture = await setUpReportFixture(store, city);
  console.log(
    `setup (demo city ${values.patches} patches, 3 monitoring runs): ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const counts = await store.db
    .selectFrom('checkup_snapshot_value')
    .select(['level', (eb) => eb.fn.countAll<number>().as('n')])
    .innerJoin('checkup', 'checkup.current_snapshot_id', 'checkup_snapshot_value.snapshot_id')
    .where('checkup.id', '=', fixture.checkupId)
    .groupBy('level')
    .execute();
  console.log(`snapshot values by level: ${counts.map((c) => `${c.level} ${c.n}`).join(', ')}`);
  const formats = findSoffice() ? (['docx', 'html', 'pdf'] as const) : (['docx', 'html'] as const);
  if (formats.length === 2) console.log('LibreOffice not found: PDF skipped');
  for (let i = 0; i < Number(values.repeat); i++) {
    for (const format of formats) {
      t = performance.now();
      const r = await generateReport(store, SYSTEM, fixture.checkupId, format);
      const total = (performance.now() - t) / 1000;
      console.log(
        `${format.padEnd(4)} ${total.toFixed(2)} s  ${(r.byteSize / 1024).toFixed(0)} KiB  ` +
          `(model ${r.timings.model} ms, figures ${r.timings.figures} ms, document ${r.timings.document} ms, store ${r.timings.store} ms)` +
          (total < 10 ? '' : '  OVER 10 s'),
      );
      if (values.out) {
        fs.mkdirSync(values.out, { recursive: true });
        fs.writeFileSync(path.join(values.out, `report.${format}`), (await reportFile(store.db, SYSTEM, r.id)).content);
      }
    }
  }
} finally {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
