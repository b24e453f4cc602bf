/**
 * Residents' pages: the emergency page (the portal home while disaster mode is on), its text-only
 * low-bandwidth version, and one alert with its history of reports.
 */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { NotificationBanner, Select, Button, Table, Tag } from '../../../platform/views/components/index.js'
import type { DistrictLabel } from '../../notifications/index.js'
import type { NearShelter } from '../shelters/index.js'
import type { DisasterModeState, EmergencyContact, EvacuationAlert, EvacuationAlertRevision } from './alert-tables.js'
import { districtName } from './alert-staff-pages.js'

const jst = (date: Date | null | undefined): string =>
  date ? date.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : ''

export interface EmergencyView {
  mode: DisasterModeState
  alerts: EvacuationAlert[]
  districts: DistrictLabel[]
  /** the resident's district (registered in notification settings) or the one chosen on the page */
  district: DistrictLabel | null
  isOwnDistrict: boolean
  shelters: NearShelter[]
  contacts: EmergencyContact[]
}

const textOf = (ctx: PageContext, alert: EvacuationAlert) => alert.texts[ctx.locale] ?? alert.texts.ja

function distanceLabel(metres: number | null): string {
  if (metres === null) return ''
  return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`
}

function ModeLead({ ctx, mode, municipality }: { ctx: PageContext; mode: DisasterModeState; municipality: string }) {
  const { t } = ctx
  if (mode === 'training') return <p class="lead"><strong>{t('disaster.public.modeTraining')}</strong></p>
  if (mode === 'active') return <p class="lead">{t('disaster.public.modeActive', { municipality })}</p>
  return <p class="lead">{t('disaster.public.modeOff')}</p>
}

function AlertCard({ ctx, alert, districts, headingLevel = 3 }: { ctx: PageContext; alert: EvacuationAlert; districts: DistrictLabel[]; headingLevel?: 2 | 3 }) {
  const { t } = ctx
  const text = textOf(ctx, alert)
  const names = alert.districtIds.map(id => districts.find(d => d.id === id)).filter((d): d is DistrictLabel => d !== undefined).map(d => districtName(ctx, d.names))
  const Heading = headingLevel === 3 ? 'h3' : 'h2'
  return (
    <article class="alert-card" data-testid="alert-card" data-level={String(alert.level)}>
      <Heading>
        {alert.isTraining ? `【${t('disaster.public.training')}】` : ''}
        {text.headline}
      </Heading>
      <p>
        <Tag tone="red">{t('disaster.levelLabel', { level: alert.level })}</Tag> {t('disaster.public.issuedAt')}: {jst(alert.issuedAt)} / {t('disaster.public.updatedAt')}: {jst(alert.updatedAt)}
      </p>
      <p>
        {t('disaster.public.districts')}: {names.join(t('disaster.listSeparator'))}
      </p>
      <p>{text.description}</p>
      {text.instruction && <p><strong>{text.instruction}</strong></p>}
      <p>
        <a href={`/${ctx.tenant?.slug}/alerts/${alert.id}`}>{t('disaster.public.details')}</a>
      </p>
    </article>
  )
}

function ContactList({ ctx, contacts }: { ctx: PageContext; contacts: EmergencyContact[] }) {
  const { t, tenant } = ctx
  const city = tenant?.settings.contact
  return (
    <ul>
      <li>{t('disaster.public.fire')}: <a href="tel:119">119</a></li>
      <li>{t('disaster.public.police')}: <a href="tel:110">110</a></li>
      {city?.phone ? <li>{city.department || tenant?.name}: <a href={`tel:${city.phone.replace(/[^0-9+]/g, '')}`}>{city.phone}</a></li> : null}
      {contacts.map(c => (
        <li>
          {(ctx.locale !== 'ja' && c.label[ctx.locale]) || c.label.ja}: <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`}>{c.phone}</a>
        </li>
      ))}
    </ul>
  )
}

