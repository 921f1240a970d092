/** Table types of public participation (issue #5 part 7): publications, comments, surveys. */
import type { Generated } from 'kysely';

/** 公示 (draft out for comment) | 发布 (published result) */
export const PUBLICATION_STAGES = ['draft_notice', 'result'] as const;
export type PublicationStage = (typeof PUBLICATION_STAGES)[number];
export const PUBLICATION_STATUSES = ['open', 'closed', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export const MODERATION_STATES = ['pending', 'approved', 'rejected'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];
/** 已接收 → 已分办 → 已答复 */
export const COMMENT_STATUSES = ['received', 'assigned', 'answered'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export interface PublicationTable {
  id: Generated<number>;
  /** 'checkup' for now; plans later */
  entity_type: string;
  entity_id: number;
  region_code: string;
  stage: PublicationStage;
  title: string;
  summary: string | null;
  /** What the public page shows (indicator table, findings, tasks), frozen at publication. */
  content: unknown;
  report_id: number | null;
  opens_at: string;
  closes_at: string | null;
  status: PublicationStatus;
  created_by: string;
  created_at: string;
}

export interface PublicCommentTable {
  id: Generated<number>;
  publication_id: number;
  zone_code: string | null;
  /** As written; internal only. */
  body: string;
  /** What the public may see: the body with personal data masked, after moderation. */
  public_body: string | null;
  author_name: string | null;
  contact: string | null;
  /** Salted hash of the client address, for rate limits and spam checks; never the address. */
  client_hash: string | null;
  moderation: ModerationState;
  /** JSON array of flags: 'spam' | 'personal_data' | 'abuse' | … */
  moderation_flags: unknown;
  status: CommentStatus;
  assigned_department: string | null;
  answer: string | null;
  answer_published: number;
  handled_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface SurveyTable {
  id: Generated<number>;
  region_code: string;
  title: string;
  description: string | null;
  /** JSON array of questions: { key, text_zh, text_en, kind: 'rating' | 'choice' | 'text', options?, weight? } */
  questions: unknown;
  checkup_id: number | null;
  /** The indicator the aggregated satisfaction score feeds, if any. */
  indicator_code: string | null;
  status: SurveyStatus;
  opens_at: string | null;
  closes_at: string | null;
  created_by: string;
  created_at: string;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  survey_id: number;
  zone_code: string;
  answers: unknown;
  /** The response's satisfaction score on 0–100, from its rating answers. */
  score: number | null;
  client_hash: string | null;
  created_at: string;
}

/** The JSON of `publication.content`: what the public page shows, frozen when it is published. */
export interface PublicationContent {
  checkup: { id: number; title: string; kind: string; year: number; regionCode: string; regionName: string | null };
  snapshot: { id: number; seq: number; createdAt: string } | null;
  indicators: {
    code: string;
    name: string | null;
    nameEn: string | null;
    unit: string;
    zoneCode: string;
    zoneName: string | null;
    level: string;
    year: number;
    value: number | null;
    expected: number | null;
    target: number | null;
    grade: string | null;
  }[];
  findings: { id: number; title: string; level: string; zoneCode: string | null; severity: string }[];
  measures: { findingId: number; path: string; departmentCode: string | null; description: string }[];
  tasks: {
    title: string;
    departmentCode: string;
    departmentName: string | null;
    zoneCode: string | null;
    deadline: string;
    status: string;
    progress: number;
  }[];
}
