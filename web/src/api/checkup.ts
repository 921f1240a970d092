/**
 * The check-up loop's shapes and calls (src/checkup, src/participation; decision 0040): check-ups and
 * their workflow, frozen values, findings → causes → countermeasures → tasks → progress reports, the
 * report, and public participation.
 */
import type { PublicationContent } from '../../../src/participation/participation-tables.js';
// The read-back's shape is the server's own, not a copy that could drift from it.
import type { Readback } from '../../../src/checkup/task-readback.js';
import { api, type Bilingual } from './client.js';

// The vocabularies are the server's own (one list, type-only dependencies), so the two cannot drift.
export {
  CAUSE_CATEGORIES,
  CHECKUP_KINDS,
  CHECKUP_LEVELS,
  CHECKUP_STATUSES,
  FINDING_SEVERITIES,
  MEASURE_PATHS,
  REPORT_FORMATS,
  TASK_STATUSES,
} from '../../../src/checkup/checkup-tables.js';
export type {
  CauseCategory,
  CheckupKind,
  CheckupLevel,
  CheckupStatus,
  FindingSeverity,
  MeasurePath,
  ReportFormat,
  TaskStatus,
} from '../../../src/checkup/checkup-tables.js';
import type {
  CauseCategory,
  CheckupKind,
  CheckupLevel,
  CheckupStatus,
  FindingSeverity,
  MeasurePath,
  ReportFormat,
  TaskStatus,
} from '../../../src/checkup/checkup-tables.js';

export interface TeamMember {
  username: string;
  duty: string;
}

export interface Transition {
  id: number;
  event: string;
  from: string;
  to: string;
  reason: string | null;
  actor: string;
  at: string;
}

export interface Snapshot {
  id: number;
  seq: number;
  runId: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  summary?: Record<string, unknown> | null;
  published?: boolean;
}

export interface Checkup {
  id: number;
  kind: CheckupKind;
  title: string;
  regionCode: string;
  year: number;
  levels: CheckupLevel[];
  systemId: number;
  planVersionId: number | null;
  previousId: number | null;
  status: CheckupStatus;
  team: TeamMember[];
  currentSnapshotId: number | null;
  publishedSnapshotId: number | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** 0–100 by task weight, when the list carries it */
  progress?: number | null;
  counts?: {
    findings: number;
    findingsByLevel: Record<string, number>;
    causes: number;
    measures: number;
    tasks: number;
  };
  transitions?: Transition[];
  snapshots?: Snapshot[];
  /** The moves open from the current status and whether the viewer may make them (the server decides). */
  nextEvents?: NextEvent[];
}

export interface NextEvent {
  event: string;
  label: Bilingual;
  to: CheckupStatus;
  needsReason: boolean;
  permission: string;
  allowed: boolean;
}

export interface SnapshotValue {
  indicatorCode: string;
  indicatorName?: string;
  indicatorNameEn?: string | null;
  zoneCode: string;
  level: CheckupLevel;
  year: number;
  value: number | null;
  unit: string;
  method: string;
  expected: number | null;
  target: number | null;
  grade: string | null;
}

export interface Finding {
  id: number;
  checkupId: number;
  level: CheckupLevel;
  zoneCode: string | null;
  dimension: string | null;
  kind: string;
  severity: FindingSeverity;
  title: string;
  /** The drafted English title, while nobody has edited the finding. */
  titleEn?: string | null;
  body: string | null;
  indicatorCodes: string[];
  zoneCodes: string[];
  evidence: Record<string, unknown> | null;
  origin: 'drafted' | 'edited' | 'manual' | 'merged';
  mergedIntoId: number | null;
  causes?: Cause[];
  measures?: Measure[];
}

export interface Cause {
  id: number;
  findingId: number;
  category: CauseCategory;
  description: string;
  evidence: unknown;
  support: unknown;
}

export interface Measure {
  id: number;
  findingId: number;
  path: MeasurePath;
  departmentCode: string | null;
  description: string;
  weight: number;
  /** The tasks under the measure, in brief; the task board has them whole. */
  tasks?: MeasureTask[];
}