function ShelterList({ ctx, shelters }: { ctx: PageContext; shelters: NearShelter[] }) {
  const { t } = ctx
  if (shelters.length === 0) return <p>{t('disaster.public.noShelters')}</p>
  return (
    <ul data-testid="open-shelters">
      {shelters.map(s => (
        <li>
          <strong>{s.names[ctx.locale] || s.names.ja}</strong> {s.status === 'full' ? <Tag tone="red">{t('disaster.public.full')}</Tag> : null} — {s.address}
          {s.distanceMetres !== null ? ` (${t('disaster.public.distance', { distance: distanceLabel(s.distanceMetres) })})` : ''}
          <br />
          {s.capacity !== null ? t('disaster.public.occupancy', { evacuees: s.evacuees, capacity: s.capacity }) : t('disaster.public.occupancyNoCapacity', { evacuees: s.evacuees })}
        </li>
      ))}
    </ul>
  )
}

export function EmergencyPage({ ctx, view }: { ctx: PageContext; view: EmergencyView }) {
  const { t, tenant } = ctx
  const slug = tenant?.slug ?? ''
  const municipality = ctx.locale === 'en' ? (tenant?.nameEn ?? '') : (tenant?.name ?? '')
  const forDistrict = view.district ? view.alerts.filter(a => a.districtIds.includes((view.district as DistrictLabel).id)) : []
  return (
    <Layout ctx={ctx} title={t('disaster.public.title')}>
      <h1>{t('disaster.public.title')}</h1>
      <ModeLead ctx={ctx} mode={view.mode} municipality={municipality} />
      <p>
        <a href={`/${slug}/disaster/text`}>{t('disaster.public.textVersion')}</a>
      </p>

      <section aria-labelledby="district-alerts">
        {view.district ? (
          <>
            <h2 id="district-alerts">{t('disaster.public.yourDistrict', { district: districtName(ctx, view.district.names) })}</h2>
            {forDistrict.length === 0 ? <p data-testid="no-district-alert">{t('disaster.public.noneForDistrict')}</p> : forDistrict.map(alert => <AlertCard ctx={ctx} alert={alert} districts={view.districts} />)}
          </>
        ) : (
          <>
            <h2 id="district-alerts">{t('disaster.public.allAlerts')}</h2>
            {ctx.resident ? (
              <p>
                {t('disaster.public.noDistrict')} <a href={`/${slug}/notifications/settings`}>{t('disaster.public.settingsLink')}</a>
              </p>
            ) : null}
          </>
        )}
        {!view.isOwnDistrict && view.districts.length > 0 && (
          <form method="get" action={`/${slug}/disaster`} class="inline-form">
            <Select name="district" label={t('disaster.public.districts')} value={view.district?.code ?? ''} options={[{ value: '', label: '—' }, ...view.districts.map(d => ({ value: d.code, label: districtName(ctx, d.names) }))]} />
            <Button variant="secondary">{t('disaster.public.show')}</Button>
          </form>
        )}
      </section>

      <section aria-labelledby="all-alerts">
        <h2 id="all-alerts">{t('disaster.public.allAlerts')}</h2>
        {view.alerts.length === 0 ? <p data-testid="no-alerts">{t('disaster.public.noAlerts')}</p> : view.alerts.map(alert => <AlertCard ctx={ctx} alert={alert} districts={view.districts} />)}
      </section>

      <section aria-labelledby="open-shelters">
        <h2 id="open-shelters">{t('disaster.public.shelters')}</h2>
        <ShelterList ctx={ctx} shelters={view.shelters} />
        <p>
          <a href={`/${slug}/shelters`}>{t('disaster.public.shelterMap')}</a>
        </p>
      </section>

      <section aria-labelledby="contacts">
        <h2 id="contacts">{t('disaster.public.contacts')}</h2>
        <ContactList ctx={ctx} contacts={view.contacts} />
      </section>

      <p>
        {t('disaster.public.openData')}: <a href={`/${slug}/alerts.atom`}>Atom</a> / <a href={`/api/v1/${slug}/alerts`}>JSON</a>
      </p>
    </Layout>
  )
}

