/** All messages of the application, each in Chinese and English. */
import { admin } from './admin.js';
import { checkup } from './checkup.js';
import { cockpit } from './cockpit.js';
import { common } from './common.js';
import { data } from './data.js';
import { department } from './department.js';
import { indicators } from './indicators.js';
import { login } from './login.js';
import { map } from './map.js';
import { portal } from './portal.js';

export const messages = {
  ...common,
  ...cockpit,
  ...login,
  ...map,
  ...indicators,
  ...department,
  ...data,
  ...admin,
  ...portal,
  ...checkup,
} as const;
export type MessageKey = keyof typeof messages;
