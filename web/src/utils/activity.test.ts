import { describe, expect, it } from 'vitest'
import {
  activityIcsUrl,
  bucketByDay,
  calendarFeedUrl,
  campaignDays,
  dayLabel,
  defaultDay,
  groupTicketNo,
  isMainlandMobile,
  maskName,
  maskPhone,
  normalizeTicketInput,
  occupancyLevel,
  occupancyPercent,
  svgDataUrl,
  ticketPagePath,
  validateActivity,
  validateReservation,
  type ActivityFormValues,
} from './activity'

describe('visitor phones', () => {
  it('accepts mainland mobiles 1[3-9] + 9 digits, ignoring spaces and dashes', () => {
    expect(isMainlandMobile('13812341234')).toBe(true)
    expect(isMainlandMobile('199 1234 5678')).toBe(true)
    expect(isMainlandMobile('138-1234-1234')).toBe(true)
  })
  it('refuses landlines, short numbers, a second digit 0–2 and country prefixes', () => {
    for (const p of [
      '12812341234',
      '11012341234',
      '1381234123',
      '138123412345',
      '010-88827919',
      '+8613812341234',
      '',
      'abcdefghijk',
    ])
      expect(isMainlandMobile(p), p).toBe(false)
  })
  it('masks like the server: 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('138****1234')).toBe('138****1234')
    expect(maskPhone('123')).toBe('123')
  })
  it('masks names but the first character', () => {
    expect(maskName('张三丰')).toBe('张**')
    expect(maskName('李四')).toBe('李*')
    expect(maskName('王')).toBe('王')
    expect(maskName('张*')).toBe('张*')
    expect(maskName('')).toBe('')
  })
})

describe('ticket numbers', () => {
  it('groups 16 characters 4-4-4-4', () => {
    expect(groupTicketNo('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS')
    expect(groupTicketNo('abcd efgh jkmn pqrs', ' ')).toBe('ABCD EFGH JKMN PQRS')
    expect(groupTicketNo('ABCDEF')).toBe('ABCD-EF')
    expect(groupTicketNo(null)).toBe('')
  })
  it('normalizes what is typed at the desk; signed codes and ticket links pass through', () => {
    expect(normalizeTicketInput(' abcd-efgh jkmn-pqrs ')).toBe('ABCDEFGHJKMNPQRS')
    expect(normalizeTicketInput('0OIL')).toBe('0011')
    expect(normalizeTicketInput('T1.42.ABCDEFGHJKMNPQRS.sig-_x')).toBe('T1.42.ABCDEFGHJKMNPQRS.sig-_x')
    expect(normalizeTicketInput('https://x.test/tickets/T1.42.ABCD.sig')).toBe('T1.42.ABCD.sig')
    // The current format carries its key id; the desk passes it on untouched.
    expect(normalizeTicketInput(' T2.k3.42.ABCDEFGHJKMNPQRS.sig-_x ')).toBe('T2.k3.42.ABCDEFGHJKMNPQRS.sig-_x')
    expect(normalizeTicketInput('https://x.test/tickets/T2.k3.42.ABCD.sig/')).toBe('T2.k3.42.ABCD.sig')
  })
  it('links a ticket page with a trailing slash, so the dotted code is not taken for a file', () => {
    const path = ticketPagePath('T1.42.ABCD.s-_x')
    expect(path).toBe('/tickets/T1.42.ABCD.s-_x/')
    expect(path.split('/').pop()).toBe('') // no "extension" in the last segment
    expect(normalizeTicketInput(`https://x.test${path}`)).toBe('T1.42.ABCD.s-_x') // a scanned link still reads
  })
})

describe('calendar days in Asia/Shanghai', () => {
  it('lists every day of the campaign inclusive', () => {
    expect(campaignDays('2023-05-20', '2023-05-23')).toEqual(['2023-05-20', '2023-05-21', '2023-05-22', '2023-05-23'])
    expect(campaignDays('2023-05-31', '2023-06-01')).toEqual(['2023-05-31', '2023-06-01'])
    expect(campaignDays('2023-05-23', '2023-05-20')).toEqual([])
    expect(campaignDays('bad', '2023-05-20')).toEqual([])
  })
  it('buckets by the Beijing day an activity starts, not the browser zone', () => {
    const items = [
      { id: 1, starts_at: '2023-05-20T23:30:00+08:00' },
      { id: 2, starts_at: '2023-05-20T16:30:00Z' }, // 00:30 on the 21st in Beijing
      { id: 3, starts_at: '2023-05-20T09:00:00+08:00' },
      { id: 4, starts_at: '' },
    ]
    const b = bucketByDay(items)
    expect(b.map((d) => d.date)).toEqual(['2023-05-20', '2023-05-21'])
    expect(b[0].items.map((i) => i.id)).toEqual([3, 1])
    expect(b[1].items.map((i) => i.id)).toEqual([2])
  })
  it('labels days with the weekday and opens on today inside the week', () => {
    expect(dayLabel('2023-05-20')).toBe('5月20日 周六')
    const days = campaignDays('2023-05-20', '2023-05-31')
    expect(defaultDay(days, '2023-05-22T01:00:00+08:00')).toBe('2023-05-22')
    expect(defaultDay(days, '2023-05-21T17:00:00Z')).toBe('2023-05-22') // already the 22nd in Beijing
    expect(defaultDay(days, '2024-01-01T00:00:00+08:00')).toBe('2023-05-20')
    expect(defaultDay([], Date.now())).toBe('')
  })
})

describe('ICS links', () => {
  it('builds the feed for the filter without the chosen day or empty values', () => {
    expect(
      calendarFeedUrl({ campaign: 2023, district: '110108', category: '', date: '2023-05-20', q: ' 机器人 ' }),
    ).toBe('/api/v1/public/calendar.ics?campaign=2023&district=110108&q=%E6%9C%BA%E5%99%A8%E4%BA%BA')
    expect(calendarFeedUrl({ audience: '亲子家庭', mode: 'offline' })).toBe(
      '/api/v1/public/calendar.ics?audience=%E4%BA%B2%E5%AD%90%E5%AE%B6%E5%BA%AD&mode=offline',
    )
    expect(calendarFeedUrl({})).toBe('/api/v1/public/calendar.ics')
  })
  it('links one activity', () => {
    expect(activityIcsUrl(42)).toBe('/api/v1/public/activities/42/calendar.ics')
  })
})

describe('occupancy warning', () => {
  it('warns at 90 % of safe occupancy and above', () => {
    expect(occupancyLevel(89, 100)).toBe('ok')
    expect(occupancyLevel(90, 100)).toBe('near')
    expect(occupancyLevel(99, 100)).toBe('near')
    expect(occupancyLevel(100, 100)).toBe('over')
    expect(occupancyLevel(450, 500)).toBe('near')
    expect(occupancyLevel(449, 500)).toBe('ok')
  })
  it('never warns without a safe occupancy', () => {
    expect(occupancyLevel(1000, null)).toBe('ok')
    expect(occupancyLevel(1000, 0)).toBe('ok')
  })
  it('gives a capped percentage', () => {
    expect(occupancyPercent(45, 50)).toBe(90)
    expect(occupancyPercent(80, 50)).toBe(100)
    expect(occupancyPercent(5, null)).toBe(0)
  })
})

describe('QR as an image', () => {
  it('turns SVG text into a data: URL and refuses anything else', () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,%3Csvg')).toBe(true)
    expect(decodeURIComponent(url.split(',')[1])).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    expect(svgDataUrl('<script>alert(1)</script>')).toBe('')
    expect(svgDataUrl(null)).toBe('')
  })
})

