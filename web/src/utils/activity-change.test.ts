import { describe, expect, it } from 'vitest'
import type { Activity, ActivitySession, ChangePlan } from '@/api/activity-types'
import { ApiError } from '@/api/api-error'
import {
  affectedEffectLabel,
  affectedSessionLabel,
  cancelReservationsMessage,
  changeImpact,
  changeWaitingLabel,
  comparePlans,
  describeChange,
  isEmptyDifference,
  needsReview,
  planOfActivity,
  unitNamesFor,
  planOfInput,
  sessionSlot,
} from './activity-change'
import { activityToForm, applyPlanToForm, formToInput } from './activity-form'

function session(id: number, start: string, end: string, extra: Partial<ActivitySession> = {}): ActivitySession {
  return {
    id,
    starts_at: start,
    ends_at: end,
    capacity: 10,
    taken: 0,
    remaining: 10,
    walk_ins: 0,
    checked_in: 0,
    occupancy: 0,
    high_demand: false,
    opens_at: null,
    lottery_cutoff: null,
    lottery_drawn: false,
    ...extra,
  }
}

function published(extra: Partial<Activity> = {}): Activity {
  return {
    id: 7,
    campaign_year: 2027,
    lead_org: { code: '110108', name: '海淀区' },
    co_organizers: [
      { code: 'pku', name: '北京大学' },
      { code: 'iop', name: '物理所' },
    ],
    title: '天文讲座',
    category: '开放日',
    mode: 'offline',
    district: { code: '110108', name: '海淀区' },
    venue: '北京天文馆A馆',
    address: '西城区西直门外大街138号',
    starts_at: '2027-05-20T09:00:00+08:00',
    ends_at: '2027-05-20T12:00:00+08:00',
    audience: ['公众'],
    description: '看星星',
    contact_name: '王老师',
    contact_phone: '010-1234',
    is_free: true,
    reservation_required: true,
    real_name_required: false,
    online_url: null,
    security_owner: null,
    safe_occupancy: 100,
    status: 'approved',
    review_reason: null,
    cancel_reason: null,
    version: 3,
    has_emergency_plan: false,
    has_cover: false,
    files: [],
    sessions: [
      session(11, '2027-05-20T09:00:00+08:00', '2027-05-20T10:00:00+08:00', { taken: 4 }),
      session(12, '2027-05-20T10:00:00+08:00', '2027-05-20T11:00:00+08:00', { taken: 6, checked_in: 0 }),
    ],
    total_capacity: 20,
    created_at: '2027-04-01T10:00:00+08:00',
    updated_at: '2027-04-01T10:00:00+08:00',
    submitted_at: null,
    reviewed_at: null,
    reviewed_by: null,
    pending_change: null,
    ...extra,
  }
}

/** The edit body the form sends for `a` after `edit` changed its form state. */
function edited(a: Activity, edit: (f: ReturnType<typeof activityToForm>) => void) {
  const f = activityToForm(a)
  edit(f)
  return formToInput(f, a.version, { sessionIds: true })
}

