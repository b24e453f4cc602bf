import { tokyoDate } from './payment-rules.js'
import type { Payment } from './payment-tables.js'
import { encodeShiftJis } from '../../jp/shift-jis.js'

/**
 * The reconciliation file (消込データ) for the 財務会計 system: one line per money movement in the
 * period — a capture (収納) with a positive amount, a refund (還付) with a negative one — so the
 * file's total is the net amount received. Headers are Japanese whatever the page language:
 * the importing system expects them.
 */
export const RECONCILIATION_HEADER = ['収納日', '決済ID', '受付番号', '件名', '金額(円)', '状態', '決済方法', '決済事業者', '事業者取引ID'] as const

export interface ReconciliationLabels {
  status(payment: Payment): string
  method(payment: Payment): string
  provider(payment: Payment): string
}

/** Lines for the payments captured or refunded within [from, before), ordered by date. */
export function reconciliationLines(payments: readonly Payment[], from: Date, before: Date, labels: ReconciliationLabels): (string | number)[][] {
  const within = (at: Date | null): at is Date => at !== null && at >= from && at < before
  const lines: { at: Date; cells: (string | number)[] }[] = []
  for (const payment of payments) {
    const common = (at: Date, amount: number) => [
      tokyoDate(at),
      payment.id,
      payment.subjectReference,
      payment.description,
      amount,
      labels.status(payment),
      labels.method(payment),
      labels.provider(payment),
      payment.providerPaymentId ?? '',
    ]
    if (within(payment.capturedAt)) lines.push({ at: payment.capturedAt, cells: common(payment.capturedAt, payment.amountYen) })
    if (within(payment.refundedAt)) lines.push({ at: payment.refundedAt, cells: common(payment.refundedAt, -payment.amountYen) })
  }
  return lines.sort((a, b) => a.at.getTime() - b.at.getTime()).map(line => line.cells)
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading
 * apostrophe; numbers stay numbers.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** RFC 4180 CSV with CRLF line ends (what Windows software expects). */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map(row => row.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** UTF-8 with a byte-order mark (Excel then reads it as UTF-8), or Shift_JIS. */
export function encodeCsv(text: string, encoding: 'utf8' | 'sjis'): { bytes: Buffer; replaced: number } {
  if (encoding === 'sjis') return encodeShiftJis(text)
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), replaced: 0 }
}
