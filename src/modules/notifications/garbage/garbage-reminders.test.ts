import { describe, expect, it } from 'vitest'
import { buildReminderContent, listDueReminderSlots } from './garbage-reminders.js'

const at = (iso: string) => new Date(iso)

describe('listDueReminderSlots', () => {
  it('has nothing due in the middle of the afternoon', () => {
    expect(listDueReminderSlots(at('2027-01-10T15:00:00+09:00'))).toEqual([])
  })

  it('makes the evening-before reminder due from 19:00 the day before, for an hour', () => {
    expect(listDueReminderSlots(at('2027-01-10T18:59:59+09:00'))).toEqual([])
    expect(listDueReminderSlots(at('2027-01-10T19:00:00+09:00'))).toEqual([{ date: '2027-01-11', slot: 'evening-before', sendAt: at('2027-01-10T19:00:00+09:00') }])
    expect(listDueReminderSlots(at('2027-01-10T19:59:00+09:00')).map(due => due.date)).toEqual(['2027-01-11'])
    // an hour late is too late: the collection is past or nearly so by the time it arrives
    expect(listDueReminderSlots(at('2027-01-10T20:00:00+09:00'))).toEqual([])
  })

  it('makes the same-morning reminder due from 06:30 on the day', () => {
    expect(listDueReminderSlots(at('2027-01-11T06:29:00+09:00'))).toEqual([])
    expect(listDueReminderSlots(at('2027-01-11T06:30:00+09:00'))).toEqual([{ date: '2027-01-11', slot: 'same-morning', sendAt: at('2027-01-11T06:30:00+09:00') }])
    expect(listDueReminderSlots(at('2027-01-11T07:31:00+09:00'))).toEqual([])
  })

  it('works across a month and year end', () => {
    expect(listDueReminderSlots(at('2026-12-31T19:10:00+09:00'))).toEqual([{ date: '2027-01-01', slot: 'evening-before', sendAt: at('2026-12-31T19:00:00+09:00') }])
  })
})

describe('buildReminderContent', () => {
  const categories = new Map([
    ['燃えるごみ', { name: '燃えるごみ', names: { 'ja-easy': 'もえるごみ', en: 'Burnable waste' }, descriptions: {}, colour: null, linkUrl: null }],
    ['ペットボトル', { name: 'ペットボトル', names: { en: 'PET bottles' }, descriptions: {}, colour: null, linkUrl: null }],
  ])

  it('says 「明日は 燃えるごみ の日です」 the evening before, in three languages', () => {
    const content = buildReminderContent({ slot: 'evening-before', date: '2027-01-11', collections: [{ date: '2027-01-11', type: '燃えるごみ' }], categories, districtNames: { ja: '中央一丁目', en: 'Chuo 1' } })
    expect(content.ja?.subject).toBe('明日は 燃えるごみ の日です')
    expect(content['ja-easy']?.subject).toBe('あしたは もえるごみ を 出す 日 です')
    expect(content.en?.subject).toBe('Tomorrow is collection day: Burnable waste')
    expect(content.ja?.body).toContain('1月11日(月)(中央一丁目)は 燃えるごみ の収集日です。')
    expect(content.en?.body).toContain('Mon 11 Jan (Chuo 1)')
  })

  it('lists every type of the day and their notes in the morning reminder', () => {
    const content = buildReminderContent({
      slot: 'same-morning',
      date: '2027-01-15',
      collections: [{ date: '2027-01-15', type: '燃えるごみ', note: '朝8時30分まで' }, { date: '2027-01-15', type: 'ペットボトル' }],
      categories,
      districtNames: { ja: '中央一丁目' },
    })
    expect(content.ja?.subject).toBe('今日は 燃えるごみ・ペットボトル の日です')
    expect(content.en?.subject).toBe('Today is collection day: Burnable waste, PET bottles')
    expect(content.ja?.body).toContain('燃えるごみ: 朝8時30分まで')
    expect(content['ja-easy']?.subject).toBe('きょうは もえるごみ・ペットボトル を 出す 日 です')
  })
})
