/**
 * Demo data of the setup area for デモ市: four facilities, seven resources with fee tables,
 * purposes, exemptions, closures, slot templates (+ a few exceptions), slots for the next 60 days,
 * and three registered groups (two approved, one pending). The codes are listed in README.md; the
 * other areas' demo seeds find resources and facilities by them.
 */
import type { Insertable, Transaction } from 'kysely'
import type { Database } from '../../../platform/db/schema.js'
import { addCalendarDays, toDayOfWeek } from '../../../jp/calendar-date.js'
import { reservationsDb, type LocalizedText, type ReservationResourcesTable } from '../reservation-tables.js'
import { tokyoDate, tokyoInstant } from '../reservation-time.js'
import { newGroupRegistrationNumber } from './group-numbers.js'
import { generateSlots } from './slot-generation.js'

/** Ids the other areas' demo seeds build on. */
export interface SetupDemo {
  /** resource code → id */
  resources: Record<string, string>
  /** facility code → id */
  facilities: Record<string, string>
}

/** Days of slots the demo generates from today. */
export const DEMO_SLOT_DAYS = 60

const names = (ja: string, easy: string, en: string): string => JSON.stringify({ ja, 'ja-easy': easy, en } satisfies LocalizedText)

const FACILITIES = [
  { code: 'civic-centre', names: names('市民センター', 'しみん センター', 'Civic Centre'), address: '東京都デモ市中央一丁目2番3号', phone: '03-0000-1111', openingTime: '09:00', closingTime: '21:00', closedWeekdays: [1], isClosedOnHolidays: false, isClosedYearEnd: true, latitude: 35.6762, longitude: 139.7634, sortOrder: 1, descriptions: names('会議室と和室があります。毎週月曜日は休館日です。', 'かいぎしつ と わしつ が あります。げつようび は おやすみ です。', 'Meeting rooms and a Japanese-style room. Closed on Mondays.') },
  { code: 'gym', names: names('総合体育館', 'そうごう たいいくかん', 'Sports Centre'), address: '東京都デモ市北町五丁目1番1号', phone: '03-0000-2222', openingTime: '09:00', closingTime: '21:00', closedWeekdays: [], isClosedOnHolidays: false, isClosedYearEnd: true, latitude: 35.6841, longitude: 139.7588, sortOrder: 2, descriptions: names('アリーナ(抽選)とテニスコートがあります。', 'アリーナ(ちゅうせん)と テニスコート が あります。', 'Arena (by lottery) and tennis courts.') },
  { code: 'health-centre', names: names('保健センター', 'ほけん センター', 'Health Centre'), address: '東京都デモ市桜町三丁目4番5号', phone: '03-0000-3333', openingTime: '08:30', closingTime: '17:15', closedWeekdays: [0, 6], isClosedOnHolidays: true, isClosedYearEnd: true, latitude: 35.6712, longitude: 139.7701, sortOrder: 3, descriptions: names('予防接種や健診を行います。土日祝日は休みです。', 'ワクチン や けんこう しんだん を します。どようび・にちようび・しゅくじつ は やすみ です。', 'Vaccinations and check-ups. Closed at weekends and on national holidays.') },
  { code: 'city-hall', names: names('デモ市役所', 'デモし やくしょ', 'Demo City Hall'), address: '東京都デモ市中央一丁目1番1号', phone: '03-0000-0000', openingTime: '08:30', closingTime: '17:15', closedWeekdays: [0, 6], isClosedOnHolidays: true, isClosedYearEnd: true, latitude: 35.6765, longitude: 139.763, sortOrder: 4, descriptions: names('窓口の来庁予約ができます。', 'まどぐち に くる じかん を よやく できます。', 'Book a time to visit a counter.') },
] as const

type ResourceSeed = Omit<Insertable<ReservationResourcesTable>, 'tenantId' | 'facilityId'> & {
  facility: (typeof FACILITIES)[number]['code']
  templates: { weekdays: number[]; start: string; end: string; slotMinutes?: number; capacity: number }[]
  fees: { dayKind?: 'all' | 'weekday' | 'weekend_holiday'; start: string; end: string; resident: number; nonResident: number }[]
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]
const WEEKDAYS = [1, 2, 3, 4, 5]
const ROOM_BANDS = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
  { start: '18:00', end: '21:00' },
]
const roomTemplates = ROOM_BANDS.map(band => ({ weekdays: EVERY_DAY, ...band, capacity: 1 }))
const roomFees = (morning: number, afternoon: number, evening: number) =>
  ROOM_BANDS.map((band, index) => {
    const resident = [morning, afternoon, evening][index] ?? 0
    return { ...band, resident, nonResident: resident * 2 }
  })
