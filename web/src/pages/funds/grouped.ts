/** An exact amount as the API gives it ("12000000.00") with thousands separators ("12,000,000.00"), no rounding. */
export const grouped = (amount: string): string => {
  const [whole = '', cents] = amount.split('.')
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return cents === undefined ? digits : `${digits}.${cents}`
}
