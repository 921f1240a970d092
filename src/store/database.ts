/** The whole schema as Kysely sees it. Each capability owns its table types; this only assembles them. */
import type {
  AppUserTable,
  AuditLogTable,
  DepartmentTable,
  LoginAttemptTable,
  SessionTable,
} from '../auth/auth-tables.js';
import type { LanduseClassTable, LanduseCrosswalkTable } from '../catalogs/catalog-tables.js';
import type {
  ControlLineTable,
  FacilityTable,
  GenericFeatureTable,
  LandSurveyTable,
  LayerTable,
  PlannedLandUseTable,
  PlanningZoneTable,
  PlanTable,
  PlanTargetTable,
  PlanVersionTable,
  PopulationTable,
  RoadTable,
} from '../onemap/onemap-tables.js';
import type {
  CheckupCauseTable,
  CheckupFindingTable,
  CheckupMeasureTable,
  CheckupReportSectionTable,
  CheckupReportTable,
  CheckupSnapshotTable,
  CheckupSnapshotValueTable,
  CheckupTable,
  CheckupTaskReportTable,
  CheckupTaskTable,
  CheckupTransitionTable,
} from '../checkup/checkup-tables.js';
import type { ImportIssueTable, ImportRunTable } from '../ingest/ingest-tables.js';
import type { JobTable } from '../jobs/job-table.js';
import type {
  IndicatorMappingTable,
  IndicatorSubmissionTable,
  IndicatorSystemTable,
  IndicatorTable,
  IndicatorTargetTable,
  IndicatorValueTable,
  MonitoringRunTable,
  WarningRuleTable,
  WarningTable,
} from '../monitoring/monitoring-tables.js';
import type {
  PublicationTable,
  PublicCommentTable,
  SurveyResponseTable,
  SurveyTable,
} from '../participation/participation-tables.js';
import type { TileOverviewBuildTable, TileOverviewTable } from '../services/tile-tables.js';
import type { ZoneTable } from '../zones/zone-table.js';

export interface Database {
  department: DepartmentTable;
  app_user: AppUserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  zone: ZoneTable;
  plan: PlanTable;
  plan_version: PlanVersionTable;
  plan_target: PlanTargetTable;
  layer: LayerTable;
  control_line: ControlLineTable;
  planning_zone: PlanningZoneTable;
  planned_land_use: PlannedLandUseTable;
  land_survey: LandSurveyTable;
  road: RoadTable;
  facility: FacilityTable;
  generic_feature: GenericFeatureTable;
  population: PopulationTable;
  landuse_class: LanduseClassTable;
  landuse_crosswalk: LanduseCrosswalkTable;
  job: JobTable;
  import_run: ImportRunTable;
  import_issue: ImportIssueTable;
  indicator_system: IndicatorSystemTable;
  indicator: IndicatorTable;
  indicator_mapping: IndicatorMappingTable;
  monitoring_run: MonitoringRunTable;
  indicator_submission: IndicatorSubmissionTable;
  indicator_value: IndicatorValueTable;
  indicator_target: IndicatorTargetTable;
  warning_rule: WarningRuleTable;
  warning: WarningTable;
  checkup: CheckupTable;
  checkup_transition: CheckupTransitionTable;
  checkup_snapshot: CheckupSnapshotTable;
  checkup_snapshot_value: CheckupSnapshotValueTable;
  checkup_finding: CheckupFindingTable;
  checkup_cause: CheckupCauseTable;
  checkup_measure: CheckupMeasureTable;
  checkup_task: CheckupTaskTable;
  checkup_task_report: CheckupTaskReportTable;
  checkup_report_section: CheckupReportSectionTable;
  checkup_report: CheckupReportTable;
  publication: PublicationTable;
  public_comment: PublicCommentTable;
  survey: SurveyTable;
  survey_response: SurveyResponseTable;
  tile_overview: TileOverviewTable;
  tile_overview_build: TileOverviewBuildTable;
}
