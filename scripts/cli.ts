// `npm run cli -- <command> ...`: a thin dispatcher over src/core, usable without VS Code.
// Each command lives in scripts/cli/<command>.ts and exports `run(args: string[]): Promise<number>`.
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const COMMANDS: Record<string, string> = {
  detect: 'detect FILE [--json]            recognised GenAI library calls in a source file or notebook',
  search: 'search "QUERY" [--k 10] [--json]  semantic + keyword search over the question bank',
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || !(command in COMMANDS)) {
    if (command && !(command in COMMANDS) && command !== '--help' && command !== '-h') {
      process.stderr.write(`Unknown command: ${command}\n`);
    }
    process.stdout.write('Usage: npm run cli -- <command>\n' + Object.values(COMMANDS).map((c) => `  ${c}`).join('\n') + '\n');
    return command && command !== '--help' && command !== '-h' ? 2 : 0;
  }
  const file = join(import.meta.dirname, 'cli', `${command}.ts`);
  if (!existsSync(file)) {
    process.stderr.write(`The "${command}" command is not implemented yet.\n`);
    return 2;
  }
  const mod = (await import(pathToFileURL(file).href)) as { run(args: string[]): Promise<number> };
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
