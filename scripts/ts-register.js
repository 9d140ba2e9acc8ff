// A tiny require hook so scripts can run TypeScript sources without a build:
// transpiles each .ts file with the project's TypeScript (decorators and their metadata included).
const ts = require('typescript');
const fs = require('node:fs');
const { compilerOptions } = ts.readConfigFile(require.resolve('../tsconfig.json'), ts.sys.readFile).config;
const options = ts.convertCompilerOptionsFromJson(compilerOptions, require('node:path').join(__dirname, '..')).options;
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false, inlineSourceMap: true }, fileName: filename });
  module._compile(outputText, filename);
};
