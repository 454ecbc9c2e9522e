// End-to-end tests in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) with the packaged VSIX
// installed, driven by Debian's Chromium through playwright-core. Runs every test/e2e/*.e2e.mjs.
// Prints "N passed, N failed" and exits non-zero on any failure. Screenshots: test/e2e/.out/.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { Workbench } from '../test/e2e/workbench.mjs';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'test/e2e/.out');
const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const keep = process.argv.includes('--keep');

function findVsix() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const f = join(root, `genai-lens-linux-x64-${pkg.version}.vsix`);
  if (!existsSync(f)) throw new Error(`e2e: ${f} is missing; run npm run package first`);
  return f;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`e2e: ${url} did not answer within ${ms} ms`);
}

export async function startCodeServer({ workspaceSource, vsix, settings = {}, prepare }) {
  const codeServer = execFileSync('bash', [join(root, 'scripts/setup-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop();
  const base = mkdtempSync(join(tmpdir(), 'genai-lens-e2e-'));
  const extensionsDir = join(base, 'extensions');
  const userDataDir = join(base, 'user-data');
  const workspace = join(base, 'workspace');
  cpSync(workspaceSource, workspace, { recursive: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'editor.hover.delay': 150,
      'workbench.colorTheme': 'Default Dark Modern',
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      ...settings,
    }),
  );
  await prepare?.({ userDataDir, workspace, globalStorage: join(userDataDir, 'User', 'globalStorage', 'genai-lens.genai-lens') });
  execFileSync(codeServer, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], { stdio: 'inherit' });
  const port = await freePort();
  const proc = spawn(
    codeServer,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, workspace],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let serverLog = '';
  proc.stdout.on('data', (d) => (serverLog += d));
  proc.stderr.on('data', (d) => (serverLog += d));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  return {
    url,
    port,
    workspace,
    userDataDir,
    globalStorage: join(userDataDir, 'User', 'globalStorage', 'genai-lens.genai-lens'),
    log: () => serverLog,
    stop() {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      if (!keep) rmSync(base, { recursive: true, force: true });
    },
  };
}

export function launchChromium() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'genai-lens-chromium-'));
  return chromium
    .launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1500, height: 950 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    })
    .then((ctx) => ({ ctx, userDataDir }));
}

/** An error's first line, for the summary at the end of the run. */
const firstLine = (e) => String(e?.message ?? e).split('\n')[0].slice(0, 300);

async function main() {
  mkdirSync(outDir, { recursive: true });
  const vsix = findVsix();
  const files = readdirSync(join(root, 'test/e2e'))
    .filter((f) => f.endsWith('.e2e.mjs'))
    .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
    .sort();
  let passed = 0;
  let failed = 0;
  // Repeated at the end: CI keeps only the tail of the output, where the summary is.
  const failures = [];
  let notRun = 0;
  for (const file of files) {
    const mod = await import(pathToFileURL(join(root, 'test/e2e', file)).href);
    const server = await startCodeServer({ workspaceSource: join(root, 'demo'), vsix, settings: mod.settings ?? {}, prepare: mod.prepare });
    const { ctx, userDataDir } = await launchChromium();
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const wb = new Workbench(page, server, outDir);
    try {
      await wb.open();
      let ran = 0;
      for (const [name, fn] of Object.entries(mod.tests)) {
        ran++;
        const t0 = Date.now();
        try {
          await fn(wb);
          passed++;
          console.log(`  ✓ ${file} › ${name} (${Date.now() - t0} ms)`);
        } catch (e) {
          failed++;
          failures.push(`${file} › ${name}: ${firstLine(e)}`);
          console.log(`  ✗ ${file} › ${name}\n    ${(e?.stack ?? String(e)).split('\n').slice(0, 6).join('\n    ')}`);
          await wb.screenshot(`FAILED-${file}-${name}`.replace(/[^\w.-]+/g, '_')).catch(() => {});
          if (mod.stopOnFailure !== false) {
            notRun += Object.keys(mod.tests).length - ran;
            break;
          }
        }
      }
    } catch (e) {
      failed++;
      failures.push(`${file} (setup): ${firstLine(e)}`);
      notRun += Object.keys(mod.tests).length;
      console.log(`  ✗ ${file} (setup)\n    ${e?.stack ?? e}`);
      await wb.screenshot(`FAILED-${file}-setup`).catch(() => {});
      console.log(server.log().slice(-3000));
    } finally {
      await ctx.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
      server.stop();
    }
  }
  console.log(`\ne2e: ${passed} passed, ${failed} failed${notRun ? `, ${notRun} not run after a failure in their file` : ''}`);
  for (const f of failures) console.log(`  ✗ ${f}`);
  process.exit(failed || passed === 0 ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
