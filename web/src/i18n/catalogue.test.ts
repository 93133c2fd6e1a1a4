import { describe, expect, it } from 'vitest'
import { catalogues, en, translate, zhCN } from './catalogue'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the visitor catalogue', () => {
  it('has every key in both languages, none empty', () => {
    const zhKeys = Object.keys(zhCN).sort()
    const enKeys = Object.keys(en).sort()
    expect(enKeys).toEqual(zhKeys)
    for (const table of Object.values(catalogues))
      for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe('')
  })

  it('fills the same placeholders in both languages', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[])
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]))
  })

  it('keeps English free of Chinese characters', () => {
    for (const [key, text] of Object.entries(en)) expect(/[\u4e00-\u9fff]/.test(text), key).toBe(false)
  })

  it('fills values and leaves unknown placeholders visible', () => {
    expect(translate('en', 'card.left', { n: 3, cap: 40 })).toBe('3 / 40 left')
    expect(translate('zh-CN', 'card.left', { n: 3, cap: 40 })).toBe('余 3 / 40')
    expect(translate('en', 'card.left', { n: 3 })).toBe('3 / {cap} left')
  })
})
