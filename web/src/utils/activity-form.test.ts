import { describe, expect, it } from 'vitest'
import type { Activity } from '@/api/activity-types'
import { activityFieldNames, activityToForm, emptyActivityForm, formToInput } from './activity-form'
import { mapServerErrors } from './validation'

describe('activity form ↔ API body', () => {
  it('sends Beijing wall times as ISO +08:00 and drops online fields offline', () => {
    const f = {
      ...emptyActivityForm(),
      title: ' 开放日 ',
      category: '开放日',
      district: '110108',
      starts_at: '2023-05-20 09:00:00',
      ends_at: '2023-05-20 17:00:00',
      online_url: 'https://x.test',
      sessions: [
        {
          starts_at: '2023-05-20 09:00:00',
          ends_at: '2023-05-20 10:00:00',
          capacity: 5,
          high_demand: false,
          opens_at: '',
          lottery_cutoff: '2023-05-19 12:00:00',
        },
      ],
    }
    const body = formToInput(f, 3)
    expect(body.title).toBe('开放日')
    expect(body.starts_at).toBe('2023-05-20T09:00:00+08:00')
    expect(body.online_url).toBeNull()
    expect(body.sessions[0]).toEqual({
      starts_at: '2023-05-20T09:00:00+08:00',
      ends_at: '2023-05-20T10:00:00+08:00',
      capacity: 5,
      high_demand: false,
      opens_at: null,
      lottery_cutoff: null,
    })
    expect(body.version).toBe(3)
  })
  it('reads an activity back into wall times whatever the browser zone', () => {
    const a = {
      title: 't',
      category: '其他',
      mode: 'hybrid',
      district: { code: '110108', name: '海淀区' },
      venue: 'v',
      address: '',
      starts_at: '2023-05-20T01:00:00Z',
      ends_at: '2023-05-20T17:00:00+08:00',
      audience: ['公众'],
      description: '',
      contact_name: 'c',
      contact_phone: 'p',
      is_free: true,
      reservation_required: false,
      online_url: 'https://x',
      security_owner: 's',
      safe_occupancy: 10,
      co_organizers: [{ code: 'pku', name: '北京大学' }],
      sessions: [
        {
          starts_at: '2023-05-20T09:00:00+08:00',
          ends_at: '2023-05-20T10:00:00+08:00',
          capacity: 3,
          high_demand: true,
          opens_at: null,
          lottery_cutoff: '2023-05-19T12:00:00+08:00',
        },
      ],
    } as unknown as Activity
    const f = activityToForm(a)
    expect(f.starts_at).toBe('2023-05-20 09:00:00')
    expect(f.co_organizers).toEqual(['pku'])
    expect(f.sessions[0].lottery_cutoff).toBe('2023-05-19 12:00:00')
    expect(f.sessions[0].opens_at).toBe('')
  })
  it('sends real-name booking only together with reservations, and reads it back', () => {
    expect(emptyActivityForm().real_name_required).toBe(false)
    expect(formToInput(emptyActivityForm()).real_name_required).toBe(false)
    const f = { ...emptyActivityForm(), real_name_required: true }
    expect(formToInput(f).real_name_required).toBe(true)
    // No reservations, no one to name: the box is off, whatever it said before.
    expect(formToInput({ ...f, reservation_required: false }).real_name_required).toBe(false)
    const back = activityToForm({
      ...({} as Activity),
      reservation_required: true,
      real_name_required: true,
      audience: [],
      sessions: [],
    } as Activity)
    expect(back.real_name_required).toBe(true)
    expect(activityFieldNames(0)).toContain('real_name_required')
  })
  it("sends an admin's chosen lead unit on create only, never as its own co-organizer", () => {
    const f = { ...emptyActivityForm(), lead_org: 'kjg', co_organizers: ['pku', 'kjg'] }
    const created = formToInput(f)
    expect(created.lead_org).toBe('kjg')
    expect(created.co_organizers).toEqual(['pku'])
    // On update the server keeps the lead: the body never carries it.
    expect('lead_org' in formToInput(f, 2)).toBe(false)
    // A reporter's (or an admin's without a choice) new activity leads from its own unit.
    expect('lead_org' in formToInput(emptyActivityForm())).toBe(false)
    expect(emptyActivityForm().lead_org).toBe('')
  })
  it('reads the lead unit back and places its 422 at the picker', () => {
    const f = activityToForm({
      ...({} as Activity),
      lead_org: { code: 'kjg', name: '中国科学技术馆' },
      audience: [],
      sessions: [],
    } as Activity)
    expect(f.lead_org).toBe('kjg')
    const m = mapServerErrors(
      { message: 'x', details: [{ field: 'lead_org', code: 'invalid', message: '主办单位不存在' }] },
      activityFieldNames(0),
    )
    expect(m.fields).toEqual({ lead_org: '主办单位不存在' })
  })
  it('places a server 422 on a session row', () => {
    const m = mapServerErrors(
      {
        message: 'x',
        details: [
          { field: 'sessions[1].capacity', code: 'range', message: '名额须大于 0' },
          { field: 'emergency_plan', code: 'required', message: '需上传应急预案' },
        ],
      },
      activityFieldNames(2),
    )
    expect(m.fields).toEqual({ 'sessions.1.capacity': '名额须大于 0' })
    expect(m.general).toEqual(['需上传应急预案'])
  })
})