export type MeasureTask = Pick<Task, 'id' | 'title' | 'departmentCode' | 'deadline' | 'status' | 'progress'> &
  Partial<Pick<Task, 'overdue'>>;

export interface Evidence {
  kind: 'link' | 'text' | 'file';
  value: string;
  name?: string;
}

export interface TaskReport {
  id: number;
  taskId: number;
  progress: number;
  status: TaskStatus;
  note: string;
  evidence: Evidence[];
  reportedBy: string;
  reportedAt: string;
}

export interface Task {
  id: number;
  checkupId: number;
  measureId: number;
  title: string;
  description: string | null;
  departmentCode: string;
  coDepartments: string[];
  zoneCode: string | null;
  regionCode: string;
  deadline: string;
  targetIndicatorCode: string | null;
  targetValue: number | null;
  baselineValue: number | null;
  deliverable: string | null;
  weight: number;
  status: TaskStatus;
  progress: number;
  carriedFromId: number | null;
  overdue?: boolean;
  daysOverdue?: number;
  statusLabel?: Bilingual;
  closedAt: string | null;
  createdAt: string;
  reports?: TaskReport[];
}

export interface CheckupRollup {
  checkupId: number;
  asOf: string;
  progress: number | null;
  tasks: { total: number; byStatus: Record<TaskStatus, number>; overdue: number };
  findings: {
    id: number;
    title: string;
    progress: number | null;
    measures: { id: number; description: string; weight: number; progress: number | null; liveTasks: number }[];
  }[];
  departments: { departmentCode: string; byStatus: Record<TaskStatus, number>; overdue: number }[];
}


export interface ReportSection {
  sectionKey: string;
  key?: string;
  title: string;
  generatedText: string | null;
  editedText: string | null;
  editedBy: string | null;
  editedAt: string | null;
}

export interface ReportFile {
  id: number;
  checkupId: number;
  snapshotId: number | null;
  format: ReportFormat;
  fileName: string;
  byteSize: number;
  sha256: string;
  published: boolean | number;
  generatedBy: string;
  generatedAt: string;
}

export interface Publication {
  id: number;
  entityType: string;
  entityId: number;
  regionCode: string;
  stage: 'draft_notice' | 'result';
  stageLabel?: Bilingual;
  acceptsComments?: boolean;
  title: string;
  summary: string | null;
  content?: PublicationContent | null;
  reportId: number | null;
  opensAt: string;
  closesAt: string | null;
  status: 'open' | 'closed' | 'withdrawn';
  comments?: PublicComment[];
  surveys?: Survey[];
}

/** What a publication froze for the public page: the server's own type of `publication.content`. */
export type { PublicationContent } from '../../../src/participation/participation-tables.js';
export type { Readback, TaskReadback } from '../../../src/checkup/task-readback.js';

export interface PublicComment {
  id: number;
  publicationId: number;
  zoneCode: string | null;
  body?: string;
  publicBody: string | null;
  authorName: string | null;
  contact?: string | null;
  moderation?: 'pending' | 'approved' | 'rejected';
  moderationFlags?: string[];
  status: 'received' | 'assigned' | 'answered';
  assignedDepartment?: string | null;
  answer: string | null;
  answerPublished?: boolean | number;
  createdAt: string;
}

export interface SurveyQuestion {
  key: string;
  textZh: string;
  textEn: string;
  kind: 'rating' | 'choice' | 'text';
  options?: string[];
  weight?: number;
  required?: boolean;
}

/** A place a survey may be answered for: a region or planning unit inside the survey's region. */
export interface SurveyZone {
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  level: string | null;
}

export interface Survey {
  id: number;
  regionCode: string;
  title: string;
  description: string | null;
  questions: SurveyQuestion[];
  checkupId: number | null;
  indicatorCode: string | null;
  status: 'draft' | 'open' | 'closed';
  opensAt: string | null;
  closesAt: string | null;
}

/** A list answer, whether the route answers `[…]` or `{ items: […] }` (or `{ <name>: […] }`). */
export function itemsOf<T>(answer: unknown, name?: string): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const o = answer as Record<string, unknown> | null;
  if (o && Array.isArray(o.items)) return o.items as T[];
  if (o && name && Array.isArray(o[name])) return o[name] as T[];
  return [];
}

