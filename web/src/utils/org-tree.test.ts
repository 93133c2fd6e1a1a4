import { describe, expect, it } from 'vitest'
import { buildOrgTree, countBy, filterOrgTree, subtreeCodes } from './org-tree'
import { canMoveCampaign, pickCurrentCampaign } from './campaign'
import { homeFor, safeRedirect } from './redirect'

const orgs = [
  { code: '110108001', name: '海淀区科协', type: 'other', parent_code: '110108' },
  { code: '110108', name: '海淀区', type: 'district', parent_code: null },
  { code: '110105', name: '朝阳区', type: 'district', parent_code: null },
  { code: 'PKU', name: '北京大学', type: 'university', parent_code: null },
  { code: 'X1', name: '孤儿单位', type: 'other', parent_code: 'GONE' },
]

describe('org tree', () => {
  it('nests children under parents and sorts by code', () => {
    const tree = buildOrgTree(orgs)
    expect(tree.map((n) => n.code)).toEqual(['110105', '110108', 'PKU', 'X1'])
    expect(tree[1].children?.map((n) => n.code)).toEqual(['110108001'])
  })

  it('filters keeping ancestors of matches', () => {
    const tree = buildOrgTree(orgs)
    const f = filterOrgTree(tree, '科协')
    expect(f.map((n) => n.code)).toEqual(['110108'])
    expect(f[0].children?.map((n) => n.code)).toEqual(['110108001'])
    expect(filterOrgTree(tree, 'pku').map((n) => n.code)).toEqual(['PKU'])
    expect(filterOrgTree(tree, '  ')).toBe(tree)
  })

  it('counts and finds subtrees', () => {
    expect(countBy(orgs, (o) => o.type)).toEqual({ other: 2, district: 2, university: 1 })
    expect([...subtreeCodes(orgs, '110108')].sort()).toEqual(['110108', '110108001'])
  })
})

describe('current campaign', () => {
  it('prefers the newest open campaign, else the newest', () => {
    const list = [
      { year: 2023, status: 'open' },
      { year: 2024, status: 'draft' },
      { year: 2022, status: 'open' },
    ]
    expect(pickCurrentCampaign(list)?.year).toBe(2023)
    expect(
      pickCurrentCampaign([
        { year: 2021, status: 'closed' },
        { year: 2022, status: 'archived' },
      ])?.year,
    ).toBe(2022)
    expect(pickCurrentCampaign([])).toBeNull()
  })

  it('allows only the server status moves', () => {
    expect(canMoveCampaign('draft', 'open')).toBe(true)
    expect(canMoveCampaign('draft', 'closed')).toBe(false)
    expect(canMoveCampaign('closed', 'open')).toBe(true)
    expect(canMoveCampaign('archived', 'open')).toBe(false)
    expect(canMoveCampaign('open', 'open')).toBe(true)
  })
})

describe('redirects', () => {
  it('sends each role home', () => {
    expect(homeFor('admin')).toBe('/organizer')
    expect(homeFor('reviewer')).toBe('/organizer')
    expect(homeFor('reporter')).toBe('/unit')
    expect(homeFor('checkin')).toBe('/checkin')
  })

  it('accepts only same-site paths', () => {
    expect(safeRedirect('/admin/orgs?x=1')).toBe('/admin/orgs?x=1')
    expect(safeRedirect('//evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect('/login?redirect=/x')).toBeNull()
    expect(safeRedirect(['/unit'])).toBe('/unit')
    expect(safeRedirect(undefined)).toBeNull()
  })
})