describe('needsReview: the reason box shows exactly when the server will want one', () => {
  const a = published()
  it('is false for an unchanged plan and for the fields that apply at once', () => {
    expect(
      needsReview(
        a,
        edited(a, () => {}),
      ),
    ).toBe(false)
    const live = edited(a, (f) => {
      f.description = '带上望远镜'
      f.contact_name = '李老师'
      f.contact_phone = '010-5678'
      f.audience = ['公众', '青少年']
    })
    expect(needsReview(a, live)).toBe(false)
  })
  it('is true for place, time, capacity, sessions and the reservation settings', () => {
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.venue = '北京天文馆B馆')),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.sessions[1].starts_at = '2027-05-20 10:30:00')),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.sessions[0].capacity = 5)),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => f.sessions.splice(0, 1)),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) =>
          f.sessions.push({ ...f.sessions[1], id: undefined, starts_at: '2027-05-20 11:00:00' } as never),
        ),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.sessions[0].opens_at = '2027-05-19 09:00:00')),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.is_free = false)),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.co_organizers = ['pku'])),
      ),
    ).toBe(true)
    expect(
      needsReview(
        a,
        edited(a, (f) => (f.real_name_required = true)),
      ),
    ).toBe(true)
  })
  it('ignores what the server ignores: co-organizer order, the zone a time is written in', () => {
    expect(
      needsReview(
        a,
        edited(a, (f) => f.co_organizers.reverse()),
      ),
    ).toBe(false)
    const utc = published({ starts_at: '2027-05-20T01:00:00Z' })
    expect(
      needsReview(
        utc,
        edited(utc, () => {}),
      ),
    ).toBe(false)
  })
  it('is false for a draft, which is simply replaced', () => {
    const d = published({ status: 'draft' })
    expect(
      needsReview(
        d,
        edited(d, (f) => (f.venue = 'x')),
      ),
    ).toBe(false)
  })
})

describe('the edit body of a published activity', () => {
  it('keeps each session id, and a new session has none', () => {
    const a = published()
    const f = activityToForm(a)
    f.sessions.push({ ...f.sessions[1], id: undefined })
    const body = formToInput(f, a.version, { sessionIds: true })
    expect(body.sessions.map((s) => s.id)).toEqual([11, 12, null])
    expect(formToInput(f, a.version).sessions[0]).not.toHaveProperty('id')
  })
})

describe('taking up a waiting change in the form', () => {
  it("puts the proposal's plan and session ids in the form and keeps the live fields", () => {
    const a = published()
    const proposed = planOfInput(
      edited(a, (f) => {
        f.venue = 'B 馆'
        f.sessions[1].starts_at = '2027-05-20 10:30:00'
        f.sessions.splice(0, 1)
      }),
    )
    const f = activityToForm(a)
    f.description = '刚改的简介'
    applyPlanToForm(f, proposed)
    expect(f.description).toBe('刚改的简介')
    const body = formToInput(f, a.version, { sessionIds: true })
    expect(body.venue).toBe('B 馆')
    expect(body.sessions.map((s) => [s.id, s.starts_at])).toEqual([[12, '2027-05-20T10:30:00+08:00']])
    expect(isEmptyDifference(comparePlans(proposed, planOfInput(body)))).toBe(true)
  })
})

describe('comparePlans: what a change does, as the server summarises it', () => {
  it('finds moved, resized, removed and added sessions and a changed place', () => {
    const a = published()
    const d = comparePlans(
      planOfActivity(a),
      planOfInput(
        edited(a, (f) => {
          f.address = '新地址'
          f.sessions[1].capacity = 3
          f.sessions[1].ends_at = '2027-05-20 11:30:00'
          f.sessions.splice(0, 1)
          f.sessions.push({ ...f.sessions[0], id: undefined })
        }),
      ),
    )
    expect(d.fields).toEqual(['address'])
    expect(d.place_changed).toBe(true)
    expect(d.moved).toEqual([12])
    expect(d.resized).toEqual([{ session_id: 12, capacity: 3 }])
    expect(d.removed).toEqual([11])
    expect(d.added).toBe(1)
  })
})