const get = <T>(path: string, query?: Parameters<typeof api.get>[1], signal?: AbortSignal) =>
  api.get<T>(path, query, signal);
const list = async <T>(path: string, query?: Parameters<typeof api.get>[1], signal?: AbortSignal, name?: string) =>
  itemsOf<T>(await api.get<unknown>(path, query, signal), name);
const post = <T>(path: string, body?: unknown) => api.post<T>(path, body);
const patch = <T>(path: string, body: unknown) => api.patch<T>(path, body);

export const checkupApi = {
  list: (query: { regionCode?: string; year?: number; status?: string }, signal?: AbortSignal) =>
    list<Checkup>('/api/checkups', query, signal, 'checkups'),
  get: (id: number, signal?: AbortSignal) => get<Checkup>(`/api/checkups/${id}`, undefined, signal),
  create: (body: {
    kind: CheckupKind;
    regionCode: string;
    year: number;
    levels?: CheckupLevel[];
    title?: string;
    previousId?: number;
  }) => post<Checkup>('/api/checkups', body),
  transition: (id: number, event: string, reason?: string) =>
    post<Checkup>(`/api/checkups/${id}/transition`, reason ? { event, reason } : { event }),
  run: (id: number) => post<{ jobId: number; runId?: number }>(`/api/checkups/${id}/run`),
  values: (id: number, query: { snapshot?: number; level?: string; indicator?: string }, signal?: AbortSignal) =>
    list<SnapshotValue>(`/api/checkups/${id}/values`, query, signal, 'values'),

  findings: (id: number, query: { level?: string }, signal?: AbortSignal) =>
    list<Finding>(`/api/checkups/${id}/findings`, query, signal, 'findings'),
  draftFindings: (id: number) => post<unknown>(`/api/checkups/${id}/findings/draft`),
  addFinding: (id: number, body: Record<string, unknown>) => post<Finding>(`/api/checkups/${id}/findings`, body),
  editFinding: (id: number, body: Record<string, unknown>) => patch<Finding>(`/api/findings/${id}`, body),
  mergeFindings: (id: number, body: { ids: number[]; title: string; body?: string }) =>
    post<Finding>(`/api/checkups/${id}/findings/merge`, body),
  support: (findingId: number, signal?: AbortSignal) =>
    get<Record<string, unknown>>(`/api/findings/${findingId}/support`, undefined, signal),
  finding: (findingId: number, signal?: AbortSignal) => get<Finding>(`/api/findings/${findingId}`, undefined, signal),

  addCause: (findingId: number, body: { category: CauseCategory; description: string }) =>
    post<Cause>(`/api/findings/${findingId}/causes`, body),
  editCause: (id: number, body: { category?: CauseCategory; description?: string }) =>
    patch<Cause>(`/api/causes/${id}`, body),
  deleteCause: (id: number) => api.delete<void>(`/api/causes/${id}`),
  addMeasure: (
    findingId: number,
    body: { path: MeasurePath; description: string; departmentCode?: string | null; weight?: number },
  ) => post<Measure>(`/api/findings/${findingId}/measures`, body),
  editMeasure: (id: number, body: Partial<Pick<Measure, 'path' | 'description' | 'departmentCode' | 'weight'>>) =>
    patch<Measure>(`/api/measures/${id}`, body),
  deleteMeasure: (id: number) => api.delete<void>(`/api/measures/${id}`),

  createTask: (measureId: number, body: Record<string, unknown>) =>
    post<Task>(`/api/measures/${measureId}/tasks`, body),
  editTask: (id: number, body: Record<string, unknown>) => patch<Task>(`/api/tasks/${id}`, body),
  task: (id: number, signal?: AbortSignal) => get<Task>(`/api/tasks/${id}`, undefined, signal),
  tasks: (
    checkupId: number,
    query: { department?: string; status?: string; overdue?: boolean },
    signal?: AbortSignal,
  ) => list<Task>(`/api/checkups/${checkupId}/tasks`, query, signal, 'tasks'),
  myTasks: (signal?: AbortSignal) => list<Task>('/api/tasks/mine', undefined, signal, 'tasks'),
  report: (taskId: number, body: { progress: number; status: TaskStatus; note: string; evidence: Evidence[] }) =>
    post<TaskReport>(`/api/tasks/${taskId}/reports`, body),
  rollup: (id: number, signal?: AbortSignal) => get<CheckupRollup>(`/api/checkups/${id}/rollup`, undefined, signal),
  readback: (id: number, signal?: AbortSignal) => get<Readback>(`/api/checkups/${id}/readback`, undefined, signal),
  carryOver: (id: number) => post<{ carried: Task[]; alreadyCarried: number }>(`/api/checkups/${id}/carry-over`),

  sections: (id: number, signal?: AbortSignal) =>
    list<ReportSection>(`/api/checkups/${id}/report/sections`, undefined, signal, 'sections'),
  saveSection: (id: number, key: string, text: string | null) =>
    api.put<unknown>(`/api/checkups/${id}/report/sections/${encodeURIComponent(key)}`, { text }),
  generate: (id: number, format: ReportFormat) =>
    post<ReportFile & { jobId?: number }>(`/api/checkups/${id}/reports`, { format }),
  reports: (id: number, signal?: AbortSignal) =>
    list<ReportFile>(`/api/checkups/${id}/reports`, undefined, signal, 'reports'),
};

