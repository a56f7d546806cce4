/**
 * Import-boundary check (run by `npm run boundaries`, part of `npm run check`):
 * - adapters/* import only src/index.ts (and their vendor SDKs), never another adapter;
 * - src/** never imports adapters/, except src/main.ts (the composition root);
 * - nothing imports flows/ or models/ as code;
 * - no import cycles among src/ and adapters/ (type-only imports excepted: they vanish at run time).
 * Prints every violation as `file:line: message` and exits 1 if there is any.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(__dirname, '..');
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'public' ? [] : listTs(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const rel = (p: string): string => relative(root, p).split(sep).join('/');
const files = [...listTs(join(root, 'src')), ...listTs(join(root, 'adapters'))];
const graph = new Map<string, string[]>();
const problems: string[] = [];

for (const file of files) {
  const source = readFileSync(file, 'utf8');
  const edges: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3] ?? '';
    if (!spec.startsWith('.')) continue;
    const line = source.slice(0, match.index).split('\n').length;
    const where = `${rel(file)}:${line}`;
    const target = resolveLocal(file, spec);
    const targetRel = target ? rel(target) : rel(resolve(dirname(file), spec));
    const fromRel = rel(file);
    if (/^(flows|models)\//.test(targetRel))
      problems.push(`${where}: imports data folder '${targetRel}' as code; load it by path from configuration.`);
    if (fromRel.startsWith('adapters/')) {
      const ownAdapter = fromRel.split('/')[1];
      if (targetRel.startsWith('adapters/') && targetRel.split('/')[1] !== ownAdapter) {
        problems.push(`${where}: adapter imports another adapter ('${targetRel}'); share code through src/index.ts.`);
      } else if (targetRel.startsWith('src/') && targetRel !== 'src/index.ts') {
        problems.push(`${where}: adapter imports '${targetRel}'; import from src/index.ts (add an export there).`);
      }
    }
    if (fromRel.startsWith('src/') && fromRel !== 'src/main.ts' && targetRel.startsWith('adapters/')) {
      problems.push(`${where}: src imports adapter '${targetRel}'; only src/main.ts (the composition root) may.`);
    }
    // Type-only imports vanish at run time, so they cannot form a runtime cycle.
    const typeOnly = /^(import|export)\s+type\s/.test(match[0]);
    if (target && !typeOnly) edges.push(target);
  }
  graph.set(file, edges);
}

// Cycle detection (iterative DFS with colours); report each cycle once.
const colour = new Map<string, 0 | 1 | 2>();
const reported = new Set<string>();
function visit(start: string): void {
  const stack: { node: string; i: number }[] = [{ node: start, i: 0 }];
  const path: string[] = [start];
  colour.set(start, 1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const edges = graph.get(top.node) ?? [];
    if (top.i >= edges.length) {
      colour.set(top.node, 2);
      stack.pop();
      path.pop();
      continue;
    }
    const next = edges[top.i++]!;
    const c = colour.get(next) ?? 0;
    if (c === 1) {
      const cycle = path.slice(path.indexOf(next)).concat(next).map(rel);
      const key = [...cycle].sort().join('|');
      if (!reported.has(key)) {
        reported.add(key);
        problems.push(`${cycle[0]}:1: import cycle: ${cycle.join(' -> ')}; move the shared piece into its own file.`);
      }
    } else if (c === 0 && graph.has(next)) {
      colour.set(next, 1);
      stack.push({ node: next, i: 0 });
      path.push(next);
    }
  }
}
for (const file of files) if ((colour.get(file) ?? 0) === 0) visit(file);

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`\n${problems.length} import-boundary problem(s).`);
  process.exit(1);
}
console.log(`import boundaries ok: ${files.length} files, no cycles`);
