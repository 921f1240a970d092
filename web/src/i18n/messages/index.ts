/** All messages of the application, each in Chinese and English. */
import { common } from './common.js';
import { login } from './login.js';
import { map } from './map.js';

export const messages = { ...common, ...login, ...map } as const;
export type MessageKey = keyof typeof messages;
