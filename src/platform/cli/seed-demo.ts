import { sql, type Transaction } from 'kysely'
import type { Config } from '../config.js'
import { decryptField, encryptField } from '../crypto.js'
import type { Db } from '../db/tenant-context.js'
import { createTenant } from '../tenancy/tenant-service.js'
import { createTotpSecret } from '../auth/staff/credentials.js'
import { testCards } from '../auth/dev-idp/test-cards.js'
import { createStaffAccount } from './staff-admin.js'
import type { Database, StaffRole } from '../db/schema.js'

export const DEMO_SLUG = 'demo'
/** A code that passes the check digit but belongs to no real municipality (13999 + 8). */
export const DEMO_LG_CODE = '139998'

const DEPARTMENTS = [
  { code: 'shimin', name: '市民課', nameEn: 'Citizens Division' },
  { code: 'kosodate', name: '子育て支援課', nameEn: 'Child Support Division' },
  { code: 'kankyo', name: '環境課', nameEn: 'Environment Division' },
  { code: 'bosai', name: '防災危機管理課', nameEn: 'Disaster Management Division' },
  { code: 'fukushi', name: '福祉課', nameEn: 'Welfare Division' },
  // A partner organisation: school absence notices are routed to the school.
  { code: 'school-1', name: 'デモ市立第一小学校', nameEn: 'Demo City Daiichi Elementary School' },
]

const STAFF: { email: string; displayName: string; role: StaffRole; department?: string; enrolled: boolean }[] = [
  { email: 'admin@demo.yakuba.localhost', displayName: '管理 花子', role: 'administrator', enrolled: true },
  { email: 'supervisor@demo.yakuba.localhost', displayName: '監督 一郎', role: 'supervisor', department: 'shimin', enrolled: true },
  { email: 'clerk@demo.yakuba.localhost', displayName: '担当 次郎', role: 'clerk', department: 'shimin', enrolled: true },
  { email: 'operator@demo.yakuba.localhost', displayName: '委託 三郎', role: 'outsourced_operator', department: 'shimin', enrolled: true },
  { email: 'partner@demo.yakuba.localhost', displayName: '社協 良子', role: 'partner_member', department: 'fukushi', enrolled: true },
  { email: 'newcomer@demo.yakuba.localhost', displayName: '新人 四郎', role: 'clerk', department: 'kosodate', enrolled: false },
  { email: 'kankyo@demo.yakuba.localhost', displayName: '環境 五月', role: 'clerk', department: 'kankyo', enrolled: true },
  { email: 'school@demo.yakuba.localhost', displayName: '教頭 六助', role: 'partner_member', department: 'school-1', enrolled: true },
]

/** Demo passwords are fixed so that the README can name them; only ever seeded outside production. */
export const DEMO_PASSWORD = 'demo-password-2026'

export interface DemoCredentials {
  tenantUrl: string
  staff: { email: string; password: string; role: StaffRole; totpSecret?: string }[]
}

/**
 * Seeds デモ市 (idempotent): departments, staff of each role, and residents matching the dev
 * IdP's test cards. Returns the credentials to print (development only).
 */
/** Demo data a business module adds to デモ市 (run once, in a transaction bound to the tenant). */
export type DemoSeed = (trx: Transaction<Database>, tenantId: string) => Promise<void>

export async function seedDemo(ownerDb: Db, config: Config, moduleSeeds: readonly DemoSeed[] = []): Promise<{ created: boolean; credentials: DemoCredentials }> {
  if (config.isProduction) throw new Error('seed-demo is for development and evaluation, not production')
  let tenant = await ownerDb.selectFrom('tenants').select(['id']).where('slug', '=', DEMO_SLUG).executeTakeFirst()
  const created = !tenant
  if (!tenant) {
    tenant = await createTenant(ownerDb, {
      slug: DEMO_SLUG,
      name: 'デモ市',
      nameEn: 'Demo City',
      lgCode: DEMO_LG_CODE,
      settings: {
        brandColour: '#00693e',
        languages: ['ja', 'ja-easy', 'en'],
        features: ['procedures', 'notifications', 'reservations', 'disaster'],
        contact: { department: 'デモ市役所 市民課', phone: '03-0000-0000', email: 'info@demo.yakuba.localhost', address: '東京都デモ市中央一丁目1番1号', hours: '平日 8:30〜17:15' },
      },
    })
    const tenantId = tenant.id
    await ownerDb.transaction().execute(async trx => {
      await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx)
      await trx.insertInto('departments').values(DEPARTMENTS.map(d => ({ tenantId, ...d }))).execute()
      for (const card of testCards) {
        const resident = await trx
          .insertInto('residents')
          .values({ tenantId, displayName: card.basicFourInfo.name.slice(0, 100), locale: 'ja' })
          .returning('id')
          .executeTakeFirstOrThrow()
        await trx.insertInto('residentIdentities').values({ tenantId, residentId: resident.id, provider: 'digital-auth-app', subject: card.subject, assurance: 'high' }).execute()
        const info = card.basicFourInfo
        await trx
          .insertInto('residentBasicInfo')
          .values({ tenantId, residentId: resident.id, name: info.name, nameKana: info.nameKana ?? null, address: info.address, birthdate: info.birthdate, gender: info.gender, provider: 'digital-auth-app', verifiedAt: new Date() })
          .execute()
        await trx
          .insertInto('messages')
          .values({ tenantId, residentId: resident.id, template: 'demo.welcome', subject: 'デモ市オンライン窓口へようこそ', body: 'これはデモ用のお知らせです。手続きの状況や大切なお知らせは、ここに届きます。' })
          .execute()
      }
    })
    for (const staff of STAFF) {
      await createStaffAccount(ownerDb, {
        tenantId,
        email: staff.email,
        displayName: staff.displayName,
        role: staff.role,
        departmentCode: staff.department,
        password: DEMO_PASSWORD,
        totpSecretEncrypted: staff.enrolled ? encryptField(config.dataEncryptionKey, createTotpSecret()) : undefined,
      })
    }
    for (const seed of moduleSeeds) {
      await ownerDb.transaction().execute(async trx => {
        await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx)
        await seed(trx, tenantId)
      })
    }
  }
  const tenantId = tenant.id
  const secrets = await ownerDb.transaction().execute(async trx => {
    await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(trx)
    return trx.selectFrom('staffUsers').select(['email', 'totpSecretEncrypted']).where('tenantId', '=', tenantId).execute()
  })
  const credentials: DemoCredentials = {
    tenantUrl: `${config.publicUrl}/${DEMO_SLUG}`,
    staff: STAFF.map(s => {
      const row = secrets.find(r => r.email === s.email)
      return { email: s.email, password: DEMO_PASSWORD, role: s.role, totpSecret: row?.totpSecretEncrypted ? decryptField(config.dataEncryptionKey, row.totpSecretEncrypted) : undefined }
    }),
  }
  return { created, credentials }
}

export function formatDemoCredentials(credentials: DemoCredentials): string {
  const lines = [
    `デモ市 (Demo City): ${credentials.tenantUrl}`,
    `  staff console: ${credentials.tenantUrl}/staff/login   (development only — never print these in production)`,
    ...credentials.staff.map(s => `  ${s.role.padEnd(20)} ${s.email.padEnd(36)} password: ${s.password}  ${s.totpSecret ? `TOTP secret: ${s.totpSecret}` : '(enrols TOTP at first login)'}`),
    `  residents: log in with "マイナンバーカードでログイン" and pick a test card`,
  ]
  return lines.join('\n')
}
