import { parse } from 'csv-parse'
import iconv from 'iconv-lite'
import { InvalidInputError } from './errors.js'

/** One roster line as institutions send it (template columns, or the API's JSON). */
export interface RosterLine {
  idNumber: string
  name: string
  hours?: number
  days?: number
  date?: string
}

/** Template columns: the Chinese headings of the xlsx/CSV template, and the API's field names. */
export const COLUMNS: Record<keyof RosterLine, string[]> = {
  idNumber: ['身份证号', '身份证号码', 'idNumber'],
  name: ['姓名', 'name'],
  hours: ['学时', 'hours'],
  days: ['天数', 'days'],
  date: ['结业日期', '完成日期', 'date'],
}

/** Text of a CSV file as Chinese Excel writes it: UTF-8 with or without BOM, or GBK. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return Buffer.from(bytes.subarray(3)).toString('utf8')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return iconv.decode(Buffer.from(bytes), 'gbk')
  }
}

/**
 * Rows of a roster CSV, keyed by field, with the file's own line numbers (the heading is line 1),
 * one at a time: a large file is parsed as it is read, never held as a list of objects.
 */
export async function* rosterCsvLines(
  bytes: Uint8Array,
): AsyncGenerator<{ line: number; values: Record<string, string> }> {
  const parser = parse(decodeCsv(bytes), {
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
  })
  let fieldOf: (keyof RosterLine | undefined)[] | undefined
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      if (fieldOf === undefined) {
        fieldOf = record.map((h) =>
          (Object.keys(COLUMNS) as (keyof RosterLine)[]).find((k) => COLUMNS[k].includes(h.trim())),
        )
        for (const required of ['idNumber', 'name'] as const) {
          if (!fieldOf.includes(required))
            throw new InvalidInputError('file', `缺少列「${COLUMNS[required][0]}」`)
        }
        continue
      }
      const values: Record<string, string> = {}
      record.forEach((cell, c) => {
        const field = fieldOf?.[c]
        if (field && cell !== '') values[field] = cell
      })
      yield { line: info.lines, values }
    }
  } catch (e) {
    if (e instanceof InvalidInputError) throw e
    throw new InvalidInputError('file', `不是有效的 CSV 文件：${(e as Error).message}`)
  }
  if (fieldOf === undefined) throw new InvalidInputError('file', '文件为空')
}
