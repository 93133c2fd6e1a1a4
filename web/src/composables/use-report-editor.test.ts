// The report editor's autosave and version conflicts, with the API module mocked and fake
// timers: what is sent, when, with which version, and what the boxes show afterwards.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { ApiError } from '@/api/api-error'
import { reportsApi } from '@/api/reports'
import type { FormTemplate, Report } from '@/api/report-types'
import { notifyError } from '@/composables/use-notify'
import { AUTOSAVE_DELAY_MS, useReportEditor } from './use-report-editor'

vi.mock('@/api/reports', () => ({
  reportsApi: { form: vi.fn(), get: vi.fn(), save: vi.fn(), submit: vi.fn() },
}))
vi.mock('@/composables/use-notify', () => ({ notifyError: vi.fn(), notifySuccess: vi.fn() }))

const api = vi.mocked(reportsApi)

const form: FormTemplate = {
  title_suffix: '',
  sections: [
    {
      code: 's1',
      label: '活动',
      fields: [
        { code: 'held', label: '举办活动次数', unit: '次', type: 'integer', min: 0, max: null, required: true },
        { code: 'people', label: '参与人数', unit: '人次', type: 'integer', min: 0, max: null, required: true },
        { code: 'fund', label: '经费投入', unit: '万元', type: 'decimal', min: 0, max: null, required: false },
      ],
    },
  ],
  rules: [],
}

function report(version: number, values: Report['values'], edit = true): Report {
  return {
    campaign_year: 2025,
    org: { code: 'U1', name: '单位一', type: 'unit', parent_code: null, contact_name: null, contact_phone: null },
    status: 'draft',
    status_label: '草稿',
    values,
    version,
    submitted_at: null,
    on_time: null,
    deadline: '2025-06-30T16:00:00Z',
    extension: null,
    filing: 'on_time',
    explanations: {},
    comments: { comment: '', fields: {} },
    checks: [],
    reminders: [],
    materials: [],
    media_reports: [],
    required_materials: [],
    missing: [],
    complete: false,
    can: { edit, review: false },
    updated_at: null,
    updated_by: '',
  }
}

