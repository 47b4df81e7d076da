import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package's own version, for --version and the user agent. */
export const VERSION: string = (require('../../package.json') as { version: string }).version;
