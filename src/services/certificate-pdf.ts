import type * as fontkit from 'fontkit'
import PDFDocument from 'pdfkit'
import { SERIES, TITLE_LEVELS } from '../domain/series.js'
import type { SignedCertificate } from './certificate-content.js'
import { assertPrintable, certificateFont } from './certificate-font.js'
import { PAYLOAD_FILE_NAME, parseSignedCertificate, payloadBytes } from './certificate-payload.js'
import { certificateQr } from './certificate-qr.js'

export { certificateFromPdf } from './certificate-payload.js'

/** A4 in points, and the printable area inside the frame. */
const PAGE = { width: 595.28, height: 841.89 }
const LEFT = 56
const RIGHT = PAGE.width - 56
const WIDTH = RIGHT - LEFT
const BOTTOM = PAGE.height - 72
const RED = '#a4201d'
const INK = '#1a1a1a'
const GREY = '#666666'
const LABEL_FILL = '#f6f1e7'

type Doc = PDFKit.PDFDocument

/** Table columns of the activities (学时登记明细); 项目名称 takes what the others leave. */
const COLUMNS = [
  { key: 'no', title: '序号', width: 26, align: 'center' },
  { key: 'date', title: '日期', width: 62, align: 'center' },
  { key: 'way', title: '学习方式', width: 56, align: 'left' },
  { key: 'subject', title: '项目名称', width: 0, align: 'left' },
  { key: 'public', title: '公需', width: 30, align: 'center' },
  { key: 'professional', title: '专业', width: 30, align: 'center' },
  { key: 'basis', title: '认定依据', width: 152, align: 'left' },
] as const
const fixed = COLUMNS.reduce((sum, c) => sum + c.width, 0)
const WIDTHS = COLUMNS.map((c) => (c.width === 0 ? WIDTH - fixed : c.width))

/**
 * The certificate as an A4 PDF (继续教育学时登记证书, or 继续教育学时证明 for a window of years), set in
 * the Noto CJK / Source Han font parsed once per process (certificate-font.ts), subset-embedded.
 * The whole SignedCertificate is embedded as xueshi-certificate.json (certificate-payload.ts) and the QR
 * code holds the verification URL (certificate-qr.ts). The same input gives the same bytes.
 * Throws UnprintableCharacterError naming a character the font lacks, CertificateFontMissingError
 * when there is no font, InvalidInputError('certificate', …) for a malformed certificate.
 */
export async function renderCertificatePdf(input: SignedCertificate): Promise<Buffer> {
  const cert = parseSignedCertificate(input)
  const font = certificateFont()
  const { content } = cert
  const issuedAt = new Date(content.issuedAt)
  const title = content.period.window === null ? '继续教育学时登记证书' : '继续教育学时证明'
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    lang: 'zh-CN',
    font: null as unknown as string, // no Helvetica: every text is set in the CJK font
    info: {
      Title: `${title} ${content.serial}`,
      Creator: 'Xueshi',
      Producer: 'Xueshi',
      CreationDate: issuedAt,
    },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  // First object of the file, so certificateFromPdf finds it without a parser.
  const payload = payloadBytes(cert)
  doc.file(payload.data, {
    name: PAYLOAD_FILE_NAME,
    type: 'application/json',
    description: '证书签名数据（SignedCertificate）',
    creationDate: issuedAt,
    relationship: 'Data', // /AFRelationship (PDF 2.0): the file is the certificate's data
  } as PDFKit.Mixins.PDFAttachmentOptions)
  doc.font(plainLayout(font) as unknown as string)
  const pen = new Pen(doc, font)

  frame(doc)
  let y = heading(pen, title, content.serial)
  y = personTable(pen, cert, y + 16)
  y = activitiesTable(pen, cert, title, y + 18)
  closing(pen, cert, title, issuedAt, y)
  footers(pen, content.serial)
  doc.end()
  return done
}

const plain = new WeakMap<fontkit.Font, fontkit.Font>()

