import { StringDecoder } from 'node:string_decoder'
import { SaxesParser } from 'saxes'
import unzipper from 'unzipper'

/** One sheet row: its number, and each cell's text and whether it was stored as a number. */
export interface XlsxRow {
  row: number
  cells: string[]
  numeric: boolean[]
}

/**
 * The rows of an xlsx workbook's first sheet, one at a time, as cell texts by column (A = 0). The sheet
 * XML streams out of the zip through a UTF-8 decoder that keeps multi-byte characters whole across
 * chunks, into a SAX parser: the sheet is never held in memory, only its shared strings.
 */
export async function* xlsxRows(bytes: Buffer): AsyncGenerator<XlsxRow> {
  const zip = await unzipper.Open.buffer(bytes)
  const entry = (path: string) => zip.files.find((f) => f.path === path)
  const sheetPath = (await firstSheetPath(zip.files)) ?? 'xl/worksheets/sheet1.xml'
  const sheet = entry(sheetPath)
  if (!sheet) throw new Error('no worksheet')
  const shared = await sharedStrings(entry('xl/sharedStrings.xml'))

  const parser = new SaxesParser()
  const ready: XlsxRow[] = []
  let row = 0
  let cells: string[] = []
  let numeric: boolean[] = []
  let column = 0
  let type = ''
  let text = ''
  let inValue = false
  parser.on('opentag', (tag) => {
    if (tag.name === 'row') {
      row = Number(tag.attributes.r)
      cells = []
      numeric = []
    } else if (tag.name === 'c') {
      column = columnIndex(String(tag.attributes.r ?? ''))
      type = String(tag.attributes.t ?? 'n')
      text = ''
    } else if (tag.name === 'v' || tag.name === 't') inValue = true
  })
  parser.on('text', (t) => {
    if (inValue) text += t
  })
  parser.on('closetag', (tag) => {
    if (tag.name === 'v' || tag.name === 't') inValue = false
    else if (tag.name === 'c') {
      cells[column] = type === 's' ? (shared[Number(text)] ?? '') : text
      numeric[column] = type === 'n' && text !== ''
    } else if (tag.name === 'row')
      ready.push({
        row,
        cells: Array.from(cells, (c) => c ?? ''),
        numeric: Array.from(numeric, (n) => n ?? false),
      })
  })
  const decoder = new StringDecoder('utf8')
  for await (const chunk of sheet.stream() as AsyncIterable<Buffer>) {
    parser.write(decoder.write(chunk))
    while (ready.length > 0) yield ready.shift() as XlsxRow
  }
  parser.write(decoder.end()).close()
  while (ready.length > 0) yield ready.shift() as XlsxRow
}

/** A1 → 0, B7 → 1, AA3 → 26. */
function columnIndex(ref: string): number {
  let n = 0
  for (const ch of ref.replace(/\d+$/, '')) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

type Entry = { path: string; buffer(): Promise<Buffer> }

async function sharedStrings(file: Entry | undefined): Promise<string[]> {
  if (!file) return []
  const out: string[] = []
  const parser = new SaxesParser()
  let current = ''
  let inText = false
  parser.on('opentag', (tag) => {
    if (tag.name === 'si') current = ''
    else if (tag.name === 't') inText = true
  })
  parser.on('text', (t) => {
    if (inText) current += t
  })
  parser.on('closetag', (tag) => {
    if (tag.name === 't') inText = false
    else if (tag.name === 'si') out.push(current)
  })
  parser.write((await file.buffer()).toString('utf8')).close()
  return out
}

/** The first sheet of xl/workbook.xml, through its relationship to a part name. */
async function firstSheetPath(files: Entry[]): Promise<string | undefined> {
  const read = async (path: string) => (await files.find((f) => f.path === path)?.buffer())?.toString('utf8')
  const workbook = await read('xl/workbook.xml')
  const rels = await read('xl/_rels/workbook.xml.rels')
  const id = workbook && /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1]
  const target =
    id && rels
      ? (new RegExp(`<Relationship\\b[^>]*\\bId="${id}"[^>]*\\bTarget="([^"]+)"`).exec(rels)?.[1] ??
        new RegExp(`<Relationship\\b[^>]*\\bTarget="([^"]+)"[^>]*\\bId="${id}"`).exec(rels)?.[1])
      : undefined
  if (!target) return undefined
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`
}
