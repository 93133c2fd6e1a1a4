import { describe, expect, it } from 'vitest'
import { shareLink } from './share'

const data = { title: 'T', text: 'x', url: 'https://example.org/events/1' }

describe('shareLink', () => {
  it('uses the share sheet where there is one', async () => {
    const shared: unknown[] = []
    const nav = { share: async (d: unknown) => void shared.push(d), clipboard: undefined } as unknown as Navigator
    expect(await shareLink(data, nav)).toBe('shared')
    expect(shared).toEqual([data])
  })

  it('treats closing the share sheet as no failure', async () => {
    const nav = { share: async () => Promise.reject(new DOMException('x', 'AbortError')) } as unknown as Navigator
    expect(await shareLink(data, nav)).toBe('cancelled')
  })

  it('copies the link without a share sheet, or when sharing is refused', async () => {
    const copied: string[] = []
    const clipboard = { writeText: async (s: string) => void copied.push(s) }
    expect(await shareLink(data, { clipboard } as unknown as Navigator)).toBe('copied')
    const refused = { share: async () => Promise.reject(new DOMException('x', 'NotAllowedError')), clipboard }
    expect(await shareLink(data, refused as unknown as Navigator)).toBe('copied')
    expect(copied).toEqual([data.url, data.url])
  })

  it('says so when neither works', async () => {
    const clipboard = { writeText: async () => Promise.reject(new Error('denied')) }
    expect(await shareLink(data, { clipboard } as unknown as Navigator)).toBe('failed')
    expect(await shareLink(data, {} as Navigator)).toBe('failed')
  })
})