/** A promise the test settles by hand: a save that is still in flight. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

function conflictError(current: Report): ApiError {
  return new ApiError({ status: 409, code: 'conflict', message: '数据已被他人修改', current })
}

async function loaded(stored: Report = report(1, { held: 3, people: 120, fund: 1.5 })) {
  api.form.mockResolvedValue(form)
  api.get.mockResolvedValue(stored)
  const editor = useReportEditor(ref(2025), ref('U1'))
  await editor.load()
  return editor
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.resetAllMocks() // also the queued mockResolvedValueOnce answers a failing test left behind
})
afterEach(() => {
  vi.useRealTimers()
})

describe('useReportEditor autosave', () => {
  it('loads the stored values into the boxes, with nothing dirty', async () => {
    const e = await loaded()
    expect({ ...e.texts }).toEqual({ held: '3', people: '120', fund: '1.50' })
    expect(e.dirty.value).toEqual([])
    expect(e.editable.value).toBe(true)
  })

  it('saves once, the debounce after the last edit, only what changed, with the version it read', async () => {
    const e = await loaded()
    api.save.mockResolvedValue(report(2, { held: 5, people: 120, fund: 1.5 }))

    e.setText('held', '4')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1)
    e.setText('held', '5') // typing on restarts the wait
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1)
    expect(api.save).not.toHaveBeenCalled()

    await vi.advanceTimersByTimeAsync(1)
    expect(api.save).toHaveBeenCalledTimes(1)
    expect(api.save).toHaveBeenCalledWith(2025, 'U1', { held: 5 }, 1)
    expect(e.dirty.value).toEqual([])
    expect(e.saving.value).toBe(false)
    expect(e.report.value?.version).toBe(2)

    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(1)
  })

  it('sends integers as numbers and amounts as exact decimal strings; an empty box as null', async () => {
    const e = await loaded()
    api.save.mockResolvedValue(report(2, { held: 12345, people: null, fund: 0.1 }))
    e.setText('held', '１２，３４５') // full-width digits from a Chinese IME
    e.setText('people', '')
    e.setText('fund', '0.10')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledWith(2025, 'U1', { held: 12345, people: null, fund: '0.10' }, 1)
  })

  it('sends nothing for the stored value spelled another way, nor for a box that fails its check', async () => {
    const e = await loaded()
    e.setText('fund', '1.5') // stored 1.50
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).not.toHaveBeenCalled()

    api.save.mockResolvedValue(report(2, { held: 3, people: 130, fund: 1.5 }))
    e.setText('held', '3.5') // not an integer
    e.setText('people', '130')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(1)
    expect(api.save).toHaveBeenCalledWith(2025, 'U1', { people: 130 }, 1)
    expect(e.fieldErrors.value.held).toBe('举办活动次数须为整数')
    expect(e.dirty.value).toEqual(['held'])
  })

  it('an edit while a save is in flight leads to exactly one follow-up save, on the new version', async () => {
    const e = await loaded()
    const first = deferred<Report>()
    api.save.mockReturnValueOnce(first.promise)
    api.save.mockResolvedValueOnce(report(3, { held: 6, people: 120, fund: 1.5 }))

    e.setText('held', '5')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(1)
    expect(e.saving.value).toBe(true)

    e.setText('held', '6')
    e.setText('people', '121')
    await vi.advanceTimersByTimeAsync(5 * AUTOSAVE_DELAY_MS) // the next save waits for the first
    expect(api.save).toHaveBeenCalledTimes(1)

    first.resolve(report(2, { held: 5, people: 120, fund: 1.5 }))
    await vi.advanceTimersByTimeAsync(0)
    expect(api.save).toHaveBeenCalledTimes(2)
    expect(api.save).toHaveBeenLastCalledWith(2025, 'U1', { held: 6, people: 121 }, 2)
    expect({ ...e.texts }).toMatchObject({ held: '6', people: '121' }) // the answer never overwrote the boxes

    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(2)
  })

  it('no follow-up save when the edit during the save went back to what that save stored', async () => {
    const e = await loaded()
    const first = deferred<Report>()
    api.save.mockReturnValueOnce(first.promise)

    e.setText('held', '5')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    e.setText('held', '6')
    e.setText('held', '5')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    first.resolve(report(2, { held: 5, people: 120, fund: 1.5 }))
    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)

    expect(api.save).toHaveBeenCalledTimes(1)
    expect(e.dirty.value).toEqual([])
  })

  it('a failed save keeps the text, says so once, and the next edit tries again', async () => {
    const e = await loaded()
    api.save.mockRejectedValue(new ApiError({ status: 503, code: 'unavailable', message: '服务器暂时不可用' }))

    e.setText('held', '5')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(e.saveError.value).toBe('服务器暂时不可用')
    expect(e.texts.held).toBe('5')
    expect(e.dirty.value).toEqual(['held'])
    expect(notifyError).toHaveBeenCalledTimes(1)

    e.setText('held', '6')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(2)
    expect(notifyError).toHaveBeenCalledTimes(1) // not a notice per keystroke

    api.save.mockResolvedValue(report(2, { held: 7, people: 120, fund: 1.5 }))
    e.setText('held', '7')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(e.saveError.value).toBeNull()
  })

  it('a 422 marks the refused box, still saves the others, and leaves the refused one until it changes', async () => {
    const e = await loaded()
    api.save.mockRejectedValueOnce(
      new ApiError({
        status: 422,
        code: 'validation',
        message: '提交的内容未通过校验',
        details: [{ field: 'people', code: 'range', message: '参与人数超出范围' }],
      }),
    )
    api.save.mockResolvedValueOnce(report(2, { held: 5, people: 120, fund: 1.5 }))

    e.setText('held', '5')
    e.setText('people', '99999')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(e.fieldErrors.value.people).toBe('参与人数超出范围')

    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(2)
    expect(api.save).toHaveBeenLastCalledWith(2025, 'U1', { held: 5 }, 1)
    expect(e.dirty.value).toEqual(['people'])

    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(2)
  })
})

describe('useReportEditor version conflicts (409)', () => {
  const theirs = report(2, { held: 10, people: 200, fund: 3 })

  async function inConflict() {
    const e = await loaded()
    api.save.mockRejectedValueOnce(conflictError(theirs))
    e.setText('held', '5')
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    return e
  }

  it('keeps what the user typed, reports the conflict quietly and stops autosaving', async () => {
    const e = await inConflict()
    expect(e.conflict.value).toEqual(theirs)
    expect(e.texts.held).toBe('5')
    expect(e.saveError.value).toBeNull()
    expect(notifyError).not.toHaveBeenCalled()

    e.setText('people', '150')
    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(1)
    expect(await e.flush()).toBe(false)
    expect(api.save).toHaveBeenCalledTimes(1)
  })

  it('"keep mine" saves the boxes I changed on top of their version and takes theirs for the rest', async () => {
    const e = await inConflict()
    api.save.mockResolvedValueOnce(report(3, { held: 5, people: 200, fund: 3 }))

    await e.keepMine()
    expect(api.save).toHaveBeenCalledTimes(2)
    expect(api.save).toHaveBeenLastCalledWith(2025, 'U1', { held: 5 }, 2)
    expect({ ...e.texts }).toEqual({ held: '5', people: '200', fund: '3.00' })
    expect(e.conflict.value).toBeNull()
    expect(e.dirty.value).toEqual([])
  })

  it('"take theirs" drops my edits and saves nothing', async () => {
    const e = await inConflict()
    e.takeTheirs()
    expect({ ...e.texts }).toEqual({ held: '10', people: '200', fund: '3.00' })
    expect(e.conflict.value).toBeNull()
    expect(e.dirty.value).toEqual([])
    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenCalledTimes(1)

    api.save.mockResolvedValueOnce(report(3, { held: 11, people: 200, fund: 3 }))
    e.setText('held', '11') // autosave is back, on their version
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(api.save).toHaveBeenLastCalledWith(2025, 'U1', { held: 11 }, 2)
  })

  it('a read-only report never saves', async () => {
    const e = await loaded(report(1, { held: 3, people: 120, fund: 1.5 }, false))
    e.setText('held', '5')
    await vi.advanceTimersByTimeAsync(10 * AUTOSAVE_DELAY_MS)
    expect(api.save).not.toHaveBeenCalled()
  })
})
