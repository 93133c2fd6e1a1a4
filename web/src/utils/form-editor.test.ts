import { describe, expect, it } from 'vitest'
import type { FormTemplate } from '@/api/report-types'
import { errorKeys, fromEdit, move, toEdit, validateForm } from './form-editor'

const form: FormTemplate = {
  title_suffix: '统计表',
  sections: [
    {
      code: 'activities',
      label: '科普活动开展次数',
      fields: [
        {
          code: 'activities_held',
          label: '举办活动次数',
          unit: '次',
          type: 'integer',
          min: 0,
          max: null,
          required: true,
        },
        {
          code: 'municipal_activities',
          label: '承接北京市科普活动个数',
          unit: '个',
          type: 'integer',
          min: 0,
          max: null,
          required: true,
        },
      ],
    },
  ],
  rules: [
    {
      id: 'municipal_le_held',
      expression: 'municipal_activities <= activities_held',
      severity: 'error',
      message: '不能大于',
    },
  ],
}

describe('form editor', () => {
  it('round-trips a template', () => {
    expect(fromEdit(toEdit(form))).toEqual(form)
  })

  it('keeps the 填报说明, and leaves a blank one out so the server restores its default', () => {
    const withText = { ...form, instructions: '只填报本单位的活动' }
    expect(fromEdit(toEdit(withText))).toEqual(withText)
    const e = toEdit(withText)
    e.instructions = '   '
    expect(fromEdit(e)).not.toHaveProperty('instructions')
  })

  it('accepts a good template', () => {
    expect(validateForm(toEdit(form))).toEqual({})
  })

  it('finds bad and duplicate codes, ranges and rule gaps at their paths', () => {
    const e = toEdit(form)
    e.sections[0].fields[1].code = 'activities_held'
    e.sections[0].fields[0].min = '1.5'
    e.sections[0].fields[0].max = 'x'
    e.rules[0].expression = ' '
    e.rules.push({ ...e.rules[0], key: 99, id: 'Bad id', expression: 'a', message: '' })
    expect(validateForm(e)).toEqual({
      'sections.0.fields.1.code': '指标代码与“举办活动次数”重复',
      'sections.0.fields.0.min': '整数指标的范围须为整数',
      'sections.0.fields.0.max': '须为数字（最多两位小数）',
      'rules.0.expression': '请填写规则表达式',
      'rules.1.id': '规则编号须为小写字母开头的字母、数字、下划线',
      'rules.1.message': '请填写不满足时的提示',
    })
  })

  it('lists every key a server error may name', () => {
    const keys = errorKeys(toEdit(form))
    expect(keys).toContain('sections.0.fields.1.code')
    expect(keys).toContain('rules.0.expression')
  })

  it('moves items within bounds', () => {
    const l = [1, 2, 3]
    move(l, 0, -1)
    expect(l).toEqual([1, 2, 3])
    move(l, 0, 1)
    expect(l).toEqual([2, 1, 3])
    move(l, 2, 1)
    expect(l).toEqual([2, 1, 3])
  })
})
