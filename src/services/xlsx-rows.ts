import { StringDecoder } from 'node:string_decoder'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import { InvalidInputError, TooLargeError } from './errors.js'
import { columnLetters, type FileLimits } from './file-limits.js'
import { ZipReader } from './zip-reader.js'

/** A cell of a sheet row: its column (A = 0), its text, and whether it was stored as a number. */
export interface XlsxCell {
  column: number
  text: string
  numeric: boolean
}

/** One sheet row: its number and its non-empty cells, by column. */
export interface XlsxRow {
  row: number
  cells: XlsxCell[]
}

/** The rows Excel allows. */
const EXCEL_ROWS = 1_048_576
/** Elements nest a few deep in a sheet; a deeper file only wants to grow the parser's stack. */
const MAX_DEPTH = 32
const invalid = (problem: string) => new InvalidInputError('file', problem)
const local = (tag: { name: string }) => tag.name.slice(tag.name.indexOf(':') + 1)

/**
 * The rows of an xlsx workbook's first sheet, one at a time. The sheet XML streams out of the zip
 * (zip-reader.ts) through a UTF-8 decoder into a SAX parser: only the shared strings are held whole.
 * Every limit of `limits` is checked as the file is read; a file past one throws InvalidInputError or
 * TooLargeError naming the row, column and limit.
 */
export async function* xlsxRows(bytes: Buffer, limits: FileLimits): AsyncGenerator<XlsxRow> {
  const zip = new ZipReader(bytes, limits)
  const sheetPath = (await firstSheetPath(zip, limits)) ?? 'xl/worksheets/sheet1.xml'
  if (!zip.has(sheetPath)) throw invalid('不是有效的 xlsx 文件（没有工作表）')
  const shared = zip.has('xl/sharedStrings.xml') ? await sharedStrings(zip, limits) : []
  const tooLong = (row: number, column: number) =>
    invalid(`第${row}行第${columnLetters(column)}列：单元格超过${limits.maxCellChars}个字符`)

  const ready: XlsxRow[] = []
  let rows = 0
  let row = 0
  let cells = new Map<number, XlsxCell>()
  let column = -1
  let type = ''
  let text = ''
  let inValue = false
  let inCell = false
  const parser = xmlParser({
    open(tag) {
      const name = local(tag)
      if (name === 'row') {
        rows += 1
        if (rows > limits.maxRows + 1) throw new TooLargeError(`文件超过${limits.maxRows}行`)
        row = tag.attributes.r === undefined ? row + 1 : rowNumber(String(tag.attributes.r))
        cells = new Map()
        column = -1
      } else if (name === 'c') {
        const ref = tag.attributes.r === undefined ? undefined : String(tag.attributes.r)
        column = ref === undefined ? column + 1 : columnIndex(ref, row, limits)
        type = String(tag.attributes.t ?? 'n')
        text = ''
        inCell = true
      } else if (inCell && (name === 'v' || name === 't')) inValue = true
    },
    text(t) {
      if (!inValue) return
      text += t
      if (text.length > limits.maxCellChars) throw tooLong(row, column)
    },
    close(tag) {
      const name = local(tag)
      if (name === 'v' || name === 't') inValue = false
      else if (name === 'c') {
        inCell = false
        const value = type === 's' ? (shared[Number(text)] ?? '') : text
        if (value !== '') cells.set(column, { column, text: value, numeric: type === 'n' })
      } else if (name === 'row') ready.push({ row, cells: [...cells.values()] })
    },
  })
  const overflow = () =>
    inValue ? tooLong(row, column) : invalid(`第${row}行：内容超过${limits.maxCellChars}个字符`)
  for await (const _ of feed(parser, zip.chunks(sheetPath), maxRun(limits), overflow)) {
    while (ready.length > 0) yield ready.shift() as XlsxRow
  }
  while (ready.length > 0) yield ready.shift() as XlsxRow
}

/** r="12" → 12, within Excel's 1,048,576 rows. */
function rowNumber(r: string): number {
  const n = Number(r)
  if (!Number.isInteger(n) || n < 1 || n > EXCEL_ROWS) throw invalid('不是有效的 xlsx 文件（行号有误）')
  return n
}

/**
 * A1 → 0, B7 → 1, AA3 → 26, read a letter at a time and refused at the first letter past XFD, so that
 * no reference builds a large number or a large array.
 */
function columnIndex(ref: string, row: number, limits: FileLimits): number {
  let n = 0
  let i = 0
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    n = n * 26 + (c - 64)
    if (n > limits.maxColumns)
      throw invalid(`第${row}行：单元格位置超出最后一列 ${columnLetters(limits.maxColumns - 1)}`)
  }
  if (i === 0) throw invalid(`第${row}行：单元格位置有误`)
  return n - 1
}

