// ESLint: the layers' import rules (README, "Architecture") and a few stylistic rules the code
// already follows. `npm run lint`; a stage of `npm test`. test/unit/lint.test.ts plants
// violations and checks that they fail.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

/** An import that reaches into a layer, written relative to anywhere: '../extension/x', '../../webview/y'. */
const into = (...layers) => ({ regex: `^(\\.\\.?/)+(src/)?(${layers.join('|')})(/|$)`, message: 'crosses the layers (README, "Architecture")' });
const vscode = { name: 'vscode', message: 'only src/extension may import vscode' };
const nodeBuiltins = { regex: '^node:', message: 'the panel and its protocol run in a browser: no Node modules' };

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'build/', 'node_modules/', '.vscode-test/', 'assembly/', 'test/fixtures/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    plugins: { '@stylistic': stylistic },
    rules: {
      // TypeScript checks names and types; these duplicate it or fight deliberate idioms
      'no-undef': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      // tsconfig's noFallthroughCasesInSwitch checks this, knowing which calls never return
      'no-fallthrough': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // the generated wasm module is loaded lazily, so a missing build is a message, not a crash
      '@typescript-eslint/no-require-imports': ['error', { allow: ['/build/kernels-wasm\\.generated\\.js$'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@stylistic/max-len': ['error', { code: 180, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
      '@stylistic/eol-last': 'error',
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 1 }],
      '@stylistic/no-tabs': 'error',
    },
  },
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: [into('extension', 'cli', 'shared', 'webview')] }] },
  },
  {
    files: ['src/cli.ts', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: [into('extension', 'shared', 'webview')] }] },
  },
  {
    // what the panel host and the webview share: core's pure modules and each other, nothing else
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [vscode], patterns: [into('extension', 'cli', 'webview'), nodeBuiltins] }] },
  },
  {
    files: ['src/extension/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [into('cli', 'webview')] }] },
  },
  {
    // the webview talks to the host only through src/shared: any other import leaving webview/ is refused
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [vscode],
        patterns: [{ regex: '^\\.\\./(?!src/shared/[^/]+$)', message: 'the webview imports only webview/ and src/shared (the panel protocol)' }, nodeBuiltins],
      }],
    },
  },
);
