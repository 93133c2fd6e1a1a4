import { defineConfig } from 'vitest/config'
import type { Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

/**
 * Each module that imports Element Plus components (`import { ElButton, vLoading } from
 * 'element-plus'`) also imports those components' styles, so every chunk carries only the CSS
 * of what it renders. The whole `element-plus/dist/index.css` (357 KB, no compression on the
 * wire) used to load on every page, the login page included.
 */
function elementPlusStyles(): Plugin {
  const importRe = /import\s*\{([^}]*)\}\s*from\s*['"]element-plus['"]/g
  // ElTableColumn → element-plus/es/components/table-column/style/css; vLoading → loading
  const styleOf = (name: string): string | null => {
    const m = /^(?:El|v)([A-Z]\w*)$/.exec(name)
    if (!m) return null
    return `element-plus/es/components/${m[1].replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}/style/css`
  }
  return {
    name: 'sciweek-element-plus-styles',
    enforce: 'post', // after the Vue and TypeScript transforms: type-only imports are gone
    async transform(code, id) {
      const [file, query = ''] = id.split('?')
      if (file.includes('/node_modules/') || !/\.(vue|ts)$/.test(file) || (query && !query.includes('type=script')))
        return null
      const styles = new Set<string>()
      for (const m of code.matchAll(importRe)) {
        for (const spec of m[1].split(',')) {
          const style = styleOf(spec.trim().split(/\s+as\s+/)[0])
          // Some exports have no styles of their own (ElConfigProvider's is empty, helpers none).
          if (style && !styles.has(style) && (await this.resolve(style, id))) styles.add(style)
        }
      }
      if (!styles.size) return null
      // On the first line, so the lines of the source map stay where they were.
      return { code: [...styles].map((s) => `import '${s}';`).join('') + code, map: null }
    },
  }
}

// Everything is bundled (no CDN); hashed names let the server send long cache headers.
export default defineConfig({
  base: '/',
  plugins: [vue(), elementPlusStyles()],
  // Spreadsheets are files, never modules: the xlsx reader's tests import their fixtures
  // (src/utils/__fixtures__/) as data: URLs with `?inline`.
  assetsInclude: ['**/*.xlsx'],
  resolve: {
    alias: { '@': decodeURIComponent(new URL('./src', import.meta.url).pathname) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        // A shared Element Plus chunk would be named after its first module, the style entry
        // "css.mjs": name it after the component instead (button-…, table-…), as before.
        chunkFileNames: (chunk) => {
          if (chunk.name !== 'css') return 'assets/[name]-[hash].js'
          const ids = chunk.moduleIds.map((m) => /element-plus\/es\/components\/([\w-]+)\/index\.mjs/.exec(m)?.[1])
          return `assets/${ids.find(Boolean) ?? 'element-plus'}-[hash].js`
        },
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
