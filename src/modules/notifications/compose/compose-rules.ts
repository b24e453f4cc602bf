/**
 * Rules of staff compose, kept pure so that they are unit-tested directly: when a send needs a
 * supervisor's approval, who may decide it, and when a scheduled time is acceptable.
 *
 * Approval (決裁). A notice needs approval when it would reach more residents than the tenant's
 * threshold (notification_settings.approval_threshold), or when it is marked critical (緊急) and
 * the sender does not hold `notifications.approve`. Anyone who may send may mark a notice
 * critical — in an emergency the person at the keyboard must not be stopped by the form — but a
 * critical notice from someone without approval authority waits for a supervisor, because
 * critical notices override residents' topic choices and quiet hours. A large send needs another
 * person's approval even when its sender is a supervisor (four-eyes): the composer never decides
 * their own notice.
 */
import type { NoticePriority, NoticeStatus } from '../notification-tables.js'

export type ApprovalReason = 'over-threshold' | 'critical'

/** Why a send must wait for approval; empty when it may go straight out. */
export function approvalReasons(input: { recipients: number; threshold: number; priority: NoticePriority; senderMayApprove: boolean }): ApprovalReason[] {
  const reasons: ApprovalReason[] = []
  if (input.recipients > input.threshold) reasons.push('over-threshold')
  if (input.priority === 'critical' && !input.senderMayApprove) reasons.push('critical')
  return reasons
}

export type ApprovalRefusal = 'not-pending' | 'own-notice' | 'no-authority'

/** Why this staff member may not approve or reject this notice, or undefined when they may. */
export function approvalRefusal(input: { deciderId: string; composerId: string | null; status: NoticeStatus; deciderMayApprove: boolean }): ApprovalRefusal | undefined {
  if (input.status !== 'pending_approval') return 'not-pending'
  if (!input.deciderMayApprove) return 'no-authority'
  if (input.composerId !== null && input.composerId === input.deciderId) return 'own-notice'
  return undefined
}

export type SendOutcome = 'pending_approval' | 'scheduled' | 'send-now'

/** What happens when a notice is sent (or approved): wait for approval, wait for its time, or go now. */
export function sendOutcome(input: { needsApproval: boolean; scheduledAt: Date | null; now: Date }): SendOutcome {
  if (input.needsApproval) return 'pending_approval'
  if (input.scheduledAt && input.scheduledAt.getTime() > input.now.getTime()) return 'scheduled'
  return 'send-now'
}

export type ScheduleProblem = 'invalid' | 'past' | 'too-far'

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/
const JST_OFFSET_MS = 9 * 3_600_000

/**
 * A `datetime-local` value ('YYYY-MM-DDTHH:MM') read as Japan time (UTC+9, no daylight saving).
 * Undefined when it is not a real calendar date and time (2月30日, 24:00).
 */
export function parseJapanDateTime(value: string): Date | undefined {
  const match = LOCAL_DATE_TIME.exec(value.trim())
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match.slice(1).map(part => (part === undefined ? 0 : Number(part)))
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined
  const utc = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(utc)
  // Date.UTC rolls 2月30日 over into March: a date that does not round-trip does not exist.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined
  return new Date(utc - JST_OFFSET_MS)
}

/** The `datetime-local` value (Japan time, to the minute) of an instant, to put back into the form. */
export function formatJapanDateTimeInput(value: Date): string {
  return new Date(value.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16)
}

/** The latest time a notice may be scheduled for: one year after now. */
export function latestScheduleTime(now: Date): Date {
  const latest = new Date(now)
  latest.setUTCFullYear(latest.getUTCFullYear() + 1)
  return latest
}

/** A scheduled time must be a real Japan-time date and time, after now and at most a year ahead. */
export function scheduleProblem(value: string, now: Date): ScheduleProblem | undefined {
  const at = parseJapanDateTime(value)
  if (!at) return 'invalid'
  return scheduledTimeProblem(at, now)
}

/** The same check on an instant already parsed (a draft's stored time, checked again when it is sent). */
export function scheduledTimeProblem(at: Date, now: Date): Exclude<ScheduleProblem, 'invalid'> | undefined {
  if (at.getTime() <= now.getTime()) return 'past'
  if (at.getTime() > latestScheduleTime(now).getTime()) return 'too-far'
  return undefined
}

/**
 * A notice's link: a path on this site ('/demo/…', never '//host', which browsers read as
 * another site) or an https URL. Anything else (javascript:, http:, data:) is refused, because
 * the link is put in front of every resident.
 */
export function isAcceptableLinkUrl(value: string): boolean {
  if (value.length > 2000 || !/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) return false
  if (value.startsWith('/')) return !value.startsWith('//')
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}
