import { VERSION } from '../version.js';

/** `planpilot/<version>`, the user agent of every request. */
export function defaultUserAgent(): string {
  return `planpilot/${VERSION}`;
}
