// `npm run test:electron`: the design card's @vscode/test-electron runner, for desktop machines that
// can download VS Code. Where no VS Code can be obtained (offline CI) it says so and exits 0; CI
// relies on the code-server suite (npm run test:e2e), which drives a real VS Code 1.100.3.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await Promise.race([
      downloadAndUnzipVSCode('1.100.3'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 60 s')), 60_000)),
    ]);
  } catch (e) {
    console.log(`test:electron: no desktop VS Code could be obtained (${e.message.split('\n')[0]}).`);
    console.log('test:electron: skipped. The end-to-end suite that runs here is `npm run test:e2e` (code-server).');
    process.exit(0);
  }
}
if (!existsSync(join(root, 'dist', 'extension.js'))) {
  console.error('test:electron: build first (npm run build)');
  process.exit(1);
}
try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'test', 'electron', 'suite.cjs'),
    launchArgs: [join(root, 'demo'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`test:electron: failed: ${e.message}`);
  process.exit(1);
}
