import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROFILE_FILES } from '../flows/load-bundle';

/**
 * A flow set: every file of a flows folder that a version keeps, by name relative to the folder
 * (`thanks.yaml`, `intents.yaml`, `settings.yaml`, `tests/thanks.test.yaml`) → its text.
 */
export type FlowFiles = Record<string, string>;

const TOP_LEVEL = /^[a-z0-9][a-z0-9_.-]*\.ya?ml$/i;
const TEST_FILE = /^tests\/[a-z0-9][a-z0-9_.-]*\.test\.ya?ml$/i;

/**
 * Whether `name` belongs to a flow set: a YAML file at the top of flows/ (flows, intents.yaml, settings.yaml; not the
 * profile files, which src/profiles reads from the folder) or a transcript test in flows/tests/.
 */
export function isFlowSetFile(name: string): boolean {
  return (TOP_LEVEL.test(name) && !PROFILE_FILES.includes(name)) || TEST_FILE.test(name);
}

/** The transcript tests of a flow set (`tests/*.test.yaml`). */
export function testFilesOf(files: FlowFiles): [string, string][] {
  return Object.entries(files).filter(([name]) => TEST_FILE.test(name));
}

/**
 * Reads the flow set of a folder (missing tests/ is fine).
 *
 * @example
 * const files = await readFlowFolder('flows'); // { 'thanks.yaml': '…', 'tests/thanks.test.yaml': '…', … }
 */
export async function readFlowFolder(dir: string): Promise<FlowFiles> {
  const files: FlowFiles = {};
  const add = async (sub: string): Promise<void> => {
    const names = await readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    for (const d of names) {
      const name = sub ? `${sub}/${d.name}` : d.name;
      if (d.isFile() && isFlowSetFile(name)) files[name] = await readFile(path.join(dir, name), 'utf8');
    }
  };
  await add('');
  await add('tests');
  return files;
}

/** SHA-256 over the sorted names and texts: equal sets, equal hashes. */
export function hashFlowFiles(files: FlowFiles): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(`${name}\u0000${files[name]}\u0000`);
  return hash.digest('hex');
}

/** Whether kefu may write the flows folder (and its tests/ when present). */
export async function folderWritable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    await access(path.join(dir, 'tests'), constants.W_OK).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a flow set into a folder: each file replaced whole (written aside, then renamed, so a watcher never reads half
 * a file), and the folder's flow-set files that the set does not have removed. Other files are left alone.
 */
export async function writeFlowFolder(dir: string, files: FlowFiles): Promise<void> {
  for (const name of Object.keys(files)) {
    if (!isFlowSetFile(name)) throw new Error(`'${name}' is not a flow-set file name`);
  }
  const present = await readFlowFolder(dir);
  for (const [name, text] of Object.entries(files)) {
    if (present[name] === text) continue;
    const target = path.join(dir, name);
    await mkdir(path.dirname(target), { recursive: true });
    const aside = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    await writeFile(aside, text, 'utf8');
    await rename(aside, target);
  }
  for (const name of Object.keys(present)) if (!(name in files)) await rm(path.join(dir, name), { force: true });
}
