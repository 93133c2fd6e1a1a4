// Sharing a page from a phone: the system share sheet (Web Share API) where the browser has
// one, else the link on the clipboard. A visitor who closes the share sheet has not failed.

export type ShareOutcome = 'shared' | 'copied' | 'cancelled' | 'failed'

export async function shareLink(
  data: { title: string; text: string; url: string },
  nav: Pick<Navigator, 'share' | 'clipboard'> | undefined = typeof navigator === 'undefined' ? undefined : navigator,
): Promise<ShareOutcome> {
  if (nav && typeof nav.share === 'function') {
    try {
      await nav.share(data)
      return 'shared'
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return 'cancelled'
      // NotAllowedError and the like: fall through to copying
    }
  }
  try {
    if (!nav?.clipboard) return 'failed'
    await nav.clipboard.writeText(data.url)
    return 'copied'
  } catch {
    return 'failed'
  }
}