describe('reservation form', () => {
  it('checks name, phone and party size 1..5', () => {
    expect(validateReservation({ name: '张三', phone: '13812341234', party_size: 2 })).toEqual({})
    const e = validateReservation({ name: ' ', phone: '12345', party_size: 6 })
    expect(Object.keys(e).sort()).toEqual(['name', 'party_size', 'phone'])
    expect(validateReservation({ name: '张三', phone: '', party_size: 0 })).toEqual({
      phone: '请填写手机号',
      party_size: '人数须为 1 到 5 人',
    })
  })
})

describe('activity form', () => {
  const base: ActivityFormValues = {
    title: '机器人开放日',
    category: '开放日',
    mode: 'offline',
    district: '110108',
    venue: '中关村展示中心',
    address: '海淀区',
    starts_at: '2023-05-20 09:00:00',
    ends_at: '2023-05-20 17:00:00',
    audience: ['青少年'],
    contact_name: '李杨',
    contact_phone: '88827919',
    online_url: '',
    security_owner: '',
    safe_occupancy: 200,
    sessions: [
      {
        starts_at: '2023-05-20 09:00:00',
        ends_at: '2023-05-20 11:00:00',
        capacity: 50,
        high_demand: false,
        opens_at: '',
        lottery_cutoff: '',
      },
    ],
  }
  it('passes a complete offline activity', () => {
    expect(validateActivity(base)).toEqual({})
  })
  it('needs a session offline and url + security owner online', () => {
    expect(validateActivity({ ...base, sessions: [] }).sessions).toBeTruthy()
    const online = validateActivity({ ...base, mode: 'online', sessions: [] })
    expect(online.sessions).toBeUndefined()
    expect(online.online_url).toBeTruthy()
    expect(online.security_owner).toBeTruthy()
    expect(
      validateActivity({ ...base, mode: 'hybrid', online_url: 'ftp://x', security_owner: '王' }).online_url,
    ).toMatch(/http/)
  })
  it('needs the address wherever people come (as the server does), not online', () => {
    expect(validateActivity({ ...base, address: ' ' }).address).toBe('请填写详细地址')
    expect(
      validateActivity({ ...base, mode: 'hybrid', address: '', online_url: 'https://x.test', security_owner: '王' })
        .address,
    ).toBeTruthy()
    expect(
      validateActivity({
        ...base,
        mode: 'online',
        address: '',
        online_url: 'https://x.test',
        security_owner: '王',
        sessions: [],
      }).address,
    ).toBeUndefined()
  })
  it('names the session row and field', () => {
    const e = validateActivity({
      ...base,
      sessions: [{ ...base.sessions[0], capacity: 0, high_demand: true, ends_at: '2023-05-20 08:00:00' }],
    })
    expect(Object.keys(e).sort()).toEqual(['sessions.0.capacity', 'sessions.0.ends_at', 'sessions.0.lottery_cutoff'])
  })
})
