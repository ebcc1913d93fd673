/** The file name in a Content-Disposition header for any script (RFC 6266): ASCII `filename`, exact `filename*`. */
function names(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  // encodeURIComponent leaves ' ( ) * as they are; RFC 8187 wants them encoded.
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`
}

/**
 * `Content-Disposition: attachment` for a file name in any script (RFC 6266): an ASCII `filename`
 * for old clients, the exact name as UTF-8 in `filename*` (RFC 8187).
 */
export const attachment = (filename: string): string => `attachment; ${names(filename)}`

/** `Content-Disposition: inline`, named the same way: shown in the browser, saved under that name. */
export const inline = (filename: string): string => `inline; ${names(filename)}`
