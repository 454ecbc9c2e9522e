// Lazy loading of web-tree-sitter and its wasm grammars. Nothing is loaded until a document of that
// language is first parsed; each grammar is loaded once and shared.
import { Language, Parser } from 'web-tree-sitter';
import type { CodeLanguage } from './types';

/** Where the wasm files live: node_modules for the CLI/tests, `<extension>/dist` in the editor. */
export interface GrammarLocator {
  /** Absolute path of web-tree-sitter's `tree-sitter.wasm`. */
  runtimeWasm(): string;
  /** Absolute path of the grammar wasm for a language. */
  grammarWasm(language: CodeLanguage): string;
}

/** The wasm files the build must copy: `from` is relative to node_modules, `to` relative to dist/. */
export const GRAMMAR_WASM_FILES: readonly { from: string; to: string }[] = [
  { from: 'web-tree-sitter/tree-sitter.wasm', to: 'tree-sitter.wasm' },
  { from: 'tree-sitter-python/tree-sitter-python.wasm', to: 'grammars/python.wasm' },
  { from: 'tree-sitter-typescript/tree-sitter-typescript.wasm', to: 'grammars/typescript.wasm' },
  { from: 'tree-sitter-typescript/tree-sitter-tsx.wasm', to: 'grammars/tsx.wasm' },
  { from: 'tree-sitter-javascript/tree-sitter-javascript.wasm', to: 'grammars/javascript.wasm' },
];

const GRAMMAR_FROM: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
};

function joinPath(dir: string, rel: string): string {
  return dir.replace(/[\\/]+$/, '') + '/' + rel;
}

/** Locator for the packaged extension: `<extensionPath>/dist/tree-sitter.wasm`, `dist/grammars/<name>.wasm`. */
export function distGrammarLocator(extensionPath: string): GrammarLocator {
  const dist = joinPath(extensionPath, 'dist');
  return {
    runtimeWasm: () => joinPath(dist, 'tree-sitter.wasm'),
    grammarWasm: (lang) => joinPath(dist, `grammars/${lang}.wasm`),
  };
}

/** Locator reading straight from a node_modules folder (CLI, tests, benchmarks). */
export function nodeModulesGrammarLocator(nodeModulesDir: string): GrammarLocator {
  return {
    runtimeWasm: () => joinPath(nodeModulesDir, 'web-tree-sitter/tree-sitter.wasm'),
    grammarWasm: (lang) => joinPath(nodeModulesDir, GRAMMAR_FROM[lang]),
  };
}

/** Maps a file name or VS Code language id to the grammar that parses it (undefined: not supported). */
export function languageFor(fileNameOrLanguageId: string): CodeLanguage | 'notebook' | undefined {
  const s = fileNameOrLanguageId.toLowerCase();
  switch (s) {
    case 'python':
      return 'python';
    case 'typescript':
      return 'typescript';
    case 'typescriptreact':
      return 'tsx';
    case 'javascript':
    case 'javascriptreact':
      return 'javascript';
  }
  const m = /\.([a-z]+)$/.exec(s);
  switch (m?.[1]) {
    case 'py':
    case 'pyi':
      return 'python';
    case 'ts':
    case 'mts':
    case 'cts':
      return 'typescript';
    case 'tsx':
      return 'tsx';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return 'javascript';
    case 'ipynb':
      return 'notebook';
  }
  return undefined;
}

export class GrammarLoader {
  private init?: Promise<void>;
  private readonly languages = new Map<CodeLanguage, Promise<Language>>();
  private readonly parsers = new Map<CodeLanguage, Parser>();

  constructor(private readonly locator: GrammarLocator) {}

  private ensureInit(): Promise<void> {
    if (!this.init) {
      const runtime = this.locator.runtimeWasm();
      this.init = Parser.init({ locateFile: () => runtime });
      // A failed init should be retried on next use rather than cached forever.
      this.init.catch(() => (this.init = undefined));
    }
    return this.init;
  }

  language(lang: CodeLanguage): Promise<Language> {
    let p = this.languages.get(lang);
    if (!p) {
      p = this.ensureInit().then(() => Language.load(this.locator.grammarWasm(lang)));
      p.catch(() => this.languages.delete(lang));
      this.languages.set(lang, p);
    }
    return p;
  }

  /** One shared parser per language (parsing is synchronous, so sharing is safe). */
  async parser(lang: CodeLanguage): Promise<Parser> {
    const existing = this.parsers.get(lang);
    if (existing) return existing;
    const language = await this.language(lang);
    const again = this.parsers.get(lang);
    if (again) return again;
    const parser = new Parser();
    parser.setLanguage(language);
    this.parsers.set(lang, parser);
    return parser;
  }

  /** The parser if its grammar is already loaded (lets hot paths stay synchronous). */
  loadedParser(lang: CodeLanguage): Parser | undefined {
    return this.parsers.get(lang);
  }

  dispose(): void {
    for (const p of this.parsers.values()) p.delete();
    this.parsers.clear();
  }
}
