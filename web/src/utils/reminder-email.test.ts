import { describe, expect, it } from 'vitest'
import { emailTag } from './reminder-email'

const base = { to: '110101@example.org.cn', attempts: 0, error: null, sent_at: null, next_attempt_at: null }

describe('reminder e-mail tag', () => {
  it('is absent for reminders without an e-mail record', () => {
    expect(emailTag(undefined)).toBeNull()
    expect(emailTag(null)).toBeNull()
  })
  it("shows the server's label, coloured by state", () => {
    expect(
      emailTag({ ...base, status: 'sent', status_label: '已发送', attempts: 1, sent_at: '2023-05-20T10:00:00+08:00' }),
    ).toEqual({
      status: 'sent',
      type: 'success',
      label: '已发送',
      title: '收件人：110101@example.org.cn\n发送时间：2023-05-20 10:00',
    })
    expect(emailTag({ ...base, status: 'off', status_label: '未启用邮件提醒', to: null })).toMatchObject({
      type: 'info',
      label: '未启用邮件提醒',
      title: '',
    })
    expect(emailTag({ ...base, status: 'no_address', status_label: '单位未填写电子邮箱', to: null })?.type).toBe('info')
  })
  it('puts the failure reason and attempts in the hover text of a failed one', () => {
    const t = emailTag({
      ...base,
      status: 'failed',
      status_label: '发送失败',
      attempts: 5,
      error: '550 mailbox unavailable',
    })
    expect(t?.type).toBe('danger')
    expect(t?.title).toBe('收件人：110101@example.org.cn\n失败原因：550 mailbox unavailable\n已尝试 5 次')
  })
  it('tells when a pending one retries, with the last error', () => {
    const t = emailTag({
      ...base,
      status: 'pending',
      status_label: '待发送',
      attempts: 2,
      error: 'connect timeout',
      next_attempt_at: '2023-05-20T02:05:00Z',
    })
    expect(t).toMatchObject({ type: 'warning', label: '待发送' })
    expect(t?.title).toContain('上次失败：connect timeout')
    expect(t?.title).toContain('下次尝试：2023-05-20 10:05') // Beijing time whatever the zone
  })
  it('shows a mail being sent as waiting, with the attempts its lost senders made', () => {
    const t = emailTag({ ...base, status: 'sending', attempts: 1, error: 'the sending server stopped' })
    expect(t).toMatchObject({ type: 'warning', label: '发送中' })
    expect(t?.title).toContain('上次失败：the sending server stopped')
    expect(t?.title).toContain('已尝试 1 次')
  })
  it('accepts label / last_error as names and falls back to its own labels', () => {
    expect(emailTag({ ...base, status: 'failed', label: '发送失败（5xx）', last_error: 'x' })).toMatchObject({
      label: '发送失败（5xx）',
      title: expect.stringContaining('失败原因：x'),
    })
    expect(emailTag({ ...base, status: 'pending' })?.label).toBe('待发送')
    expect(emailTag({ ...base, status: 'weird' })).toMatchObject({ type: 'info', label: 'weird' })
  })
})
