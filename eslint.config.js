// Lint: neostandard (standard's style, for JavaScript and TypeScript) plus a 120-character line limit.
// `npm run lint` runs it; CI runs it as its own stage (.ci/lint.sh).
import globals from 'globals'
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    noJsx: true,
    ignores: ['dist/**', 'coverage/**', '.tap/**', 'node_modules/**'],
  }),
  {
    rules: {
      // Every line keeps to 120 characters, strings, templates and regexps included;
      // src/messages.ts alone is exempt (its own block below says why).
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true }],
      // The code's own style since its first line: `function name()`, `async () =>`, `() =>`.
      '@stylistic/space-before-function-paren': [
        'error',
        { anonymous: 'always', named: 'never', asyncArrow: 'always' }
      ],
      // Short objects stay on one line; a long one is broken where it reads best, which a line limit already asks for.
      '@stylistic/object-property-newline': 'off',
      '@stylistic/object-curly-newline': 'off',
      // A TypeBox schema and its static type share a name (`const X = Type.Object…; type X = Static<typeof X>`);
      // tsc itself refuses any real redeclaration.
      '@typescript-eslint/no-redeclare': 'off',
    },
  },
  {
    // The vendor's message templates are its contract byte for byte: each is kept whole, one per line,
    // so it can be compared with the vendor's pages and grepped. No other file is exempt.
    files: ['src/messages.ts'],
    rules: { '@stylistic/max-len': 'off' },
  },
  {
    // The dashboard's script runs in the browser.
    files: ['src/ui/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
]