const roomRules = { kind: 'space', bookingMode: 'first_come', residentWindowDays: 90, nonResidentWindowDays: 30, minLeadHours: 2, holdMinutes: 10, paymentDeadlineHours: 72, cancelDeadlineHours: 24, cancellationFeeHours: 72, cancellationFeePercent: 50, maxActivePerResident: 4, reminderDaysBefore: 1, reminderTime: '18:00', waitlistMode: 'sequential', offerMinutes: 60 } as const

function resourceSeeds(opensAt: Date): ResourceSeed[] {
  return [
    { ...roomRules, facility: 'civic-centre', code: 'meeting-a', category: 'meeting-room', names: names('会議室A', 'かいぎしつ A', 'Meeting room A'), descriptions: names('プロジェクターとホワイトボードがあります。', 'プロジェクター と ホワイトボード が あります。', 'With a projector and a whiteboard.'), capacityPeople: 18, maxPartySize: 18, equipment: ['projector', 'screen', 'whiteboard', 'wifi'], sortOrder: 1, templates: roomTemplates, fees: roomFees(1200, 1600, 1800) },
    { ...roomRules, facility: 'civic-centre', code: 'meeting-b', category: 'meeting-room', names: names('会議室B', 'かいぎしつ B', 'Meeting room B'), capacityPeople: 8, maxPartySize: 8, equipment: ['whiteboard'], sortOrder: 2, templates: roomTemplates, fees: roomFees(800, 1000, 1200) },
    { ...roomRules, facility: 'civic-centre', code: 'washitsu', category: 'japanese-room', names: names('和室', 'わしつ(たたみ の へや)', 'Japanese-style room'), descriptions: names('茶道・華道などに使えます。', 'おちゃ や おはな に つかえます。', 'For tea ceremony, flower arranging and the like.'), capacityPeople: 20, maxPartySize: 20, equipment: ['kitchen'], sortOrder: 3, templates: roomTemplates, fees: roomFees(1000, 1300, 1500) },
    {
      ...roomRules,
      facility: 'gym',
      code: 'arena',
      category: 'gym',
      names: names('アリーナ', 'アリーナ(たいいくかん)', 'Arena'),
      descriptions: names('抽選で利用者を決めます。抽選後の空きは先着順です。', 'ちゅうせん で きめます。あまった じかん は はやい じゅん です。', 'Allocated by lottery; what remains is first come, first served.'),
      bookingMode: 'lottery',
      capacityPeople: 200,
      maxPartySize: 100,
      maxActivePerResident: 2,
      equipment: ['audio', 'microphone', 'lighting', 'accessible-toilet'],
      sortOrder: 1,
      templates: roomTemplates,
      fees: [
        ...ROOM_BANDS.map((band, index) => ({ dayKind: 'weekday' as const, ...band, resident: [4000, 5500, 6000][index] ?? 0, nonResident: [8000, 11000, 12000][index] ?? 0 })),
        ...ROOM_BANDS.map((band, index) => ({ dayKind: 'weekend_holiday' as const, ...band, resident: [5000, 7000, 7000][index] ?? 0, nonResident: [10000, 14000, 14000][index] ?? 0 })),
      ],
    },
    {
      ...roomRules,
      facility: 'gym',
      code: 'tennis',
      category: 'court',
      names: names('テニスコート', 'テニスコート', 'Tennis court'),
      descriptions: names('2時間単位で利用できます。夜間は照明付きです。', '2じかん ずつ つかえます。よる は あかり が つきます。', 'Two-hour slots; floodlit in the evening.'),
      capacityPeople: 4,
      maxPartySize: 4,
      residentWindowDays: 60,
      nonResidentWindowDays: 14,
      cancellationFeeHours: 0,
      cancellationFeePercent: 0,
      equipment: ['lighting'],
      sortOrder: 2,
      templates: [{ weekdays: EVERY_DAY, start: '09:00', end: '21:00', slotMinutes: 120, capacity: 1 }],
      fees: [
        { start: '09:00', end: '17:00', resident: 4800, nonResident: 9600 },
        { start: '17:00', end: '21:00', resident: 3200, nonResident: 6400 },
      ],
    },
    {
      facility: 'health-centre',
      code: 'flu-vaccine',
      kind: 'appointment',
      category: 'vaccination',
      names: names('インフルエンザ予防接種', 'インフルエンザ の ワクチン', 'Flu vaccination'),
      descriptions: names('予約は無料です。接種費用は当日、会場でお支払いください。受付開始直後は混み合うため、順番待ちのページにご案内することがあります。', 'よやく は むりょう です。ワクチン の おかね は とうじつ はらって ください。こんで いる とき は じゅんばん を まつ ページ に なります。', 'Booking is free; pay for the vaccination on the day. Just after booking opens you may be shown a waiting room.'),
      capacityPeople: 20,
      maxPartySize: 1,
      residentWindowDays: 60,
      nonResidentWindowDays: 60,
      minLeadHours: 1,
      holdMinutes: 5,
      allowsCounterPayment: false,
      cancelDeadlineHours: 2,
      maxActivePerResident: 1,
      reminderDaysBefore: 1,
      reminderTime: '18:00',
      waitlistMode: 'broadcast',
      offerMinutes: 30,
      opensAt,
      queueMinutes: 30,
      queueRatePerSecond: 50,
      sortOrder: 1,
      templates: [
        { weekdays: WEEKDAYS, start: '09:00', end: '11:30', slotMinutes: 30, capacity: 20 },
        { weekdays: WEEKDAYS, start: '13:30', end: '16:00', slotMinutes: 30, capacity: 20 },
      ],
      fees: [{ start: '08:30', end: '17:15', resident: 0, nonResident: 0 }],
    },
    {
      facility: 'city-hall',
      code: 'counter-visit',
      kind: 'appointment',
      category: 'counter',
      names: names('住民課 窓口来庁予約', 'じゅうみんか の まどぐち に くる よやく', 'Residents Division counter visit'),
      descriptions: names('転入・転出などの手続きで、待たずに窓口をご利用いただけます。', 'ひっこし など の てつづき で、またず に まどぐち を つかえます。', 'Come to the counter at a set time for moving-in, moving-out and other procedures.'),
      capacityPeople: 2,
      maxPartySize: 1,
      residentWindowDays: 30,
      nonResidentWindowDays: 30,
      minLeadHours: 1,
      holdMinutes: 5,
      allowsCounterPayment: false,
      cancelDeadlineHours: 1,
      maxActivePerResident: 2,
      waitlistMode: 'none',
      sortOrder: 1,
      templates: [
        { weekdays: WEEKDAYS, start: '09:00', end: '12:00', slotMinutes: 15, capacity: 2 },
        { weekdays: WEEKDAYS, start: '13:00', end: '17:00', slotMinutes: 15, capacity: 2 },
      ],
      fees: [{ start: '08:30', end: '17:15', resident: 0, nonResident: 0 }],
    },
  ]
}

