// `node --import ./test/helpers/record-imports.mjs …`: writes the URL of every module Node loads through the ESM
// loader to the file named by RECORD_IMPORTS_TO, one a line (the start-up test asserts what --version loads).
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url);