/**
 * The low-bandwidth version: no images, no scripts, no web fonts, one small stylesheet-free page
 * (a few kilobytes) that old phones and congested networks can load.
 */
export function TextOnlyPage({ ctx, view }: { ctx: PageContext; view: EmergencyView }) {
  const { t, tenant } = ctx
  const slug = tenant?.slug ?? ''
  const municipality = ctx.locale === 'en' ? (tenant?.nameEn ?? '') : (tenant?.name ?? '')
  const lang = ctx.locale === 'ja-easy' ? 'ja' : ctx.locale
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${t('disaster.public.title')} | ${municipality}`}</title>
      </head>
      <body>
        <main>
          <h1>{t('disaster.public.title')}</h1>
          <ModeLead ctx={ctx} mode={view.mode} municipality={municipality} />
          <h2>{t('disaster.public.allAlerts')}</h2>
          {view.alerts.length === 0 ? (
            <p>{t('disaster.public.noAlerts')}</p>
          ) : (
            view.alerts.map(alert => {
              const text = textOf(ctx, alert)
              const names = alert.districtIds.map(id => view.districts.find(d => d.id === id)).filter((d): d is DistrictLabel => d !== undefined).map(d => districtName(ctx, d.names))
              return (
                <section>
                  <h3>
                    {alert.isTraining ? `【${t('disaster.public.training')}】` : ''}
                    {text.headline}
                  </h3>
                  <p>{t('disaster.public.districts')}: {names.join(t('disaster.listSeparator'))}</p>
                  <p>{text.description}</p>
                  {text.instruction && <p>{text.instruction}</p>}
                  <p>{t('disaster.public.updatedAt')}: {jst(alert.updatedAt)}</p>
                </section>
              )
            })
          )}
          <h2>{t('disaster.public.shelters')}</h2>
          <ShelterList ctx={ctx} shelters={view.shelters} />
          <h2>{t('disaster.public.contacts')}</h2>
          <ContactList ctx={ctx} contacts={view.contacts} />
          <p>
            <a href={`/${slug}/disaster`}>{t('disaster.public.fullVersion')}</a>
          </p>
        </main>
      </body>
    </html>
  )
}

export function AlertPage({ ctx, alert, revisions, districts }: { ctx: PageContext; alert: EvacuationAlert; revisions: EvacuationAlertRevision[]; districts: DistrictLabel[] }) {
  const { t } = ctx
  const text = textOf(ctx, alert)
  const slug = ctx.tenant?.slug ?? ''
  const title = `${alert.isTraining ? `【${t('disaster.public.training')}】` : ''}${text.headline}`
  const body: Child = (
    <>
      <p>
        <Tag tone={alert.state === 'active' ? 'red' : 'grey'}>{t(`disaster.public.state.${alert.state === 'active' ? 'active' : 'cancelled'}`)}</Tag>
      </p>
      {alert.isTraining && (
        <NotificationBanner title={t('disaster.public.training')}>
          <p>{t('disaster.public.modeTraining')}</p>
        </NotificationBanner>
      )}
      <AlertCard ctx={ctx} alert={alert} districts={districts} headingLevel={2} />
      <Table
        caption={t('disaster.public.history')}
        head={[t('disaster.staff.review.colRevision'), t('disaster.staff.review.msgType'), t('disaster.public.issuedAt'), t('disaster.public.capDocument')]}
        rows={revisions.map(r => [t('disaster.public.revision', { revision: r.revision }), t(`disaster.public.msgType.${r.msgType}`), jst(r.issuedAt), <a href={`/${slug}/alerts/${alert.id}/cap/${r.revision}.xml`}>CAP {r.revision}</a>])}
      />
      <p>
        <a href={`/${slug}/disaster`}>{t('disaster.public.back')}</a>
      </p>
    </>
  )
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {body}
    </Layout>
  )
}
