/** An instant as a clerk reads a date: YYYY-MM-DD, in the browser's time zone. */
export function day(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
