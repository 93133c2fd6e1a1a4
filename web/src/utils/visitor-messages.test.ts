import { describe, expect, it } from 'vitest'
import type { MessageCounts } from '@/api/message-types'
import {
  FAST_POLL_MS,
  MAX_NOTICE_CHARS,
  SLOW_POLL_MS,
  channelLabel,
  mayMessageVisitors,
  messageErrorText,
  messageKindLabel,
  messageStatusDetail,
  messageStatusLabel,
  messageStatusTag,
  normalizeCounts,
  noticeBlockedReason,
  noticeConfirmText,
  noticeLength,
  noticeProblem,
  pollDelay,
  trimNotice,
  unsettledCount,
} from './visitor-messages'

const zero: MessageCounts = { pending: 0, sending: 0, sent: 0, failed: 0, suppressed: 0 }
const NOW = Date.parse('2027-05-20T09:00:00+08:00')
const later = (seconds: number) => new Date(NOW + seconds * 1000).toISOString()

describe('message states', () => {
  it("shows the server's label, or ours when it sent none", () => {
    expect(messageStatusLabel({ status: 'sent', status_label: '已发送' })).toBe('已发送')
    expect(messageStatusLabel({ status: 'suppressed', status_label: '' })).toBe('已过时未发')
    expect(messageStatusLabel({ status: 'sending', status_label: '' })).toBe('发送中')
    expect(messageStatusLabel({ status: 'queued_somewhere', status_label: '' })).toBe('queued_somewhere')
  })
  it('colours each state: sent green, failed red, waiting amber, with the gateway blue, too late grey', () => {
    expect(messageStatusTag('sent')).toBe('success')
    expect(messageStatusTag('failed')).toBe('danger')
    expect(messageStatusTag('pending')).toBe('warning')
    expect(messageStatusTag('sending')).toBe('primary')
    expect(messageStatusTag('suppressed')).toBe('info')
    expect(messageStatusTag('unknown')).toBe('info')
  })
  it('names kinds and channels in Chinese', () => {
    expect(messageKindLabel({ kind: 'confirmed', kind_label: '预约成功' })).toBe('预约成功')
    expect(messageKindLabel({ kind: 'staff_notice', kind_label: '' })).toBe('主办方通知')
    expect(messageKindLabel({ kind: 'new_kind', kind_label: '' })).toBe('new_kind')
    expect(channelLabel('sms')).toBe('短信')
    expect(channelLabel('email')).toBe('邮件')
    expect(channelLabel('wechat')).toBe('wechat')
  })
  it("explains the server's own delay note and keeps a gateway's words", () => {
    expect(messageErrorText('per-phone limit: delayed')).toBe('该手机号一小时内短信已达上限，已延后发送')
    expect(messageErrorText('HTTP 400: isv.MOBILE_NUMBER_ILLEGAL 139****5678')).toBe(
      'HTTP 400: isv.MOBILE_NUMBER_ILLEGAL 139****5678',
    )
    expect(messageErrorText(null)).toBe('')
  })
  it('tells, on hover, when a waiting message goes next and why it waits or failed (Beijing time)', () => {
    expect(messageStatusDetail({ status: 'sent', last_error: null, next_attempt_at: null })).toBe('')
    expect(
      messageStatusDetail({
        status: 'pending',
        last_error: 'per-phone limit: delayed',
        next_attempt_at: '2027-05-20T02:30:00Z',
      }),
    ).toBe('下次尝试：2027-05-20 10:30:00\n延后原因：该手机号一小时内短信已达上限，已延后发送')
    expect(
      messageStatusDetail({ status: 'pending', last_error: 'HTTP 503', next_attempt_at: '2027-05-20T10:30:30+08:00' }),
    ).toBe('下次尝试：2027-05-20 10:30:30\n上次失败：HTTP 503')
    expect(messageStatusDetail({ status: 'failed', last_error: 'HTTP 400', next_attempt_at: null })).toBe(
      '失败原因：HTTP 400',
    )
  })
  it('fills in every state of the counts', () => {
    expect(normalizeCounts({ sent: 2, failed: 1 })).toEqual({ ...zero, sent: 2, failed: 1 })
    expect(normalizeCounts(null)).toEqual(zero)
    expect(unsettledCount({ ...zero, pending: 2, sending: 1, sent: 5 })).toBe(3)
    expect(unsettledCount(null)).toBe(0)
  })
})