/**
 * The font for pdfkit with a plain layout: one glyph per code point from the SC face's cmap, advancing by
 * its width. Chinese needs no shaping here (the SC face maps to the Simplified forms, no ligatures), and
 * fontkit's OpenType shaping of the CJK tables cost ~25 ms per certificate. Made once per font.
 */
function plainLayout(font: fontkit.Font): fontkit.Font {
  let wrapped = plain.get(font)
  if (!wrapped) {
    wrapped = Object.create(font) as fontkit.Font
    const layout = (text: string) => {
      const glyphs = []
      const positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }[] = []
      for (const ch of text) {
        const glyph = font.glyphForCodePoint(ch.codePointAt(0) as number)
        glyphs.push(glyph)
        positions.push({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })
      }
      return {
        glyphs,
        positions,
        get advanceWidth() {
          return positions.reduce((sum, p) => sum + p.xAdvance, 0)
        },
      }
    }
    Object.defineProperty(wrapped, 'layout', { value: layout })
    Object.defineProperty(wrapped, 'createSubset', { value: () => leanSubset(font.createSubset()) })
    plain.set(font, wrapped)
  }
  return wrapped
}

/** A CFF subroutine that only returns: what an unused subroutine is replaced by. */
const RETURN = new Uint8Array([11])

interface CffSubset {
  cff?: { stream: { pos: number; readBuffer(n: number): Uint8Array } }
  subsetSubrs?: (subrs: { offset: number; length: number }[], used: Record<number, boolean>) => Uint8Array[]
}

/**
 * fontkit's CFF subset keeps every subroutine slot (Noto CJK's largest font dicts hold ~25,000 local
 * subroutines) and fills each unused one with a new one-byte array: ~50,000 allocations per document.
 * Here they share one. The output is byte for byte the same.
 */
function leanSubset<S>(subset: S): S {
  const s = subset as CffSubset
  if (!s.cff || typeof s.subsetSubrs !== 'function') return subset
  const { stream } = s.cff
  s.subsetSubrs = (subrs, used) => {
    const out: Uint8Array[] = new Array(subrs.length)
    for (let i = 0; i < subrs.length; i++) {
      const subr = subrs[i] as { offset: number; length: number }
      if (used[i]) {
        stream.pos = subr.offset
        out[i] = stream.readBuffer(subr.length)
      } else out[i] = RETURN
    }
    return out
  }
  return subset
}

/** Writes text after checking every character against the font (refusing rather than printing a blank). */
class Pen {
  constructor(
    readonly doc: Doc,
    readonly font: fontkit.Font,
  ) {}

  text(
    field: string,
    s: string,
    x: number,
    y: number,
    options: PDFKit.Mixins.TextOptions & { size?: number; color?: string; bold?: boolean } = {},
  ) {
    assertPrintable(this.font, field, s)
    const { size = 10.5, color = INK, bold = false, ...rest } = options
    const doc = this.doc.fontSize(size).fillColor(color)
    // The font has one weight: bold is drawn as fill and a thin stroke of the same colour.
    if (bold) doc.strokeColor(color).lineWidth(size / 30)
    doc.text(s, x, y, { lineBreak: rest.width !== undefined, ...rest, fill: true, stroke: bold })
    return this
  }

  height(s: string, width: number, size: number, lineGap = 1) {
    return this.doc.fontSize(size).heightOfString(s, { width, lineGap })
  }
}

function frame(doc: Doc) {
  doc
    .save()
    .strokeColor(RED)
    .lineWidth(2)
    .rect(22, 22, PAGE.width - 44, PAGE.height - 44)
    .stroke()
  doc
    .lineWidth(0.6)
    .rect(27, 27, PAGE.width - 54, PAGE.height - 54)
    .stroke()
    .restore()
}