describe('describeChange: readable lines for the reviewer and the history', () => {
  const names = { '110108': '海淀区', '110102': '西城区', pku: '北京大学', iop: '物理所' }
  it('names each field in Chinese with old and new values, units by name', () => {
    const a = published()
    const proposed = planOfInput(
      edited(a, (f) => {
        f.venue = '北京天文馆B馆'
        f.district = '110102'
        f.ends_at = '2027-05-20 14:00:00'
        f.co_organizers = ['pku']
        f.is_free = false
      }),
    )
    expect(describeChange(planOfActivity(a), proposed, names)).toEqual([
      { kind: 'field', label: '所在区', before: '海淀区', after: '西城区' },
      { kind: 'field', label: '活动场地', before: '北京天文馆A馆', after: '北京天文馆B馆' },
      { kind: 'field', label: '结束时间', before: '2027-05-20 12:00', after: '2027-05-20 14:00' },
      { kind: 'field', label: '费用', before: '免费', after: '收费' },
      { kind: 'field', label: '协办单位', before: '北京大学、物理所', after: '北京大学' },
    ])
  })
  it('tells sessions moved, resized, removed and added with their times (Beijing)', () => {
    const a = published()
    const proposed = planOfInput(
      edited(a, (f) => {
        f.sessions[1].starts_at = '2027-05-20 13:00:00'
        f.sessions[1].ends_at = '2027-05-20 14:00:00'
        f.sessions[1].capacity = 20
        f.sessions.splice(0, 1)
        f.sessions.push({
          id: undefined,
          starts_at: '2027-05-20 23:30:00',
          ends_at: '2027-05-21 00:30:00',
          capacity: 8,
          high_demand: false,
          opens_at: '',
          lottery_cutoff: '',
        })
      }),
    )
    expect(describeChange(planOfActivity(a), proposed)).toEqual([
      { kind: 'moved', label: '场次改期', before: '2027-05-20 10:00–11:00', after: '2027-05-20 13:00–14:00' },
      { kind: 'resized', label: '场次名额（2027-05-20 13:00–14:00）', before: '10 人', after: '20 人' },
      { kind: 'removed', label: '删除场次', before: '2027-05-20 09:00–10:00（名额 10 人）', after: '' },
      { kind: 'added', label: '新增场次', before: '', after: '2027-05-20 23:30 – 2027-05-21 00:30（名额 8 人）' },
    ])
  })
  it('shows a new lottery setting of a kept session', () => {
    const a = published()
    const proposed = planOfInput(
      edited(a, (f) => {
        f.sessions[0].high_demand = true
        f.sessions[0].lottery_cutoff = '2027-05-19 12:00:00'
      }),
    )
    expect(describeChange(planOfActivity(a), proposed)).toEqual([
      {
        kind: 'settings',
        label: '预约设置（2027-05-20 09:00–10:00）',
        before: '发布后即可预约',
        after: '发布后即可预约；热门·抽签，2027-05-19 12:00 截止报名',
      },
    ])
  })
  it('says whether bookings are real-name, as the server names the field', () => {
    const a = published()
    const proposed = planOfInput(edited(a, (f) => (f.real_name_required = true)))
    expect(comparePlans(planOfActivity(a), proposed).fields).toEqual(['real_name_required'])
    expect(describeChange(planOfActivity(a), proposed)).toEqual([
      { kind: 'field', label: '实名预约', before: '无需实名', after: '实名预约' },
    ])
    expect(describeChange(proposed, planOfActivity(a))[0]).toMatchObject({ before: '实名预约', after: '无需实名' })
  })
  it('reads the server plans of the history (district as a code, empty online fields)', () => {
    const before: ChangePlan = { ...planOfActivity(published()), online_url: '', security_owner: '' }
    const proposed: ChangePlan = { ...before, online_url: null, title: '天文讲座（新）' }
    expect(describeChange(before, proposed)).toEqual([
      { kind: 'field', label: '活动名称', before: '天文讲座', after: '天文讲座（新）' },
    ])
  })
})

