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
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true }],
    },
  },
  {
    // The dashboard's script runs in the browser.
    files: ['src/ui/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
]
