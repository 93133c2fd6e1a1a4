import { describe, expect, it } from 'vitest'
import { codeLabel, districtEn, districtName, labelTables } from './labels'

describe('code labels', () => {
  it('has an English label for every code the Chinese tables know', () => {
    for (const [kind, t] of Object.entries(labelTables))
      for (const code of Object.keys(t.zh))
        expect((t.en as Record<string, string>)[code], `${kind}.${code}`).toBeTruthy()
  })

  it('labels by language and shows an unknown code as itself', () => {
    expect(codeLabel('en', 'category', '开放日')).toBe('Open day')
    expect(codeLabel('zh-CN', 'category', '开放日')).toBe('开放日')
    expect(codeLabel('en', 'mode', 'hybrid')).toBe('In person + online')
    expect(codeLabel('zh-CN', 'mode', 'hybrid')).toBe('线上+线下')
    expect(codeLabel('en', 'reservationStatus', 'confirmed')).toBe('Booked')
    expect(codeLabel('en', 'category', '新类别')).toBe('新类别')
    expect(codeLabel('en', 'mode', null)).toBe('')
  })

  it('names Beijing’s sixteen districts and the development area in English by code', () => {
    expect(Object.keys(districtEn)).toHaveLength(17)
    expect(districtName('en', { code: '110108', name: '海淀区' })).toBe('Haidian')
    expect(districtName('zh-CN', { code: '110108', name: '海淀区' })).toBe('海淀区')
    expect(districtName('en', { code: '999999', name: '新区' })).toBe('新区')
  })
})
