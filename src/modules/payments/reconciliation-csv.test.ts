import { describe, expect, it } from 'vitest'
import { encodeCsv, RECONCILIATION_HEADER, reconciliationLines, toCsv } from './reconciliation-csv.js'
import { encodeShiftJis } from '../../jp/shift-jis.js'
import type { Payment } from './payment-tables.js'

function payment(overrides: Partial<Payment>): Payment {
  return {
    tenantId: 't',
    id: 'p1',
    purpose: 'procedure-application',
    subjectId: 's',
    subjectReference: 'A-0001',
    residentId: null,
    amountYen: 300,
    description: '住民票の写し',
    status: 'captured',
    method: 'online',
    provider: 'fake',
    providerPaymentId: 'chk_1',
    redirectUrl: null,
    payEasy: null,
    idempotencyKey: 'key-000001',
    returnUrl: '/t',
    expiresAt: null,
    capturedAt: null,
    failedAt: null,
    cancelledAt: null,
    refundedAt: null,
    expiredAt: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  }
}

const labels = { status: (p: Payment) => p.status, method: (p: Payment) => p.method, provider: (p: Payment) => p.provider }

describe('reconciliation CSV', () => {
  const from = new Date('2025-03-31T15:00:00Z') // 2025-04-01 in Japan
  const before = new Date('2025-04-01T15:00:00Z')

  it('writes a capture as a positive line and a refund in the period as a negative one, dated in Japan time', () => {
    const lines = reconciliationLines(
      [
        payment({ id: 'p1', capturedAt: new Date('2025-03-31T15:30:00Z'), refundedAt: new Date('2025-04-01T02:00:00Z'), status: 'refunded' }),
        payment({ id: 'p2', capturedAt: new Date('2025-03-31T14:59:00Z') }),
      ],
      from,
      before,
      labels,
    )
    expect(lines).toEqual([
      ['2025-04-01', 'p1', 'A-0001', '住民票の写し', 300, 'refunded', 'online', 'fake', 'chk_1'],
      ['2025-04-01', 'p1', 'A-0001', '住民票の写し', -300, 'refunded', 'online', 'fake', 'chk_1'],
    ])
  })

  it('quotes commas, quotes and newlines, defuses spreadsheet formulas, and ends lines with CRLF', () => {
    const csv = toCsv([[...RECONCILIATION_HEADER], ['a,b', 'say "hi"', 'two\nlines', '=1+2', '-x', '@SUM', -300, 42]])
    expect(csv).toBe('収納日,決済ID,受付番号,件名,金額(円),状態,決済方法,決済事業者,事業者取引ID\r\n"a,b","say ""hi""","two\nlines",\'=1+2,\'-x,\'@SUM,-300,42\r\n')
  })

  it('writes UTF-8 with a byte-order mark by default', () => {
    const { bytes } = encodeCsv('収納日\r\n', 'utf8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3).toString('utf8')).toBe('収納日\r\n')
  })
})

describe('Shift_JIS encoder', () => {
  it('encodes ASCII, kana, kanji, NEC and IBM extension characters as Windows-31J does', () => {
    const { bytes, replaced } = encodeShiftJis('A,1 あア亜①髙㈱')
    expect([...bytes].map(b => b.toString(16).padStart(2, '0')).join(' ')).toBe('41 2c 31 20 82 a0 83 41 88 9f 87 40 fb fc 87 8a')
    expect(replaced).toBe(0)
  })

  it('round-trips through the Shift_JIS decoder', () => {
    const text = '収納日,決済ID,受付番号,件名,金額(円)\r\n2025-04-01,p1,A-0001,住民票の写し(広域交付),-300\r\nｶﾀｶﾅ ～ − ¥'
    const decoded = new TextDecoder('shift_jis').decode(encodeShiftJis(text).bytes)
    expect(decoded).toBe(text.replace('−', '－').replace('¥', '\\'))
  })

  it('replaces characters Shift_JIS cannot hold with 〓 and counts them', () => {
    const { bytes, replaced } = encodeShiftJis('𠮷野家😀')
    expect(new TextDecoder('shift_jis').decode(bytes)).toBe('〓野家〓')
    expect(replaced).toBe(2)
  })
})
