/** Labels of the indicator catalog's coded fields, through the message table. */
import type { MessageKey } from '../../i18n/messages/index.js';

export const directionLabel = (d: string) => `ind.direction.${d}` as MessageKey;
export const methodLabel = (m: string) => `ind.method.${m}` as MessageKey;
export const attributeLabel = (a: string) => `ind.attribute.${a}` as MessageKey;
export const tierLabel = (t: string) => `ind.tier.${t}` as MessageKey;
export const systemLabel = (s: string) => `ind.system.${s}` as MessageKey;
export const gradeLabel = (g: string) => `grade.${g}` as MessageKey;
export const kindLabel = (k: string) => `warning.kind.${k}` as MessageKey;
export const warningStatusLabel = (s: string) => `warning.status.${s}` as MessageKey;
export const outlookLabel = (o: string) => `ind.outlook.${o}` as MessageKey;
export const submissionStatusLabel = (s: string) => `submission.status.${s}` as MessageKey;

/** Dimensions are catalog data in Chinese; the six of TD/T 1063 and the master plan's three have names in English. */
export const DIMENSIONS_EN: Record<string, string> = {
  安全: 'Safety',
  创新: 'Innovation',
  协调: 'Coordination',
  绿色: 'Green',
  开放: 'Openness',
  共享: 'Sharing',
  空间底线: 'Bottom lines',
  空间结构与效率: 'Structure and efficiency',
  空间品质: 'Spatial quality',
};
