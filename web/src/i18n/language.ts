// Which language a visitor sees: their own choice on this device, else the browser's first
// preference (en… → English, anything else → Chinese, the site's language).
import type { Lang } from './catalogue'

export const LANG_STORAGE_KEY = 'sciweek.public.lang'
export const ELDER_STORAGE_KEY = 'sciweek.public.elder'

export function isLang(v: unknown): v is Lang {
  return v === 'zh-CN' || v === 'en'
}

export function pickLanguage(browser: readonly string[] | undefined, stored: string | null | undefined): Lang {
  if (isLang(stored)) return stored
  const first = (browser ?? []).find((l) => typeof l === 'string' && l.trim() !== '')
  return first && /^en\b/i.test(first.trim()) ? 'en' : 'zh-CN'
}

/** localStorage that never throws (private mode, storage disabled). */
export const prefs = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key)
    } catch {
      return null
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value)
    } catch {
      // the choice lasts for this visit only
    }
  },
}
