/**
 * `npm run boundaries` (part of `npm run check`): checks kefu's import rules (scripts/import-boundaries.ts) over
 * this repository. Prints every violation as `file:line: message` and exits 1 if there is any.
 */
import { resolve } from 'node:path';
import { checkImportBoundaries } from './import-boundaries';

const { files, problems } = checkImportBoundaries(resolve(__dirname, '..'));
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`\n${problems.length} import-boundary problem(s).`);
  process.exit(1);
}
console.log(`import boundaries ok: ${files} files, no cycles`);
