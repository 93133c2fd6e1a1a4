// Codes the log-only SMS provider (`serve --sms-provider log`) "sent": it prints each message as
// `sms (log only) to 139****0001: template verification_code {"code":"123456",…}`, and the
// browser tests read the code a visitor would receive from the server's log.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** The codes sent to a (masked) phone, oldest first. */
export function codesTo(srv, masked) {
  const line = /sms \(log only\) to (\d{3}\*{4}\d{4}): template verification_code \{[^}]*"code":"(\d{6})"/g
  return [...srv.log.join('').matchAll(line)].filter((m) => m[1] === masked).map((m) => m[2])
}

/** The next code to `masked` after the `seen` first ones (the outbox sends within moments). */
export async function nextCode(srv, masked, seen) {
  for (let i = 0; i < 150; i++) {
    const codes = codesTo(srv, masked)
    if (codes.length > seen) return codes[codes.length - 1]
    await sleep(100)
  }
  throw new Error(`no code to ${masked} in the server log:\n${srv.log.join('')}`)
}