export interface SurveyAggregate {
  n: number;
  meanScore: number | null;
  questions: Record<string, { answered: number; counts?: Record<string, number>; mean?: number | null }>;
}

export interface SurveyResults {
  survey: Survey;
  overall: SurveyAggregate;
  units: (SurveyAggregate & { zoneCode: string; zoneName: string | null })[];
}

export const participationApi = {
  publications: (query: { entityId?: number }, signal?: AbortSignal) =>
    list<Publication>('/api/publications', query, signal),
  publish: (body: { entityType: 'checkup'; entityId: number; stage: 'draft_notice' | 'result'; closesAt?: string }) =>
    post<Publication>('/api/publications', body),
  comments: (query: { publication?: number; status?: string; moderation?: string }, signal?: AbortSignal) =>
    list<PublicComment>('/api/comments', query, signal),
  moderate: (id: number, body: { decision: 'approve' | 'reject'; publicBody?: string | null }) =>
    post<PublicComment>(`/api/comments/${id}/moderate`, body),
  assign: (id: number, departmentCode: string) => post<PublicComment>(`/api/comments/${id}/assign`, { departmentCode }),
  answer: (id: number, answer: string, publish: boolean) =>
    post<PublicComment>(`/api/comments/${id}/answer`, { answer, publish }),
  surveys: (signal?: AbortSignal) => list<Survey>('/api/surveys', undefined, signal),
  surveyResults: (id: number, signal?: AbortSignal) =>
    get<SurveyResults>(`/api/surveys/${id}/results`, undefined, signal),

  publicPublications: (signal?: AbortSignal) => list<Publication>('/api/public/publications', undefined, signal),
  publicPublication: (id: number, signal?: AbortSignal) =>
    get<Publication>(`/api/public/publications/${id}`, undefined, signal),
  comment: (id: number, body: { body: string; name?: string; contact?: string; zoneCode?: string }) =>
    post<PublicComment>(`/api/public/publications/${id}/comments`, body),
  publicSurveys: (signal?: AbortSignal) => list<Survey>('/api/public/surveys', undefined, signal),
  publicSurvey: (id: number, signal?: AbortSignal) =>
    get<Survey & { acceptsResponses?: boolean; zones?: SurveyZone[] }>(`/api/public/surveys/${id}`, undefined, signal),
  respond: (id: number, body: { zoneCode: string; answers: Record<string, unknown> }) =>
    post<unknown>(`/api/public/surveys/${id}/responses`, body),
};

/** A task is overdue when its deadline has passed and it is not closed (the server's flag wins when sent). */
export function isOverdue(task: Pick<Task, 'deadline' | 'status' | 'overdue'>, today = new Date()): boolean {
  if (task.overdue !== undefined) return task.overdue;
  if (task.status === 'done' || task.status === 'cancelled') return false;
  return task.deadline < today.toISOString().slice(0, 10);
}

export type { Bilingual };
