// Bundles the explorer (explorer/explorer.tsx: GraphiQL, React and Monaco from node_modules) into
// dist/explorer/ with esbuild: the page script and its stylesheet, and Monaco's three workers.
// Nothing in the output refers to another origin; the gateway serves these files itself
// (src/server/explorer/explorer-assets.ts). Run by `npm run build`.
const { build } = require('esbuild');
const { rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outdir = join(root, 'dist/explorer');

const common = {
  absWorkingDir: root,
  bundle: true,
  minify: true,
  legalComments: 'linked',
  target: 'es2022',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
};

async function main() {
  rmSync(outdir, { recursive: true, force: true });
  await Promise.all([
    build({
      ...common,
      entryPoints: { explorer: 'explorer/explorer.tsx' },
      outdir,
      format: 'esm',
      jsx: 'automatic',
      loader: { '.ttf': 'dataurl', '.woff2': 'dataurl' },
    }),
    // Monaco starts each worker from its own file (MonacoEnvironment.getWorker in explorer.tsx).
    build({
      ...common,
      entryPoints: {
        'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
        'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
        'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
      },
      outdir,
      format: 'iife',
    }),
  ]);
}

main().catch((err) => {
  process.stderr.write(`build-explorer: ${err.message}\n`);
  process.exit(1);
});
