import { describe, expect, it } from 'vitest'
import { privacyNotice } from './privacy-notice'

const campaign = { personal_data_days: 90, personal_data_until: '2027-08-24' }

describe('the privacy notice on the reservation form', () => {
  it('says what is kept, why, and until when, in Chinese', () => {
    const n = privacyNotice('zh-CN', campaign)
    expect(n.text).toBe(
      '我们保存您的姓名、手机号和您填写的电子邮箱，仅用于预约、入场核验和活动通知；科技周结束 90 天后，即 2027年8月24日 自动删除，只保留不含个人信息的人数统计。',
    )
    expect(n.erase).toEqual({ before: '您也可以随时在', link: '我的预约', after: '中删除这些信息。' })
  })

  it('and in English', () => {
    const n = privacyNotice('en', campaign)
    expect(n.text).toContain('deleted automatically 90 days after Science Week ends, on 24 Aug 2027;')
    expect(n.text).toContain('name, mobile number and any e-mail address')
    expect(n.erase).toEqual({ before: ' You can also delete them at any time in ', link: 'My bookings', after: '.' })
    expect(privacyNotice('en', { personal_data_days: 1, personal_data_until: '2027-06-01' }).text).toContain(
      'deleted automatically 1 day after Science Week ends',
    )
  })

  it('falls back to the generic consent when the campaign does not say how long', () => {
    for (const c of [
      null,
      {},
      { personal_data_days: 90 },
      { personal_data_days: 0, personal_data_until: '2027-08-24' },
    ])
      expect(privacyNotice('zh-CN', c).text, JSON.stringify(c)).toBe(
        '提交即表示同意主办单位为活动组织和入场核验使用您的姓名和手机号。',
      )
    expect(privacyNotice('en', null).text).toMatch(/^By booking you agree/)
    expect(privacyNotice('en', null).erase.link).toBe('My bookings')
  })
})
