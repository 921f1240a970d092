/**
 * Checking features a batch of source lines at a time: parse, join the attribute table, check, and
 * serialise the row for the spool. The same code runs in the import's own thread or in worker threads
 * (check-pool.ts); everything it needs travels in `CheckSetup`, which is plain data.
 */
import { FeatureChecker, type CheckerOptions } from './check-feature.js';
import { featureIssue, type FeatureIssue } from './issue-types.js';
import { FeatureParser, type FeatureLine, type ParserSetup, type SourceFeature } from './read-features.js';
import { ShapefileRecords, type RecordRange, type ShapefilePlan } from './shapefile-reader.js';
import { RecordWriter } from './row-records.js';

export interface AttributeJoin {
  /** Key value → the table's row. */
  rows: Map<string, Record<string, unknown>>;
  /** The source field holding the key, as the source spells it. */
  key: string;
  fileName: string;
}

export interface CheckSetup {
  checker: CheckerOptions;
  /** How to parse GDAL's lines; null when the features are read from a Shapefile directly. */
  parser: ParserSetup | null;
  /** Set when the checking threads read the source's records themselves (shapefile-reader.ts). */
  shapefile?: ShapefilePlan | null;
  join: AttributeJoin | null;
}

/** What a batch is: GDAL's lines, or a range of records the checking thread reads itself. */
export type CheckWork = FeatureLine[] | RecordRange;

export interface CheckedLine {
  row: number;
  /** The feature has a line in its batch's spool text (it is not rejected). */
  spooled: boolean;
  issues: FeatureIssue[];
  outcome: 'clean' | 'repaired' | 'rejected';
  id: string | null;
  idField: string | null;
}

/**
 * A batch's results: per feature what the report needs, and the rows of the features that may be
 * written as one chunk of records (row-records.ts: the geometry as WKB, encoded here in parallel), which
 * a checking thread moves rather than copies and the import's thread spools in one piece unless the
 * duplicate check drops a row (run-import.ts).
 */
export interface CheckedBatch {
  lines: CheckedLine[];
  spool: Uint8Array<ArrayBuffer>;
}

export class BatchChecker {
  private readonly parser: FeatureParser | null;
  private readonly records: ShapefileRecords | null;
  private readonly checker: FeatureChecker;

  constructor(private readonly setup: CheckSetup) {
    this.parser = setup.parser ? new FeatureParser(setup.parser) : null;
    this.records = setup.shapefile ? new ShapefileRecords(setup.shapefile) : null;
    this.checker = new FeatureChecker(setup.checker);
  }

  async check(work: CheckWork): Promise<CheckedBatch> {
    if (Array.isArray(work)) {
      const parser = this.parser;
      if (!parser) throw new Error('import: lines to check but no parser');
      return this.checkFeatures(work.map((line) => parser.parse(line)));
    }
    if (!this.records) throw new Error('import: a record range to check but no shapefile');
    return this.checkFeatures(this.records.read(work));
  }

  private async checkFeatures(features: SourceFeature[]): Promise<CheckedBatch> {
    const out: CheckedLine[] = new Array(features.length);
    const spool = new RecordWriter();
    for (let i = 0; i < features.length; i++) {
      const feature = features[i]!;
      const joinIssue = this.setup.join ? joinAttributes(feature, this.setup.join) : null;
      const c = await this.checker.check(feature);
      if (joinIssue) c.issues.push(joinIssue);
      if (c.row) spool.row(c.row);
      out[i] = {
        row: feature.row,
        spooled: c.row !== null,
        issues: c.issues,
        outcome: c.outcome,
        // A copy of its own: a value split from a source line would keep the whole line alive in the
        // duplicate check's map (done here, in the checking thread, not in the import's).
        id: c.id === null ? null : Buffer.from(c.id, 'utf8').toString('utf8'),
        idField: c.idField,
      };
    }
    return { lines: out, spool: spool.take() };
  }
}

/** Merge the table's row into the feature's attributes (the table's values win); a report row when there is none. */
function joinAttributes(feature: SourceFeature, join: AttributeJoin): FeatureIssue | null {
  const value = feature.properties[join.key];
  const text = value === null || value === undefined ? '' : String(value).trim();
  const row = text ? join.rows.get(text) : undefined;
  if (!row) {
    return featureIssue(
      'attribute_row_missing',
      { sourceRow: feature.row, sourceId: feature.sourceId },
      { field: join.key, value: text || null, zh: `属性表 ${join.fileName}`, en: `attribute table ${join.fileName}` },
    );
  }
  Object.assign(feature.properties, row);
  return null;
}