/** 'HH:MM' + minutes → 'HH:MM' (within the day). */
function addMinutes(time: string, minutes: number): string {
  const [h = 0, m = 0] = time.split(':').map(Number)
  const total = h * 60 + m + minutes
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/** The first date on or after `from` that falls on `weekday`. */
function nextWeekday(from: string, weekday: number): string {
  return addCalendarDays(from, (weekday - toDayOfWeek(from) + 7) % 7)
}

export async function seedSetupDemo(trx: Transaction<Database>, tenantId: string, now: Date): Promise<SetupDemo> {
  const db = reservationsDb(trx)
  const today = tokyoDate(now)
  const demo: SetupDemo = { resources: {}, facilities: {} }

  await db
    .insertInto('reservationPurposes')
    .values([
      { tenantId, code: 'general', names: names('一般', 'ふつう', 'General'), feePercent: 100, sortOrder: 1 },
      { tenantId, code: 'commercial', names: names('営利目的', 'おかね を かせぐ ため', 'Commercial'), feePercent: 200, sortOrder: 2 },
    ])
    .execute()
  await db
    .insertInto('reservationFeeExemptions')
    .values([
      { tenantId, code: 'disability-group', names: names('障害者団体', 'しょうがい の ある ひと の だんたい', 'Disability organisation'), proofNotes: names('団体登録のときに確認します。', 'だんたい を とうろく する とき に たしかめます。', 'Checked when the group registers.'), percentOff: 50, isGroupOnly: true, sortOrder: 1 },
      { tenantId, code: 'school-event', names: names('学校行事', 'がっこう の ぎょうじ', 'School event'), proofNotes: names('学校長の依頼文書を窓口で見せてください。', 'こうちょう せんせい の かみ を まどぐち で みせて ください。', 'Show the head teacher’s letter at the counter.'), percentOff: 100, sortOrder: 2 },
    ])
    .execute()

  for (const facility of FACILITIES) {
    const row = await db
      .insertInto('reservationFacilities')
      .values({ tenantId, ...facility, closedWeekdays: [...facility.closedWeekdays] })
      .returning('id')
      .executeTakeFirstOrThrow()
    demo.facilities[facility.code] = row.id
  }

  // The rush opens tomorrow at 09:00 Tokyo time: until then the slot pages say 受付開始前.
  const opensAt = tokyoInstant(addCalendarDays(today, 1), '09:00')
  for (const seed of resourceSeeds(opensAt)) {
    const { facility, templates, fees, ...columns } = seed
    const facilityId = demo.facilities[facility]
    if (!facilityId) throw new Error(`demo facility ${facility} missing`)
    const resource = await db
      .insertInto('reservationResources')
      .values({ tenantId, facilityId, ...columns })
      .returning('id')
      .executeTakeFirstOrThrow()
    demo.resources[String(columns.code)] = resource.id
    const templateRows = templates.flatMap(template => {
      const step = template.slotMinutes
      if (!step) return [{ tenantId, resourceId: resource.id, weekdays: template.weekdays, startTime: template.start, endTime: template.end, capacity: template.capacity, validFrom: today }]
      const rows = []
      for (let start = template.start; start < template.end; start = addMinutes(start, step)) {
        rows.push({ tenantId, resourceId: resource.id, weekdays: template.weekdays, startTime: start, endTime: addMinutes(start, step), capacity: template.capacity, validFrom: today })
      }
      return rows
    })
    await db.insertInto('reservationSlotTemplates').values(templateRows).execute()
    await db
      .insertInto('reservationFeeRules')
      .values(fees.map(fee => ({ tenantId, resourceId: resource.id, dayKind: fee.dayKind ?? 'all', bandStart: fee.start, bandEnd: fee.end, residentFeeYen: fee.resident, nonResidentFeeYen: fee.nonResident })))
      .execute()
  }

  const id = (code: string): string => {
    const value = demo.resources[code]
    if (!value) throw new Error(`demo resource ${code} missing`)
    return value
  }
  // 臨時休館: the civic centre's inspection day, and two days of court maintenance.
  const inspection = nextWeekday(addCalendarDays(today, 14), 3)
  const courtWork = nextWeekday(addCalendarDays(today, 28), 2)
  await db
    .insertInto('reservationClosures')
    .values([
      { tenantId, facilityId: demo.facilities['civic-centre'] ?? null, resourceId: null, startsOn: inspection, endsOn: inspection, reasons: names('設備点検のため臨時休館', 'せつび の てんけん で おやすみ', 'Closed for a facility inspection') },
      { tenantId, facilityId: null, resourceId: id('tennis'), startsOn: courtWork, endsOn: addCalendarDays(courtWork, 1), reasons: names('コート整備のため利用できません', 'コート を なおす ので つかえません', 'Closed for court maintenance') },
    ])
    .execute()
  // Exceptions: a smaller counter on a training day, an afternoon vaccination session cancelled.
  await db
    .insertInto('reservationSlotExceptions')
    .values([
      { tenantId, resourceId: id('counter-visit'), onDate: nextWeekday(addCalendarDays(today, 10), 4), kind: 'capacity', startTime: null, endTime: null, capacity: 1 },
      { tenantId, resourceId: id('flu-vaccine'), onDate: nextWeekday(addCalendarDays(today, 7), 5), kind: 'cancel', startTime: '13:30', endTime: null, capacity: null },
    ])
    .execute()

  const until = addCalendarDays(today, DEMO_SLOT_DAYS)
  for (const resourceId of Object.values(demo.resources)) await generateSlots(trx, tenantId, resourceId, today, until)

  await seedDemoGroups(trx, tenantId, now)
  return demo
}

async function seedDemoGroups(trx: Transaction<Database>, tenantId: string, now: Date): Promise<void> {
  const db = reservationsDb(trx)
  const identities = await trx.selectFrom('residentIdentities').select(['residentId', 'subject']).where('tenantId', '=', tenantId).where('provider', '=', 'digital-auth-app').execute()
  const residentOf = (subject: string) => identities.find(identity => identity.subject === subject)?.residentId ?? null
  const groups = [
    { name: 'デモ市ハイキングの会', representative: residentOf('dev-card-yamada-taro'), memberCount: 24, status: 'approved' as const, priorityDays: 30, exemptionCode: null },
    { name: 'ひまわり障害者福祉会', representative: residentOf('dev-card-sato-kenichi'), memberCount: 15, status: 'approved' as const, priorityDays: 30, exemptionCode: 'disability-group' },
    { name: 'デモ市少年サッカークラブ', representative: residentOf('dev-card-yoshida-hanako'), memberCount: 40, status: 'pending' as const, priorityDays: 0, exemptionCode: null },
  ]
  for (const group of groups) {
    const row = await db
      .insertInto('reservationGroups')
      .values({
        tenantId,
        registrationNumber: newGroupRegistrationNumber(),
        name: group.name,
        representativeResidentId: group.representative,
        memberCount: group.memberCount,
        isResidentGroup: true,
        status: group.status,
        priorityDays: group.priorityDays,
        maxActiveBookings: 8,
        exemptionCode: group.exemptionCode,
        approvedAt: group.status === 'approved' ? now : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (group.representative) await db.insertInto('reservationGroupMembers').values({ tenantId, groupId: row.id, residentId: group.representative }).execute()
  }
}