describe('auto-refresh', () => {
  it('stops once nothing is pending or sending', () => {
    expect(pollDelay(null, [], NOW)).toBeNull()
    expect(pollDelay({ ...zero, sent: 4, failed: 1, suppressed: 2 }, [], NOW)).toBeNull()
  })
  it('is quick while a message is with the gateway or due now', () => {
    expect(pollDelay({ ...zero, sending: 1 }, [{ status: 'sending', next_attempt_at: null }], NOW)).toBe(FAST_POLL_MS)
    expect(pollDelay({ ...zero, pending: 1 }, [{ status: 'pending', next_attempt_at: later(2) }], NOW)).toBe(
      FAST_POLL_MS,
    )
    expect(pollDelay({ ...zero, pending: 1 }, [{ status: 'pending', next_attempt_at: null }], NOW)).toBe(FAST_POLL_MS)
  })
  it('slows down when every pending message waits a minute or more (backoff, per-phone limit)', () => {
    const items = [
      { status: 'pending', next_attempt_at: later(1800) },
      { status: 'pending', next_attempt_at: later(90) },
      { status: 'sent', next_attempt_at: null },
    ]
    expect(pollDelay({ ...zero, pending: 2, sent: 1 }, items, NOW)).toBe(SLOW_POLL_MS)
    // One due soon among them: quick again.
    expect(pollDelay({ ...zero, pending: 3 }, [...items, { status: 'pending', next_attempt_at: later(5) }], NOW)).toBe(
      FAST_POLL_MS,
    )
  })
  it('stays quick when pending messages are on another page (their times are unknown)', () => {
    expect(pollDelay({ ...zero, pending: 3 }, [{ status: 'pending', next_attempt_at: later(3600) }], NOW)).toBe(
      FAST_POLL_MS,
    )
  })
})

describe('who gets 观众消息', () => {
  const activity = { status: 'approved' as const, lead_org: { code: '110108', name: '海淀区' } }
  const reporter = { role: 'reporter' as const, org: { code: '110108', name: '海淀区' } }
  it("is the lead unit's reporter and admins", () => {
    expect(mayMessageVisitors(reporter, activity)).toBe(true)
    expect(mayMessageVisitors({ role: 'admin', org: null }, activity)).toBe(true)
  })
  it('is not a co-organizer, a reviewer or check-in staff of the lead unit', () => {
    expect(mayMessageVisitors({ ...reporter, org: { code: 'kjg' } }, activity)).toBe(false)
    expect(mayMessageVisitors({ role: 'reviewer', org: { code: '110108' } }, activity)).toBe(false)
    expect(mayMessageVisitors({ role: 'checkin', org: { code: '110108' } }, activity)).toBe(false)
    expect(mayMessageVisitors({ role: 'reporter', org: null }, activity)).toBe(false)
    expect(mayMessageVisitors(null, activity)).toBe(false)
  })
  it('only once the activity is published (a cancelled one keeps its messages)', () => {
    expect(mayMessageVisitors(reporter, { ...activity, status: 'cancelled' })).toBe(true)
    for (const status of ['draft', 'submitted', 'rejected'] as const)
      expect(mayMessageVisitors(reporter, { ...activity, status })).toBe(false)
    expect(mayMessageVisitors(reporter, null)).toBe(false)
  })
})

describe('the notice text, as the server checks it', () => {
  it('trims spaces, tabs and full-width spaces only', () => {
    expect(trimNotice(' \t\u3000入场改走北门\u3000 ')).toBe('入场改走北门')
    expect(trimNotice('\u00a0x\u00a0')).toBe('\u00a0x\u00a0')
  })
  it('counts characters as the server does: code points after trimming', () => {
    expect(noticeLength('  因天气原因，入场改走北门  ')).toBe(12)
    expect(noticeLength('雨天🌧请带伞')).toBe(6)
    expect(noticeLength('')).toBe(0)
  })
  it('needs some text', () => {
    expect(noticeProblem('')).toBe('请填写通知内容')
    expect(noticeProblem(' \u3000\t')).toBe('请填写通知内容')
  })
  it('is one paragraph without control characters', () => {
    for (const bad of ['第一行\n第二行', '第一行\r\n第二行', 'a\u0000b', 'a\u007fb', 'a\u001bb', 'a\ud800b'])
      expect(noticeProblem(bad)).toBe('通知内容含有不可见字符或换行，请改为一段文字')
    expect(noticeProblem('中间\t有制表符')).toBe('')
    expect(noticeProblem('表情也可以🌧')).toBe('')
  })
  it('has at most 200 characters', () => {
    expect(noticeProblem('科'.repeat(MAX_NOTICE_CHARS))).toBe('')
    expect(noticeProblem(` ${'科'.repeat(MAX_NOTICE_CHARS)} `)).toBe('')
    expect(noticeProblem('科'.repeat(MAX_NOTICE_CHARS + 1))).toBe('通知内容不能超过200字')
    expect(noticeProblem('🌧'.repeat(MAX_NOTICE_CHARS))).toBe('')
  })
})

describe('the notice form', () => {
  const session = { ends_at: '2027-05-20T11:00:00+08:00' }
  it('is offered on a published session that has not ended', () => {
    expect(noticeBlockedReason(session, true, NOW)).toBe('')
    expect(noticeBlockedReason(session, true, Date.parse(session.ends_at))).toBe('场次已结束，不能再发送通知。')
    expect(noticeBlockedReason(session, false, NOW)).toBe('活动未在发布状态，不能发送通知。')
  })
  it('asks for confirmation saying how many people hold places', () => {
    expect(noticeConfirmText(7)).toContain('当前已预约 7 人')
    expect(noticeConfirmText(0)).toContain('没有已预约的观众')
    expect(noticeConfirmText(null)).not.toContain('当前已预约')
    expect(noticeConfirmText(null)).toContain('全部持票观众')
  })
})
