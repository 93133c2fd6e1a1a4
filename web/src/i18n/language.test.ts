import { describe, expect, it } from 'vitest'
import { pickLanguage } from './language'

describe('pickLanguage', () => {
  it('follows the browser when the visitor has not chosen', () => {
    expect(pickLanguage(['en-US', 'zh-CN'], null)).toBe('en')
    expect(pickLanguage(['en'], null)).toBe('en')
    expect(pickLanguage(['EN-gb'], null)).toBe('en')
    expect(pickLanguage(['zh-CN', 'en-US'], null)).toBe('zh-CN')
    expect(pickLanguage(['fr-FR', 'en'], null)).toBe('zh-CN') // the first preference decides
    expect(pickLanguage(['de'], null)).toBe('zh-CN')
    expect(pickLanguage([], null)).toBe('zh-CN')
    expect(pickLanguage(undefined, undefined)).toBe('zh-CN')
  })

  it('does not take a language that merely starts with "en"', () => {
    expect(pickLanguage(['eno'], null)).toBe('zh-CN')
  })

  it('keeps the visitor’s own choice over the browser’s', () => {
    expect(pickLanguage(['en-US'], 'zh-CN')).toBe('zh-CN')
    expect(pickLanguage(['zh-CN'], 'en')).toBe('en')
  })

  it('ignores a stored value it does not know', () => {
    expect(pickLanguage(['en-US'], 'fr')).toBe('en')
    expect(pickLanguage(['zh-TW'], '<script>')).toBe('zh-CN')
  })
})
