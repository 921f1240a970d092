/**
 * Checking features a batch of source lines at a time: parse, join the attribute table, check, and
 * serialise the row for the spool. The same code runs in the import's own thread or in worker threads
 * (check-pool.ts); everything it needs travels in `CheckSetup`, which is plain data.
 */
import { FeatureChecker, type CheckerOptions } from './check-feature.js';
import { featureIssue, type FeatureIssue } from './issue-types.js';
import { FeatureParser, type FeatureLine, type ParserSetup, type SourceFeature } from './read-features.js';

export interface AttributeJoin {
  /** Key value → the table's row. */
  rows: Map<string, Record<string, unknown>>;
  /** The source field holding the key, as the source spells it. */
  key: string;
  fileName: string;
}

export interface CheckSetup {
  checker: CheckerOptions;
  parser: ParserSetup;
  join: AttributeJoin | null;
}

export interface CheckedLine {
  row: number;
  /** The spool line (the table row as JSON), or null when the feature is rejected. */
  spool: string | null;
  issues: FeatureIssue[];
  outcome: 'clean' | 'repaired' | 'rejected';
  id: string | null;
  idField: string | null;
}

export class BatchChecker {
  private readonly parser: FeatureParser;
  private readonly checker: FeatureChecker;

  constructor(private readonly setup: CheckSetup) {
    this.parser = new FeatureParser(setup.parser);
    this.checker = new FeatureChecker(setup.checker);
  }

  async check(lines: FeatureLine[]): Promise<CheckedLine[]> {
    const out: CheckedLine[] = new Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const feature = this.parser.parse(lines[i]!);
      const joinIssue = this.setup.join ? joinAttributes(feature, this.setup.join) : null;
      const c = await this.checker.check(feature);
      if (joinIssue) c.issues.push(joinIssue);
      out[i] = {
        row: feature.row,
        spool: c.row ? JSON.stringify(c.row) : null,
        issues: c.issues,
        outcome: c.outcome,
        id: c.id,
        idField: c.idField,
      };
    }
    return out;
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