function heading(pen: Pen, title: string, serial: string): number {
  pen.text('serial', `证书编号：${serial}`, LEFT, 42, { size: 9, color: GREY, width: WIDTH, align: 'right' })
  pen.text('title', title, LEFT, 70, {
    size: 26,
    color: RED,
    bold: true,
    width: WIDTH,
    align: 'center',
    characterSpacing: 6,
  })
  const y = 112
  pen.doc.save().strokeColor(RED).lineWidth(1.2).moveTo(LEFT, y).lineTo(RIGHT, y).stroke()
  pen.doc
    .lineWidth(0.4)
    .moveTo(LEFT, y + 3)
    .lineTo(RIGHT, y + 3)
    .stroke()
    .restore()
  return y + 3
}

const periodText = ({ period }: SignedCertificate['content']) =>
  period.window === null
    ? `${period.year}年度`
    : `${period.fromYear}—${period.toYear}年（${period.window}年周期）`

const hours = (n: number) => String(Math.round(n * 100) / 100)

/** The Chinese name of a stored code (engineering → 工程技术); a value already in words prints as it is. */
const labelOf = (labels: Readonly<Record<string, string>>, code: string): string =>
  (Object.hasOwn(labels, code) ? labels[code] : code) || '—'

/** 姓名、身份证号、单位、系列、政策与文号、年度: a grid of label and value cells. */
function personTable(pen: Pen, cert: SignedCertificate, top: number): number {
  const c = cert.content
  const label = 68
  const value = (WIDTH - 2 * label) / 2
  const rows: [string, string, string, string][] = [
    ['姓名', c.person.name, '身份证号', c.person.idMasked],
    ['工作单位', c.employer?.name || '—', '', ''],
    ['职称系列', labelOf(SERIES, c.person.series), '职称级别', labelOf(TITLE_LEVELS, c.person.titleLevel)],
    ['执行政策', c.policy.title, '', ''],
    ['政策文号', c.policy.documentNumber, c.period.window === null ? '登记年度' : '登记周期', periodText(c)],
  ]
  const fields = [
    ['person.name', 'person.idMasked'],
    ['employer.name', ''],
    ['person.series', 'person.titleLevel'],
    ['policy.title', ''],
    ['policy.documentNumber', 'period'],
  ]
  let y = top
  const size = 10.5
  rows.forEach(([l1, v1, l2, v2], i) => {
    const wide = l2 === ''
    const w1 = wide ? WIDTH - label : value
    const h = Math.max(
      22,
      pen.height(v1, w1 - 10, size) + 10,
      wide ? 0 : pen.height(v2, value - 10, size) + 10,
    )
    const [f1, f2] = fields[i] as [string, string]
    cell(pen, LEFT, y, label, h, { fill: LABEL_FILL })
    pen.text('label', l1, LEFT, y + (h - 13) / 2, { size, width: label, align: 'center' })
    cell(pen, LEFT + label, y, w1, h)
    pen.text(f1, v1, LEFT + label + 5, y + 5.5, { size: i === 0 ? 12 : size, width: w1 - 10, lineGap: 1 })
    if (!wide) {
      const x = LEFT + label + value
      cell(pen, x, y, label, h, { fill: LABEL_FILL })
      pen.text('label', l2, x, y + (h - 13) / 2, { size, width: label, align: 'center' })
      cell(pen, x + label, y, value, h)
      pen.text(f2, v2, x + label + 5, y + 5.5, { size: i === 0 ? 12 : size, width: value - 10, lineGap: 1 })
    }
    y += h
  })
  return y
}

function cell(pen: Pen, x: number, y: number, w: number, h: number, o: { fill?: string } = {}) {
  const doc = pen.doc.save().lineWidth(0.6).strokeColor('#444444')
  if (o.fill) doc.rect(x, y, w, h).fillAndStroke(o.fill, '#444444')
  else doc.rect(x, y, w, h).stroke()
  doc.restore()
}

const TABLE_SIZE = 9

interface Cell {
  text: string
  /** The certificate field the text comes from, named when a character cannot be printed. */
  field: string
  span?: number
  align?: 'left' | 'center' | 'right'
  bold?: boolean
}

