import { describe, expect, it } from 'vitest'
import { parseLocalTime, parseSettingsForm, type RawForm } from './preference-form.js'

const TOPIC = '7a1b2c3d-aaaa-4bbb-8ccc-dddddddddddd'
const DISTRICT = '9a1b2c3d-aaaa-4bbb-8ccc-dddddddddddd'
const offer = { topicIds: [TOPIC], channels: ['inbox', 'email'] as ('inbox' | 'email')[], districtIds: [DISTRICT] }
const base: RawForm = { language: 'vi', wantsDigest: 'no', garbageReminder: 'evening-before', householdHasChildren: 'unanswered' }

describe('the settings form', () => {
  it('reads a complete form', () => {
    const parsed = parseSettingsForm({ ...base, districtId: DISTRICT, quietStart: '22:00', quietEnd: '０７：００', allowsAnswerTargeting: 'yes', [`topic-${TOPIC}`]: ['inbox', 'email', 'sms'], 'order-email': '1', 'order-line': '2', 'order-sms': '3', 'order-push': '4' }, offer)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.input).toMatchObject({ language: 'vi', districtId: DISTRICT, quietStart: '22:00', quietEnd: '07:00', allowsAnswerTargeting: true, garbageReminder: 'evening-before', householdHasChildren: null, channelOrder: ['email', 'line', 'sms', 'push'] })
    // sms was not offered (not verified): it is not taken from the form
    expect(parsed.input.subscriptions.get(TOPIC)).toEqual(['inbox', 'email'])
  })

  it('reads an unticked topic as no channels', () => {
    const parsed = parseSettingsForm(base, offer)
    expect(parsed.ok && parsed.input.subscriptions.get(TOPIC)).toEqual([])
  })

  it('needs both quiet-hour times, each a real time, and not the same', () => {
    expect(parseSettingsForm({ ...base, quietStart: '22:00' }, offer)).toMatchObject({ ok: false, problems: { quietEnd: { key: 'notifications.residents.errors.quietBoth' } } })
    expect(parseSettingsForm({ ...base, quietStart: '25:00', quietEnd: '07:00' }, offer)).toMatchObject({ ok: false, problems: { quietStart: { key: 'notifications.residents.errors.timeInvalid' } } })
    expect(parseSettingsForm({ ...base, quietStart: '07:00', quietEnd: '07:00' }, offer)).toMatchObject({ ok: false, problems: { quietEnd: { key: 'notifications.residents.errors.quietSame' } } })
  })

  it('refuses an unknown language, district, reminder and duplicate failover positions', () => {
    const parsed = parseSettingsForm({ ...base, language: 'fr', districtId: 'x', garbageReminder: 'weekly', 'order-email': '1', 'order-line': '1' }, offer)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(Object.keys(parsed.problems).sort()).toEqual(['districtId', 'garbageReminder', 'language', 'order-line'])
  })

  it('reads a home location, and the clear box over it', () => {
    const located = parseSettingsForm({ ...base, homeLat: '35.681236', homeLng: '139.767125' }, offer)
    expect(located.ok && located.input.home).toEqual({ lat: 35.681236, lng: 139.767125 })
    const cleared = parseSettingsForm({ ...base, homeLat: '35.68', homeLng: '139.76', clearLocation: 'yes' }, offer)
    expect(cleared.ok && cleared.input.home).toBeNull()
    expect(parseSettingsForm({ ...base, homeLat: '95', homeLng: '139' }, offer)).toMatchObject({ ok: false, problems: { homeLat: {} } })
    expect(parseSettingsForm({ ...base, homeLat: '35.6' }, offer)).toMatchObject({ ok: false, problems: { homeLng: {} } })
    const untouched = parseSettingsForm(base, offer)
    expect(untouched.ok && untouched.input.home).toBeUndefined()
  })
})

describe('parseLocalTime', () => {
  it('reads HH:MM in half- or full-width and refuses anything else', () => {
    expect(parseLocalTime('7:05')).toBe('07:05')
    expect(parseLocalTime('２３：５９')).toBe('23:59')
    expect(parseLocalTime('23:60')).toBeUndefined()
    expect(parseLocalTime('noon')).toBeUndefined()
  })
})
