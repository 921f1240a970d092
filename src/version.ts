/** Lantu's version, as package.json says. */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };
export const LANTU_VERSION: string = pkg.version;
