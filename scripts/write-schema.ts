/** Writes schema/plan.schema.json from the TypeBox schema; a test fails when the checked-in file is stale. */
import { writeFileSync } from 'node:fs';
import { planJsonSchema } from '../src/plan/schema.js';

writeFileSync(new URL('../schema/plan.schema.json', import.meta.url), `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