/** A SAX parser that refuses elements nested deeper than a workbook's. */
function xmlParser(on: {
  open(tag: SaxesTagPlain): void
  text?(text: string): void
  close?(tag: SaxesTagPlain): void
}): SaxesParser {
  const parser = new SaxesParser()
  let depth = 0
  parser.on('opentag', (tag) => {
    depth += 1
    if (depth > MAX_DEPTH) throw invalid('不是有效的 xlsx 文件（元素嵌套过深）')
    on.open(tag)
  })
  parser.on('closetag', (tag) => {
    depth -= 1
    on.close?.(tag)
  })
  if (on.text) parser.on('text', on.text)
  return parser
}

/** A cell's text may be written ten characters a character (entities such as &#12345;). */
const maxRun = (limits: FileLimits) => limits.maxCellChars * 10

/**
 * Writes an entry's text into a SAX parser a chunk at a time, yielding after each chunk. The parser
 * buffers a text or a tag whole until its end, so a run of more than `maxRun` characters without a `<`
 * is refused before it is written.
 */
async function* feed(
  parser: SaxesParser,
  chunks: AsyncIterable<Buffer>,
  maxRun: number,
  overflow: () => Error,
): AsyncGenerator<void> {
  const decoder = new StringDecoder('utf8')
  let run = 0
  const write = (text: string) => {
    let from = 0
    for (let lt = text.indexOf('<'); ; lt = text.indexOf('<', from)) {
      const to = lt < 0 ? text.length : lt
      if (run + (to - from) > maxRun) {
        parser.write(text.slice(0, from + maxRun - run))
        throw overflow()
      }
      if (lt < 0) break
      run = 0
      from = lt + 1
    }
    run += text.length - from
    parser.write(text)
  }
  try {
    for await (const chunk of chunks) {
      write(decoder.write(chunk))
      yield
    }
    write(decoder.end())
    parser.close()
  } catch (e) {
    if (e instanceof InvalidInputError) throw e
    throw invalid('不是有效的 xlsx 文件（XML 有误）')
  }
}

/** The shared-strings table: at most `maxSharedStrings` strings, each at most a cell long. */
async function sharedStrings(zip: ZipReader, limits: FileLimits): Promise<string[]> {
  const out: string[] = []
  const tooLong = () => invalid(`xlsx 文件中有单元格超过${limits.maxCellChars}个字符`)
  let current = ''
  let inText = false
  let phonetic = false
  const parser = xmlParser({
    open(tag) {
      const name = local(tag)
      if (name === 'si') {
        current = ''
        if (out.length >= limits.maxSharedStrings)
          throw new TooLargeError(`xlsx 文件的共享字符串超过${limits.maxSharedStrings}个`)
      } else if (name === 'rPh') phonetic = true
      else if (name === 't' && !phonetic) inText = true
    },
    text(t) {
      if (!inText) return
      current += t
      if (current.length > limits.maxCellChars) throw tooLong()
    },
    close(tag) {
      const name = local(tag)
      if (name === 't') inText = false
      else if (name === 'rPh') phonetic = false
      else if (name === 'si') out.push(current)
    },
  })
  const chunks = zip.chunks('xl/sharedStrings.xml', limits.maxSharedStringsBytes)
  for await (const _ of feed(parser, chunks, maxRun(limits), tooLong));
  return out
}

/** The first sheet of xl/workbook.xml, through its relationship to a part name. */
async function firstSheetPath(zip: ZipReader, limits: FileLimits): Promise<string | undefined> {
  const first = async (path: string, pick: (tag: SaxesTagPlain) => string | undefined) => {
    if (!zip.has(path)) return undefined
    let found: string | undefined
    const parser = xmlParser({
      open(tag) {
        found ??= pick(tag)
      },
    })
    const overflow = () => invalid('不是有效的 xlsx 文件（工作簿有误）')
    const chunks = zip.chunks(path, limits.maxSharedStringsBytes)
    for await (const _ of feed(parser, chunks, maxRun(limits), overflow)) if (found !== undefined) break
    return found
  }
  const id = await first('xl/workbook.xml', (tag) => {
    if (local(tag) !== 'sheet') return undefined
    // r:id, whatever prefix the file binds to the relationships namespace.
    const key = Object.keys(tag.attributes).find((a) => a.includes(':') && local({ name: a }) === 'id')
    return key === undefined ? undefined : String(tag.attributes[key])
  })
  if (id === undefined) return undefined
  const target = await first('xl/_rels/workbook.xml.rels', (tag) =>
    local(tag) === 'Relationship' && tag.attributes.Id === id ? String(tag.attributes.Target) : undefined,
  )
  if (target === undefined) return undefined
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`
}
