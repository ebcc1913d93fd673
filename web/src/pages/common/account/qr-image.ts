import QRCode from 'qrcode'

/** The otpauth URI as a QR code: an SVG data URL (the CSP allows data: images; crisp at any zoom). */
export const qrImage = async (uri: string): Promise<string> =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(
    await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
  )}`
