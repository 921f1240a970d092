/**
 * A satisfaction survey's questions and how one response is checked and scored.
 *
 * Questions: rating (1–5, with a weight), single choice (one of its options), free text. The score of a
 * response is the weighted mean of its ratings mapped onto 0–100 — rating r counts (r − 1) / 4 × 100,
 * so 1 is 0 and 5 is 100 — over the rating questions answered; a response without ratings has no score.
 *
 *   scoreAnswers([{ key: 'a', kind: 'rating', weight: 2 }, { key: 'b', kind: 'rating', weight: 1 }], { a: 5, b: 2 })
 *   // → (2 × 100 + 1 × 25) / 3 = 75
 */
import { badRequest } from '../errors.js';

export const QUESTION_KINDS = ['rating', 'choice', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** As stored in survey.questions. */
export interface SurveyQuestion {
  key: string;
  text_zh: string;
  text_en: string;
  kind: QuestionKind;
  options?: string[];
  weight?: number;
  required?: boolean;
}

/** As the API takes it (camelCase). */
export interface QuestionInput {
  key: string;
  textZh: string;
  textEn?: string;
  kind: QuestionKind;
  options?: string[];
  weight?: number;
  required?: boolean;
}

export const TEXT_ANSWER_MAX = 1000;

function refuse(index: number, field: string, zh: string, en: string): never {
  throw badRequest('question_invalid', `第 ${index + 1} 题：${zh}`, `question ${index + 1}: ${en}`, {
    field: `questions.${index}.${field}`,
  });
}

/** Check a questionnaire and return it in the stored shape. */
export function validateQuestions(input: QuestionInput[]): SurveyQuestion[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > 50)
    throw badRequest('questions_invalid', '问卷应有 1—50 道题', 'a survey has 1 to 50 questions', {
      field: 'questions',
    });
  const keys = new Set<string>();
  return input.map((q, i) => {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(q.key ?? ''))
      refuse(
        i,
        'key',
        `题目标识“${q.key}”应为小写字母开头的字母、数字或下划线`,
        `key "${q.key}" must be lower-case letters, digits or _ starting with a letter`,
      );
    if (keys.has(q.key)) refuse(i, 'key', `题目标识“${q.key}”重复`, `key "${q.key}" is used twice`);
    keys.add(q.key);
    const textZh = q.textZh?.trim();
    if (!textZh) refuse(i, 'textZh', '题目中文内容为空', 'the Chinese text is empty');
    if (!(QUESTION_KINDS as readonly string[]).includes(q.kind))
      refuse(
        i,
        'kind',
        `题型“${q.kind}”无效（rating / choice / text）`,
        `kind "${q.kind}" is not rating, choice or text`,
      );
    const out: SurveyQuestion = { key: q.key, text_zh: textZh, text_en: q.textEn?.trim() || textZh, kind: q.kind };
    if (q.kind === 'rating') {
      const weight = q.weight ?? 1;
      if (!Number.isFinite(weight) || weight <= 0 || weight > 100)
        refuse(i, 'weight', `权重 ${weight} 应大于 0 且不超过 100`, `weight ${weight} must be above 0 and at most 100`);
      out.weight = weight;
    } else if (q.weight !== undefined) refuse(i, 'weight', '只有评分题有权重', 'only rating questions have a weight');
    if (q.kind === 'choice') {
      const options = (q.options ?? []).map((o) => o.trim());
      if (options.length < 2 || options.length > 20 || options.some((o) => !o))
        refuse(i, 'options', '单选题应有 2—20 个非空选项', 'a choice question has 2 to 20 non-empty options');
      if (new Set(options).size !== options.length) refuse(i, 'options', '选项重复', 'options repeat');
      out.options = options;
    } else if (q.options !== undefined) refuse(i, 'options', '只有单选题有选项', 'only choice questions have options');
    // Ratings are what the score stands on, so they are required unless said otherwise; the rest optional.
    out.required = q.required ?? q.kind === 'rating';
    return out;
  });
}

/** Check one response's answers against the questions; returns the answers as stored. */
export function validateAnswers(
  questions: SurveyQuestion[],
  answers: Record<string, unknown>,
): Record<string, unknown> {
  const known = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers))
    if (!known.has(key))
      throw badRequest('answer_unknown', `问卷没有题目“${key}”`, `the survey has no question "${key}"`, {
        field: `answers.${key}`,
      });
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    const a = answers[q.key];
    const field = `answers.${q.key}`;
    if (a === undefined || a === null || a === '') {
      if (q.required)
        throw badRequest('answer_required', `请回答“${q.text_zh}”`, `please answer "${q.text_en}"`, { field });
      continue;
    }
    if (q.kind === 'rating') {
      if (typeof a !== 'number' || !Number.isInteger(a) || a < 1 || a > 5)
        throw badRequest(
          'rating_invalid',
          `“${q.text_zh}”的评分应为 1—5 的整数`,
          `the rating of "${q.text_en}" must be a whole number 1–5`,
          { field },
        );
    } else if (q.kind === 'choice') {
      if (typeof a !== 'string' || !q.options!.includes(a))
        throw badRequest('choice_invalid', `“${q.text_zh}”的选项无效`, `"${q.text_en}" has no such option`, { field });
    } else if (typeof a !== 'string' || a.length > TEXT_ANSWER_MAX)
      throw badRequest(
        'text_invalid',
        `“${q.text_zh}”应为不超过 ${TEXT_ANSWER_MAX} 字的文字`,
        `"${q.text_en}" must be text of at most ${TEXT_ANSWER_MAX} characters`,
        { field },
      );
    out[q.key] = typeof a === 'string' ? a.trim() : a;
  }
  return out;
}

export function scoreAnswers(
  questions: Pick<SurveyQuestion, 'key' | 'kind' | 'weight'>[],
  answers: Record<string, unknown>,
): number | null {
  let sum = 0;
  let weights = 0;
  for (const q of questions) {
    const a = answers[q.key];
    if (q.kind !== 'rating' || typeof a !== 'number') continue;
    const w = q.weight ?? 1;
    sum += (w * (a - 1) * 100) / 4;
    weights += w;
  }
  return weights ? sum / weights : null;
}
