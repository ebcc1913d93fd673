import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import iconv from 'iconv-lite'
import { InvalidInputError, TooLargeError } from './errors.js'
import { columnLetters, type FileLimits } from './file-limits.js'
import { xlsxRows } from './xlsx-rows.js'

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

/**
 * The columns of an upload: each field's headings (the first is the template's), the fields every file
 * must have, and which fields' numeric xlsx cells are Excel dates or numbers that should have been text.
 * Plain data, so that it crosses into the worker thread with the file.
 */
export interface ColumnSpec {
  columns: Record<string, string[]>
  required: string[]
  dates: string[]
  texts: string[]
}

/** A roster's columns. */
export const ROSTER_COLUMNS: ColumnSpec = {
  columns: COLUMNS,
  required: ['idNumber', 'name'],
  dates: ['date'],
  texts: ['idNumber'],
}

/** Appended to an ID number Excel stored as a number (its last digits are lost): the row check says so. */
export const STORED_AS_NUMBER = '（数字格式，请按文本填写）'

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

const PIECE = 1 << 16

/** A text in pieces of about 64K characters, never splitting a surrogate pair. */
function* pieces(text: string): Generator<string> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + PIECE, text.length)
    const last = text.charCodeAt(end - 1)
    if (last >= 0xd800 && last <= 0xdbff) end += 1
    yield text.slice(start, end)
    start = end
  }
}

/** The field a heading names, if any. */
const fieldOfHeading = (heading: string, spec: ColumnSpec) =>
  Object.keys(spec.columns).find((k) => spec.columns[k]?.includes(heading.trim()))

/** The fields of a file's heading row by column, once it has the columns every line needs. */
export function headingFields(
  headings: [column: number, text: string][],
  spec: ColumnSpec = ROSTER_COLUMNS,
): Map<number, string> {
  const fields = new Map<number, string>()
  for (const [column, text] of headings) {
    const field = fieldOfHeading(text, spec)
    if (field) fields.set(column, field)
  }
  const found = new Set(fields.values())
  for (const required of spec.required) {
    if (!found.has(required))
      throw new InvalidInputError('file', `缺少列「${spec.columns[required]?.[0] ?? required}」`)
  }
  return fields
}

/**
 * Rows of a roster CSV, keyed by field, with the file's own line numbers (the heading is line 1),
 * one at a time: a large file is parsed as it is read, never held as a list of objects. Lines, fields
 * and cells past `limits` are refused as they are read.
 */
export async function* rosterCsvLines(
  bytes: Uint8Array,
  limits: FileLimits,
  spec: ColumnSpec = ROSTER_COLUMNS,
): AsyncGenerator<{ line: number; values: Record<string, string> }> {
  // In pieces: csv-parse turns each piece written into records at once, whatever the reader takes.
  const parser = Readable.from(pieces(decodeCsv(bytes))).pipe(
    parse({
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
      max_record_size: limits.maxLineChars,
    }),
  )
  let fieldOf: Map<number, string> | undefined
  let rows = 0
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      rows += 1
      if (rows > limits.maxRows + 1) throw new TooLargeError(`文件超过${limits.maxRows}行`)
      if (record.length > limits.maxColumns)
        throw new InvalidInputError('file', `第${info.lines}行：超过${limits.maxColumns}列`)
      const long = record.findIndex((cell) => cell.length > limits.maxCellChars)
      if (long >= 0)
        throw new InvalidInputError(
          'file',
          `第${info.lines}行第${columnLetters(long)}列：单元格超过${limits.maxCellChars}个字符`,
        )
      if (fieldOf === undefined) {
        fieldOf = headingFields(
          record.map((h, c) => [c, h]),
          spec,
        )
        continue
      }
      const values: Record<string, string> = {}
      for (const [c, field] of fieldOf) {
        const cell = record[c]
        if (cell !== undefined && cell !== '') values[field] = cell
      }
      yield { line: info.lines, values }
    }
  } catch (e) {
    if (e instanceof InvalidInputError) throw e
    const { code, lines } = e as { code?: string; lines?: number }
    if (code === 'CSV_MAX_RECORD_SIZE')
      throw new InvalidInputError('file', `第${lines}行：超过${limits.maxLineChars}个字符`)
    throw new InvalidInputError('file', `不是有效的 CSV 文件${lines ? `（第${lines}行有误）` : ''}`)
  }
  if (fieldOf === undefined) throw new InvalidInputError('file', '文件为空')
}

/** An Excel serial day number (1900 date system) as YYYY-MM-DD. */
const serialDate = (serial: number) =>
  new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10)

/**
 * Rows of an xlsx roster (first sheet), keyed by field, with the sheet's row numbers, streamed out of
 * the file (xlsx-rows.ts) within `limits`: a large roster is never held in memory as objects.
 */
export async function* rosterXlsxLines(
  bytes: Uint8Array,
  limits: FileLimits,
  spec: ColumnSpec = ROSTER_COLUMNS,
): AsyncGenerator<{ line: number; values: Record<string, string> }> {
  let fieldOf: Map<number, string> | undefined
  try {
    for await (const { row, cells } of xlsxRows(Buffer.from(bytes), limits)) {
      if (fieldOf === undefined) {
        fieldOf = headingFields(
          cells.map((c) => [c.column, c.text]),
          spec,
        )
        continue
      }
      const values: Record<string, string> = {}
      for (const { column, text: raw, numeric } of cells) {
        const field = fieldOf.get(column)
        const text = raw.trim()
        if (!field || text === '') continue
        if (numeric && spec.dates.includes(field)) values[field] = serialDate(Number(text))
        else if (numeric && spec.texts.includes(field)) values[field] = `${text}${STORED_AS_NUMBER}`
        else values[field] = text
      }
      if (Object.keys(values).length > 0) yield { line: row, values }
    }
  } catch (e) {
    if (e instanceof InvalidInputError) throw e
    throw new InvalidInputError('file', '不是有效的 xlsx 文件')
  }
  if (fieldOf === undefined) throw new InvalidInputError('file', '文件中没有表头')
}

export const isXlsx = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

/** The lines of a roster file (or another upload with its own columns), xlsx or CSV by its first bytes. */
export const rosterFileLines = (bytes: Uint8Array, limits: FileLimits, spec: ColumnSpec = ROSTER_COLUMNS) =>
  isXlsx(bytes) ? rosterXlsxLines(bytes, limits, spec) : rosterCsvLines(bytes, limits, spec)
