// `npm start`: build, package, install the VSIX into a real VS Code (code-server 4.100.3) and serve
// it on 127.0.0.1 with demo/ open. Prints the URL; Ctrl+C stops it.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8080);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run('node', ['scripts/package.mjs']);
const codeServer = execFileSync('bash', [join(root, 'scripts/setup-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `genai-lens-linux-x64-${version}.vsix`);

// A persistent demo profile outside the repo, so progress survives restarts of `npm start`.
const base = join(process.env.GENAI_LENS_CACHE ?? join(homedir(), '.cache', 'genai-lens'), 'demo-profile');
const extensionsDir = join(base, 'extensions');
const userDataDir = join(base, 'user-data');
const workspace = join(base, 'workspace');
mkdirSync(join(userDataDir, 'User'), { recursive: true });
if (!existsSync(workspace)) cpSync(join(root, 'demo'), workspace, { recursive: true });
const settings = join(userDataDir, 'User', 'settings.json');
if (!existsSync(settings)) {
  writeFileSync(settings, JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoCheckUpdates': false }, null, 2));
}
execFileSync(codeServer, ['--install-extension', vsix, '--force', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], { stdio: 'inherit' });
const child = spawn(
  codeServer,
  ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, workspace],
  { stdio: 'inherit' },
);
console.log(`\nGenAI Lens demo: open http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}\n(VS Code ${'1.100.3'} via code-server; Ctrl+C to stop)\n`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
