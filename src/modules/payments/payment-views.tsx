import type { Translate } from '../../platform/i18n/i18n.js'
import { Tag, type TagTone } from '../../platform/views/components/index.js'
import type { PaymentStatus } from './payment-tables.js'

/** Small view helpers shared by the resident and staff pages. */

const integer = new Intl.NumberFormat('ja-JP')

/** '1,200円' / '¥1,200' */
export function formatYen(t: Translate, amountYen: number): string {
  return t('payments.amount', { amount: integer.format(amountYen) })
}

const STATUS_TONE: Record<PaymentStatus, TagTone> = {
  created: 'grey',
  pending: 'yellow',
  captured: 'green',
  failed: 'red',
  cancelled: 'grey',
  refunded: 'blue',
  expired: 'grey',
}

/** The status as a tag: its words carry the meaning, the colour only repeats it. */
export function StatusTag({ t, status }: { t: Translate; status: PaymentStatus }) {
  return <Tag tone={STATUS_TONE[status]}>{t(`payments.status.${status}`)}</Tag>
}
