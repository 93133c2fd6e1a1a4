import { describe, expect, it } from 'vitest'
import { menuFor, routes } from './routes'

describe('activity pages in the navigation', () => {
  it('gives each role its entries', () => {
    const titles = (role: Parameters<typeof menuFor>[0], type?: string) => menuFor(role, type).map((m) => m.title)
    expect(titles('reporter')).toEqual(['本单位工作台', '活动管理', '扫码签到'])
    expect(titles('reporter', 'district')).toContain('辖区报送')
    expect(titles('checkin')).toEqual(['签到', '扫码签到'])
    expect(titles('reviewer')).toContain('活动审核')
    expect(titles('admin')).toContain('活动审核')
    expect(titles('admin')).not.toContain('扫码签到')
  })
  it('keeps the visitor pages public and outside the staff layout', () => {
    for (const path of ['/events', '/events/:id(\\d+)', '/tickets', '/tickets/:code', '/institutions']) {
      const r = routes.find((x) => x.path === path)
      expect(r, path).toBeTruthy()
      expect(r?.meta?.public, path).toBe(true)
      expect(r?.alias, path).toBe(`/p${path}`) // the server's ticket_url is /p/tickets/{code}
    }
  })
})
