// `npm run package [-- --target linux-x64]`: production build, then a platform-specific VSIX with
// @vscode/vsce that carries onnxruntime-node's binaries for that target only. Prints the size.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const target = valueOf('--target') ?? 'linux-x64';
const skipBuild = args.includes('--no-build');
const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
if (!TARGETS.includes(target)) {
  console.error(`Unknown target ${target}; use one of ${TARGETS.join(', ')}`);
  process.exit(2);
}

function valueOf(flag) {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}
function run(cmd, cmdArgs) {
  execFileSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
}

if (!skipBuild) {
  run('npx', ['tsx', 'scripts/buildContent.ts', '--quiet']);
  run('node', ['esbuild.mjs', '--production']);
}

// Fail early, with a clear message, if something the VSIX must carry is missing.
const [platform, arch] = target.split('-');
const binRoot = join(root, 'node_modules/onnxruntime-node/bin');
const napiDir = readdirSync(binRoot).find((d) => d.startsWith('napi-v'));
if (!napiDir) throw new Error('package: onnxruntime-node ships no bin/napi-v* folder');
const ortBin = join(binRoot, napiDir, platform, arch);
const required = ['dist/extension.js', 'dist/content.json', 'dist/tree-sitter.wasm', 'dist/grammars/python.wasm', 'models/genai-lens-embed.onnx'];
for (const f of required) if (!existsSync(join(root, f))) throw new Error(`package: ${f} is missing; run npm run build`);
if (!existsSync(ortBin)) throw new Error(`package: onnxruntime-node has no binaries for ${target} at ${ortBin}`);
if (!existsSync(join(root, 'models')) || !readdirSync(join(root, 'models')).some((f) => f.endsWith('.onnx'))) {
  console.warn('package: warning: models/*.onnx is missing; the VSIX will fall back to keyword search');
}

// Include only this target's onnxruntime binaries (vsce lets a negation win over any exclusion,
// so the target folder is re-included by name rather than the others excluded). The versioned
// copy of the shared library is a duplicate of the SONAME file the binding loads.
const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
const rel = `node_modules/onnxruntime-node/bin/${napiDir}/${platform}/${arch}`;
const isVersionedDuplicate = (f) => /^libonnxruntime\.so\.\d+\.\d+/.test(f) || /^libonnxruntime\.\d+\.\d+\.\d+\.dylib$/.test(f);
const exclusions = readdirSync(ortBin)
  .filter((f) => !isVersionedDuplicate(f))
  .map((f) => `!${rel}/${f}`);
const tmp = join(root, '.vsix-stage');
mkdirSync(tmp, { recursive: true });
const ignoreFile = join(tmp, 'vscodeignore');
writeFileSync(ignoreFile, `${ignore}\n# added by scripts/package.mjs for ${target}\n${exclusions.join('\n')}\n`);

const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const out = join(root, `genai-lens-${target}-${version}.vsix`);
rmSync(out, { force: true });
run('npx', ['vsce', 'package', '--target', target, '--ignoreFile', ignoreFile, '--out', out, '--allow-missing-repository', '--skip-license', '--no-update-package-json', '--no-git-tag-version', '--no-rewrite-relative-links']);
const size = statSync(out).size;
console.log(`VSIX: ${out}\nVSIX size: ${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes) for ${target}${size > 25 * 1024 * 1024 ? ' — OVER the 25 MB goal' : ''}`);
