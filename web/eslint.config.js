// ESLint for web/ (issue 14): the recommended rules of ESLint, typescript-eslint (without type
// information, so a lint stays a few seconds) and eslint-plugin-vue for Vue 3; style is left
// to Prettier (eslint-config-prettier, last, turns off whatever rules it owns).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'e2e/output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    // The app: TypeScript in .ts and in <script setup lang="ts">.
    files: ['src/**/*.{ts,vue}', 'vite.config.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
    rules: {
      // Across folders, '@/…' (vite.config.ts, tsconfig.json); './x' within one.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*'], message: "Import '@/…' (src/) instead of a parent folder." }] },
      ],
    },
  },
  {
    // Chinese text sets a full-width space (U+3000) between words on purpose (a contact's name and
    // phone in CampaignCard): in templates that is content, not a typo. Scripts are still checked.
    files: ['**/*.vue'],
    rules: {
      'no-irregular-whitespace': 'off',
      'vue/no-irregular-whitespace': ['error', { skipHTMLTextContents: true }],
      // EChart's `ariaLabel` prop: vue-tsc takes `aria-label` for the DOM attribute and then
      // misses the required prop, so that one is written in camelCase.
      'vue/attribute-hyphenation': ['warn', 'always', { ignore: ['ariaLabel'] }],
    },
  },
  {
    // Editors of a list the parent owns and passes in (a reactive array in the parent's form
    // state): they add, remove and reorder its rows in place, which is how these forms work.
    // Replacing the prop itself would still be an error.
    files: [
      'src/components/activity/SessionsEditor.vue',
      'src/components/form-editor/RulesEditor.vue',
      'src/components/form-editor/SectionsEditor.vue',
    ],
    rules: { 'vue/no-mutating-props': ['error', { shallowOnly: true }] },
  },
  {
    // The check-in desk's service worker: a plain script served as-is from public/.
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.serviceworker },
  },
  {
    // The browser tests: plain Node ESM; the callbacks given to page.evaluate() run in the page.
    files: ['e2e/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
)