/** 学时登记明细: one row per activity, flowing onto further pages with the header repeated. */
function activitiesTable(pen: Pen, cert: SignedCertificate, title: string, top: number): number {
  const c = cert.content
  pen.text('label', '学时登记明细', LEFT, top, { size: 12, bold: true })
  let y = tableHeader(pen, top + 20)
  /** One table row; a cell may span several columns (`span`), the widths following COLUMNS. */
  const row = (cells: Cell[], fill?: string) => {
    let col = 0
    const placed = cells.map((cl) => {
      const span = cl.span ?? 1
      const w = WIDTHS.slice(col, col + span).reduce((a, b) => a + b, 0)
      const align = cl.align ?? COLUMNS[col]?.align ?? 'left'
      col += span
      return { ...cl, w, align }
    })
    const h = Math.max(19, ...placed.map((p) => pen.height(p.text, p.w - 8, TABLE_SIZE) + 6))
    if (y + h > BOTTOM) {
      continuation(pen, title, c.serial)
      y = tableHeader(pen, 64)
    }
    let x = LEFT
    for (const p of placed) {
      cell(pen, x, y, p.w, h, fill ? { fill } : {})
      const th = pen.height(p.text, p.w - 8, TABLE_SIZE)
      pen.text(p.field, p.text, x + 4, y + (h - th) / 2 + 0.5, {
        size: TABLE_SIZE,
        width: p.w - 8,
        align: p.align,
        lineGap: 1,
        bold: p.bold ?? false,
      })
      x += p.w
    }
    y += h
  }
  if (c.activities.length === 0)
    row([{ text: '（本期无登记的学时）', field: 'label', span: COLUMNS.length, align: 'center' }])
  c.activities.forEach((a, i) => {
    const f = `activities.${i}`
    row([
      { text: String(i + 1), field: 'no' },
      { text: a.date, field: `${f}.date` },
      { text: a.way, field: `${f}.way` },
      { text: a.subject || '—', field: `${f}.subject` },
      { text: hours(a.public), field: `${f}.public` },
      { text: hours(a.professional), field: `${f}.professional` },
      { text: a.basis, field: `${f}.basis` },
    ])
  })
  const figures = (label: string, field: 'totals' | 'required') => {
    const f = c[field]
    row(
      [
        { text: label, field: 'label', span: 4, align: 'center', bold: true },
        { text: hours(f.public), field: `${field}.public` },
        { text: hours(f.professional), field: `${field}.professional` },
        { text: `共 ${hours(f.total)} 学时`, field: `${field}.total`, align: 'center' },
      ],
      LABEL_FILL,
    )
  }
  figures('合计', 'totals')
  figures('规定学时', 'required')
  row(
    [
      { text: '结论', field: 'label', span: 4, align: 'center', bold: true },
      { text: c.verdict, field: 'verdict', span: 3, align: 'center', bold: true },
    ],
    LABEL_FILL,
  )
  return y
}

/** A further page: the frame, and the title (续) with the serial at its head. */
function continuation(pen: Pen, title: string, serial: string) {
  pen.doc.addPage({ size: 'A4', margin: 0 })
  frame(pen.doc)
  pen.text('label', `${title}（续）`, LEFT, 42, { size: 10, color: GREY })
  pen.text('serial', `证书编号：${serial}`, LEFT, 42, { size: 9, color: GREY, width: WIDTH, align: 'right' })
}

function tableHeader(pen: Pen, y: number): number {
  let x = LEFT
  COLUMNS.forEach((col, i) => {
    const w = WIDTHS[i] as number
    cell(pen, x, y, w, 20, { fill: '#ece3d0' })
    pen.text('label', col.title, x, y + 5.5, { size: TABLE_SIZE, width: w, align: 'center', bold: true })
    x += w
  })
  return y + 20
}

const DIGITS = '〇一二三四五六七八九'
const chineseNumber = (n: number) =>
  n <= 10
    ? n === 10
      ? '十'
      : (DIGITS[n] as string)
    : `${n >= 20 ? DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? DIGITS[n % 10] : ''}`

