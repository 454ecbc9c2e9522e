// One build script, two contexts: the extension host bundle (node, cjs) and the webview bundles
// (browser, iife). `--production` minifies and drops source maps; `--watch` rebuilds on change.
// Runtime assets (tree-sitter wasm, KaTeX css/fonts) are copied next to the bundles.
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = import.meta.dirname;
const dist = join(root, 'dist');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const extensionContext = await esbuild.context({
  ...common,
  entryPoints: { extension: join(root, 'src/extension.ts') },
  outdir: dist,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // vscode is provided by the host; onnxruntime-node is native and ships in the VSIX as is.
  external: ['vscode', 'onnxruntime-node'],
  // web-tree-sitter's ESM build calls createRequire(import.meta.url); give the CJS bundle a real one.
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
});

const webviewEntries = {};
const webviewDir = join(root, 'src/webview');
for (const name of existsSync(webviewDir) ? readdirSync(webviewDir) : []) {
  const entry = join(webviewDir, name, 'main.ts');
  if (existsSync(entry)) webviewEntries[name] = entry;
}
const webviewContext = await esbuild.context({
  ...common,
  entryPoints: webviewEntries,
  outdir: join(dist, 'webview'),
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  loader: { '.css': 'css', '.woff2': 'file', '.woff': 'empty', '.ttf': 'empty' },
});

function copyAssets() {
  // Must match GRAMMAR_WASM_FILES in src/core/code/grammars.ts (a unit test checks the build output).
  mkdirSync(join(dist, 'grammars'), { recursive: true });
  const wasm = [
    ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter.wasm'],
    ['tree-sitter-python/tree-sitter-python.wasm', 'grammars/python.wasm'],
    ['tree-sitter-typescript/tree-sitter-typescript.wasm', 'grammars/typescript.wasm'],
    ['tree-sitter-typescript/tree-sitter-tsx.wasm', 'grammars/tsx.wasm'],
    ['tree-sitter-javascript/tree-sitter-javascript.wasm', 'grammars/javascript.wasm'],
  ];
  for (const [from, to] of wasm) {
    cpSync(join(root, 'node_modules', from), join(dist, to));
  }
  const katexDist = join(dirname(require.resolve('katex/package.json')), 'dist');
  mkdirSync(join(dist, 'webview', 'katex', 'fonts'), { recursive: true });
  cpSync(join(katexDist, 'katex.min.css'), join(dist, 'webview', 'katex', 'katex.min.css'));
  for (const f of readdirSync(join(katexDist, 'fonts')).filter((f) => f.endsWith('.woff2'))) {
    cpSync(join(katexDist, 'fonts', f), join(dist, 'webview', 'katex', 'fonts', f));
  }
}

if (watch) {
  copyAssets();
  await Promise.all([extensionContext.watch(), webviewContext.watch()]);
  console.log('esbuild: watching for changes');
} else {
  await Promise.all([extensionContext.rebuild(), webviewContext.rebuild()]);
  copyAssets();
  await Promise.all([extensionContext.dispose(), webviewContext.dispose()]);
  console.log(`esbuild: built ${production ? 'production' : 'development'} bundles in dist/`);
}
