import type { SetURLSearchParams } from 'react-router'

/** A whole number from the URL within bounds, else the fallback. */
export function numberOf(raw: string | null, min: number, max: number, fallback: number): number {
  const n = Number(raw)
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback
}

/** Replaces the URL's search with these values (empty ones dropped); a new search starts on page 1. */
export function searchWith(setParams: SetURLSearchParams, values: Record<string, string | undefined>): void {
  const next = new URLSearchParams()
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v.trim() !== '') next.set(k, v.trim())
  setParams(next)
}