/** 二〇二六年十二月二日: the issue date in Beijing time, as official documents write it. */
export function chineseDate(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000)
  const year = [...String(d.getUTCFullYear())].map((ch) => DIGITS[Number(ch)]).join('')
  return `${year}年${chineseNumber(d.getUTCMonth() + 1)}月${chineseNumber(d.getUTCDate())}日`
}

const QR_SIZE = 92
const CLOSING_HEIGHT = 190

/** The statement, the issuer, the QR code and the URL, kept together on one page. */
function closing(pen: Pen, cert: SignedCertificate, title: string, issuedAt: Date, top: number) {
  const c = cert.content
  let y = top + 14
  if (y + CLOSING_HEIGHT > BOTTOM + 30) {
    continuation(pen, title, c.serial)
    y = 76
  }
  const statement = `兹证明 ${c.person.name} 同志于${periodText(c)}参加专业技术人员继续教育，经登记认定，取得学时共 ${hours(c.totals.total)} 学时（公需科目 ${hours(c.totals.public)} 学时，专业科目 ${hours(c.totals.professional)} 学时），${c.verdict}。特此证明。`
  pen.text('statement', statement, LEFT, y, { size: 11, width: WIDTH, lineGap: 5, indent: 22 })
  y += pen.height(statement, WIDTH, 11, 5) + 18

  // QR code at bottom right, the URL under it.
  const qr = certificateQr(cert)
  const qx = RIGHT - QR_SIZE
  drawQr(pen.doc, qr, qx, y, QR_SIZE)
  pen.text('verifyUrl', '扫码核验', qx, y + QR_SIZE + 3, {
    size: 8,
    color: GREY,
    width: QR_SIZE,
    align: 'center',
  })
  pen.text('verifyUrl', cert.verifyUrl, qx - 60, y + QR_SIZE + 14, {
    size: 6.5,
    color: GREY,
    width: QR_SIZE + 60,
    align: 'right',
  })

  // The issuer, dated, right-aligned beside the QR code. No seal is drawn: a seal is the department's own
  // registered electronic seal, not a picture software makes up; the signatures and the QR stand for it.
  const ix = qx - 250
  const iy = y + 26
  const issuer = `发证机关：${c.issuer.name}`
  pen.text('issuer.name', issuer, ix, iy, { size: 11, width: 230, align: 'right' })
  pen.text('issuedAt', `发证日期：${chineseDate(issuedAt)}`, ix, iy + 6 + pen.height(issuer, 230, 11), {
    size: 11,
    width: 230,
    align: 'right',
  })

  const note = `本证书为电子证书，数据经数字签名（${cert.signatures.map((s) => s.alg).join('、') || '未签名'}）。请扫描二维码或访问下方网址核验，证书内容以核验结果为准。`
  pen.text('note', note, LEFT, y + QR_SIZE - 6, { size: 8, color: GREY, width: qx - LEFT - 20, lineGap: 2 })
}

/** Each dark module a square, adjacent squares of a row merged; one fill for the whole code. */
function drawQr(doc: Doc, qr: ReturnType<typeof certificateQr>, x: number, y: number, size: number) {
  const quiet = 2
  const m = size / (qr.size + 2 * quiet)
  doc.save().rect(x, y, size, size).fill('#ffffff')
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (!qr.dark(col, row)) continue
      let end = col
      while (end + 1 < qr.size && qr.dark(end + 1, row)) end++
      doc.rect(x + (quiet + col) * m, y + (quiet + row) * m, (end - col + 1) * m + 0.01, m + 0.01)
      col = end
    }
  }
  doc.fill('#000000').restore()
}

/** 第 i 页 共 n 页 and the serial, on every page. */
function footers(pen: Pen, serial: string) {
  const { start, count } = pen.doc.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    pen.doc.switchToPage(i)
    const s = `证书编号 ${serial}　第 ${i - start + 1} 页 共 ${count} 页`
    pen.text('serial', s, LEFT, PAGE.height - 50, { size: 8, color: GREY, width: WIDTH, align: 'center' })
  }
}
