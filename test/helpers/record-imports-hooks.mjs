// Loader hooks (they run on Node's loader thread) for record-imports.mjs.
import { appendFileSync } from 'node:fs';

export async function load(url, context, nextLoad) {
  if (process.env.RECORD_IMPORTS_TO) appendFileSync(process.env.RECORD_IMPORTS_TO, `${url}\n`);
  return nextLoad(url, context);
}
