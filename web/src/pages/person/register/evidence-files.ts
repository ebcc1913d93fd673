/**
 * Evidence files as the server takes them (src/services/evidence.ts): PDF, JPEG or PNG told by their first
 * bytes, not their names, each up to 10 MiB and not empty. Checked here before anything is sent, so the
 * person reads why a file is refused at once; the server checks the same again.
 */

/** The server's MAX_EVIDENCE_BYTES (src/services/evidence.ts; test/register-form.test.ts keeps them equal). */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
/** Files one application takes at a time here (the upload route allows 30 a minute). */
export const MAX_FILES = 10
/** What the file picker offers. */
export const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'

export type EvidenceType = 'pdf' | 'jpg' | 'png'

/** The type from a file's first bytes, as the server's sniffMediaType tells it. */
export function sniff(bytes: Uint8Array): EvidenceType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b)
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf' // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'jpg'
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  return undefined
}

export type Refusal = 'empty' | 'tooBig' | 'wrongType'

/** Why the server would refuse the file, or undefined when it would take it. */
export async function refusalOf(file: Blob): Promise<Refusal | undefined> {
  if (file.size === 0) return 'empty'
  if (file.size > MAX_EVIDENCE_BYTES) return 'tooBig'
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer())
  return sniff(head) ? undefined : 'wrongType'
}

/** A size as people read it: 850 B, 12.3 KB, 1.2 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
