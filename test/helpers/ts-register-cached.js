// scripts/ts-register.js with a disk cache, for the suites that start src/main.ts as a child process:
// each start otherwise transpiles every source file again (seconds per process). The cache is keyed by
// the file's path and content, tsconfig.json and the TypeScript version, so an edited file is
// transpiled afresh; TypeScript itself is loaded only when a file is not in the cache.
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');

const root = path.join(__dirname, '..', '..');
const tsconfig = fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
const tsVersion = JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
const cacheDir = path.join(root, 'node_modules', '.cache', 'ts-register');
fs.mkdirSync(cacheDir, { recursive: true });

let compiler = null;
function transpile(source, filename) {
  if (!compiler) {
    const ts = require('typescript');
    const { compilerOptions } = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config;
    compiler = { ts, options: ts.convertCompilerOptionsFromJson(compilerOptions, root).options };
  }
  const { ts, options } = compiler;
  return ts.transpileModule(source, {
    compilerOptions: { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true }, fileName: filename,
  }).outputText;
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = createHash('sha256').update(`${tsVersion}\0${tsconfig}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let outputText;
  try {
    outputText = fs.readFileSync(cached, 'utf8');
  } catch {
    outputText = transpile(source, filename);
    // Written under a temporary name, then renamed: processes starting at once never read half a file.
    const temporary = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, outputText);
    fs.renameSync(temporary, cached);
  }
  module._compile(outputText, filename);
};
