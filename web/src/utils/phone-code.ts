// One-time SMS codes as the visitor types them: six digits (the server's CodePolicy), perhaps
// pasted from the message with spaces around or inside ("123 456").

export const CODE_DIGITS = 6

/** The code as the server wants it: digits only, spaces dropped. */
export function normalizeCode(text: string | null | undefined): string {
  return (text ?? '').replace(/\s/g, '')
}

/** Exactly CODE_DIGITS digits once spaces are dropped. */
export function isCodeText(text: string | null | undefined): boolean {
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(normalizeCode(text))
}