describe('cancelReservationsMessage', () => {
  const message = '此变更将取消2张已预约的票（共3人）：请确认取消这些预约（将以变更原因通知观众）后再提交'
  it("is the server's sentence of a 422 on cancel_reservations", () => {
    const e = new ApiError({
      status: 422,
      code: 'validation_failed',
      message: '提交的内容未通过校验',
      details: [{ field: 'cancel_reservations', code: 'required', message }],
    })
    expect(cancelReservationsMessage(e)).toBe(message)
    expect(
      cancelReservationsMessage(
        new ApiError({ status: 422, code: 'validation_failed', message, field: 'cancel_reservations' }),
      ),
    ).toBe(message)
  })
  it('is null for every other error', () => {
    const reason = new ApiError({
      status: 422,
      code: 'validation_failed',
      message: 'x',
      details: [{ field: 'change_reason', code: 'required', message: '须填写变更原因' }],
    })
    expect(cancelReservationsMessage(reason)).toBeNull()
    expect(
      cancelReservationsMessage(new ApiError({ status: 409, code: 'conflict', message, field: 'cancel_reservations' })),
    ).toBeNull()
    expect(cancelReservationsMessage(new Error('network'))).toBeNull()
    expect(cancelReservationsMessage(null)).toBeNull()
  })
})

describe('labels of a change', () => {
  it('says where it waits', () => {
    expect(changeWaitingLabel({ levels: 2, level: 'district', level_label: '区级' })).toBe('等待区级审核')
    expect(changeWaitingLabel({ levels: 1, level: null, level_label: '' })).toBe('等待审核')
  })
  it('says what happened to an affected ticket', () => {
    const summary = { fields: [], moved: [12], resized: [], removed: [11], added: 0, place_changed: false }
    expect(affectedEffectLabel({ effect: 'cancelled', session_id: 11 }, summary)).toBe('已取消')
    expect(affectedEffectLabel({ effect: 'moved', session_id: 12 }, summary)).toBe('改期')
    expect(affectedEffectLabel({ effect: 'moved', session_id: 13 }, { ...summary, place_changed: true })).toBe('改地点')
    expect(affectedEffectLabel({ effect: 'moved', session_id: 12 }, { ...summary, place_changed: true })).toBe(
      '改期、改地点',
    )
  })
  it("names an affected ticket's session, and where it moved", () => {
    const a = published()
    const before = planOfActivity(a)
    const proposed = planOfInput(
      edited(a, (f) => {
        f.sessions[1].starts_at = '2027-05-20 15:00:00'
        f.sessions[1].ends_at = '2027-05-20 16:00:00'
        f.sessions.splice(0, 1)
      }),
    )
    expect(affectedSessionLabel({ session_id: 11, effect: 'cancelled' }, before, proposed)).toBe(
      '2027-05-20 09:00–10:00',
    )
    expect(affectedSessionLabel({ session_id: 12, effect: 'moved' }, before, proposed)).toBe(
      '2027-05-20 10:00–11:00 → 2027-05-20 15:00–16:00',
    )
    expect(sessionSlot({ starts_at: '2027-05-20T02:00:00Z', ends_at: '2027-05-20T03:00:00Z' })).toBe(
      '2027-05-20 10:00–11:00',
    )
  })
})

describe('changeImpact: the tickets a waiting change reaches', () => {
  const a = published()
  it('counts the holders told of a move and those a removal or a cut cancels', () => {
    expect(changeImpact(a, { moved: [12], resized: [], removed: [11], place_changed: false })).toEqual({
      notified: 6,
      cancelled: 4,
    })
    expect(
      changeImpact(a, { moved: [], resized: [{ session_id: 12, capacity: 4 }], removed: [], place_changed: true }),
    ).toEqual({ notified: 8, cancelled: 2 })
  })
})

describe('unitNamesFor', () => {
  it('takes the listed names first and fills codes only the activity names', () => {
    const names = unitNamesFor([[{ code: '110108', name: '海淀区' }], [{ code: 'kjg', name: '科技馆' }]], {
      co_organizers: [
        { code: 'kjg', name: '旧名' },
        { code: 'x1', name: '协办单位' },
      ],
      district: { code: '110105', name: '朝阳区' },
    })
    expect(names).toEqual({ '110108': '海淀区', kjg: '科技馆', x1: '协办单位', '110105': '朝阳区' })
    expect(unitNamesFor([], null)).toEqual({})
  })
})
