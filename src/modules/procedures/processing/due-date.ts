/**
 * 処理期限: an application is due `processingDays` open business days (no weekends, 祝日 or
 * 年末年始) after the Tokyo calendar day it was submitted, at 17:00 Japan time (閉庁時刻) that day —
 * the same rule the submission uses.
 */
import { addBusinessDays } from '../../../jp/holidays.js'
import { toIsoDate } from '../../../jp/calendar-date.js'
import type { ApplicationStatus } from '../procedure-tables.js'

/** The due time for an application submitted at `submittedAt` (17:00 JST on the due day). */
export function dueAtFor(submittedAt: Date, processingDays: number): Date {
  const day = addBusinessDays(toIsoDate(submittedAt), processingDays)
  return new Date(`${day}T17:00:00+09:00`)
}

/**
 * Statuses in which the municipality is the one keeping the resident waiting. While a
 * correction is requested (差戻し中) the application waits for the resident, so it is never overdue.
 */
export const OVERDUE_STATUSES: readonly ApplicationStatus[] = ['submitted', 'in_review', 'pending_approval']

export function isOverdue(application: { status: ApplicationStatus; dueAt: Date | null }, now: Date): boolean {
  return application.dueAt !== null && OVERDUE_STATUSES.includes(application.status) && application.dueAt.getTime() < now.getTime()
}

/** 'YYYY-MM-DD' (Tokyo) to the instant the day starts. */
export function startOfTokyoDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00+09:00`)
}
