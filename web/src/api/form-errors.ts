import type { FormInstance } from 'antd'
import { ApiFailure } from './client.js'

type NamePath = (string | number)[]

/** The API's `field` ("record.hours", "lines.3.idNumber") as a form's name path, numbers for list positions. */
const pathOf = (field: string): NamePath => field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))

function formHas(form: FormInstance, name: NamePath): boolean {
  if (form.getFieldInstance(name) !== undefined) return true
  let value: unknown = form.getFieldsValue(true)
  for (const key of name) {
    if (value === null || typeof value !== 'object' || !(key in value)) return false
    value = (value as Record<string | number, unknown>)[key]
  }
  return true
}

/**
 * Shows an API error next to the form field it names (the API names fields in `error.field`), trying the
 * full path and then the path without its leading parts (a form of a record's fields gets "record.hours" as
 * "hours"). Returns the message when no field of the form matches, for the page to show above the form.
 */
export function showApiError(form: FormInstance, error: unknown): string | undefined {
  if (!(error instanceof ApiFailure)) return error instanceof Error ? error.message : String(error)
  const field = error.error.field
  if (field) {
    const path = pathOf(field)
    for (let start = 0; start < path.length; start++) {
      const name = path.slice(start)
      if (typeof name[0] === 'number') continue
      if (formHas(form, name)) {
        form.setFields([{ name, errors: [error.message] }])
        form.scrollToField(name)
        return undefined
      }
    }
  }
  return error.message
}
