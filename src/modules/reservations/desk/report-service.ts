/**
 * The utilisation report (利用状況): occupancy by facility and time band, cancellations and
 * no-shows for a period of slot dates; on the page and as CSV. Figures only — no personal data —
 * so reading it is not audited; exporting the file is.
 */
import { recordAudit } from '../../../platform/audit/audit-log.js'
import { withTenant } from '../../../platform/db/tenant-context.js'
import type { Locale, Translate } from '../../../platform/i18n/i18n.js'
import { addCalendarDays } from '../../../jp/calendar-date.js'
import type { ReservationDeps } from '../reservation-deps.js'
import { requirePermission, staffActor, type StaffRequest } from '../reservation-request.js'
import { tokyoInstant } from '../reservation-time.js'
import * as repository from './desk-repository.js'
import { encodeReportCsv, reportCsvRows, toCsv, type ReportEncoding } from './report-csv.js'
import { buildUtilisationReport, type UtilisationReport } from './report-figures.js'

export async function loadReport(deps: ReservationDeps, request: StaffRequest, period: { from: string; to: string }): Promise<UtilisationReport> {
  requirePermission(request, 'reservations.operate')
  const tenantId = request.tenant.id
  const from = tokyoInstant(period.from, '00:00')
  const until = tokyoInstant(addCalendarDays(period.to, 1), '00:00')
  return withTenant(deps.platform.database.db, tenantId, async trx => {
    const facilities = await repository.listFacilities(trx, tenantId)
    const slots = await repository.aggregateSlots(trx, tenantId, from, until)
    const bookings = await repository.aggregateBookings(trx, tenantId, from, until)
    return buildUtilisationReport({ from: period.from, to: period.to, facilities, slots, bookings })
  })
}

export interface ReportFile {
  bytes: Buffer
  contentType: string
  filename: string
  replaced: number
}

export async function exportReport(deps: ReservationDeps, request: StaffRequest, period: { from: string; to: string }, encoding: ReportEncoding, t: Translate, locale: Locale): Promise<ReportFile> {
  const report = await loadReport(deps, request, period)
  const { bytes, replaced, contentType } = encodeReportCsv(toCsv(reportCsvRows(report, t, locale)), encoding)
  await withTenant(deps.platform.database.db, request.tenant.id, trx =>
    recordAudit(trx, request.tenant.id, {
      actor: staffActor(request),
      action: 'reservations.export-report',
      details: { from: period.from, to: period.to, encoding, facilities: report.facilities.length },
      requestId: request.requestId,
    }),
  )
  return { bytes, contentType, replaced, filename: `reservations-report-${period.from}-${period.to}${encoding === 'sjis' ? '-sjis' : ''}.csv` }
}
