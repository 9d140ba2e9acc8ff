import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root: the nearest directory above this file holding package.json. The same
 * from the built program (dist/src/server/explorer) and from the sources (src/server/explorer,
 * as the test suites run them).
 */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();

/** Where `npm run build` puts the explorer's bundle (scripts/build-explorer.js). */
export const EXPLORER_BUNDLE_DIR = join(ROOT, 'dist/explorer');

/** The example operations the explorer opens as tabs, and explorer-tabs.json (their order and variables). */
export const EXAMPLE_OPERATIONS_DIR = join(ROOT, 'examples/operations');
