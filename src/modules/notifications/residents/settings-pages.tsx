/**
 * 通知の設定: how a resident is reached (channels) and what they receive (topics, language,
 * district, quiet hours, digest, garbage reminders, consent). Mobile-first, one column; every
 * control has a visible label; everything works without JavaScript (push needs it, and says so).
 */
import type { Child } from 'hono/jsx'
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, Checkboxes, CsrfField, ErrorSummary, NotificationBanner, Radios, Select, Tag, TextField } from '../../../platform/views/components/index.js'
import { describedBy, FieldErrorMessage, FieldHint, fieldDescriptionIds } from '../../../platform/views/components/field-parts.js'
import type { TenantContext } from '../../../platform/tenancy/tenant-service.js'
import { EXTERNAL_CHANNELS, NOTICE_LANGUAGES, type DeliveryChannel, type LocalizedNames, type NoticeLanguage, type ResidentChannel } from '../notification-tables.js'
import { formatJapanesePhone } from '../channels/sms/japanese-phone.js'
import { GARBAGE_REMINDERS, NOTICE_LANGUAGE_NAMES, orderFieldName, topicFieldName } from './preference-form.js'
import type { SettingsView } from './preference-service.js'

/** A name in the UI language, falling back to Japanese. */
export function localName(names: LocalizedNames, locale: string): string {
  return names[locale as NoticeLanguage] ?? names.ja
}

/** What the form shows: the stored settings, or what was just submitted (on a 422). */
export interface SettingsFormValues {
  language: string
  districtId: string
  homeLat: string
  homeLng: string
  quietStart: string
  quietEnd: string
  wantsDigest: string
  garbageReminder: string
  householdHasChildren: string
  allowsAnswerTargeting: boolean
  order: Record<string, string>
  subscriptions: Map<string, string[]>
}

export function formValuesOf(view: SettingsView): SettingsFormValues {
  const p = view.profile
  return {
    language: p.language,
    districtId: p.districtId ?? '',
    homeLat: p.homeLat === null ? '' : String(p.homeLat),
    homeLng: p.homeLng === null ? '' : String(p.homeLng),
    quietStart: p.quietStart ?? '',
    quietEnd: p.quietEnd ?? '',
    wantsDigest: p.wantsDigest ? 'yes' : 'no',
    garbageReminder: p.garbageReminder,
    householdHasChildren: p.householdHasChildren === null ? 'unanswered' : p.householdHasChildren ? 'yes' : 'no',
    allowsAnswerTargeting: p.allowsAnswerTargeting,
    order: Object.fromEntries(p.channelOrder.map((c, i) => [c, String(i + 1)])),
    subscriptions: view.subscriptions,
  }
}

export interface ChannelFormState {
  email?: string
  phone?: string
  errors: { email?: string; phone?: string }
}

export interface SettingsPageProps {
  ctx: PageContext
  tenant: TenantContext
  view: SettingsView
  values: SettingsFormValues
  /** field id → translated message */
  errors: Record<string, string>
  channelForm: ChannelFormState
  notice?: string
}

function channelLabel(ctx: PageContext, channel: DeliveryChannel): string {
  return ctx.t(`notifications.residents.channel.${channel}`)
}

function displayAddress(channel: ResidentChannel): string {
  if (channel.channel === 'sms') return formatJapanesePhone(channel.address)
  if (channel.channel === 'push') {
    try {
      return new URL(channel.address).hostname
    } catch {
      return '—'
    }
  }
  return channel.address
}

function TimeField({ name, label, hint, value, error, errorPrefix }: { name: string; label: string; hint?: string; value: string; error?: string; errorPrefix: string }) {
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={name} class="field__label">
        {label}
      </label>
      <FieldHint id={name}>{hint}</FieldHint>
      <FieldErrorMessage id={name} error={error} prefix={errorPrefix} />
      <input
        class={error ? 'input input--width-5 input--error' : 'input input--width-5'}
        id={name}
        name={name}
        type="time"
        step={60}
        value={value}
        aria-describedby={describedBy(...fieldDescriptionIds(name, hint, error))}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  )
}

function ChannelList({ ctx, tenant, view }: { ctx: PageContext; tenant: TenantContext; view: SettingsView }) {
  const { t } = ctx
  const base = `/${tenant.slug}/notifications`
  return (
    <ul class="list-plain" aria-label={t('notifications.residents.channels.listLabel')}>
      <li>
        <strong>{channelLabel(ctx, 'inbox')}</strong> <Tag tone="green">{t('notifications.residents.channels.alwaysOn')}</Tag>
      </li>
      {view.channels.map(channel => {
        const pending = channel.details.pendingAddress
        const isVerified = channel.verifiedAt !== null
        const label = `${channelLabel(ctx, channel.channel)} ${displayAddress(channel)}`
        return (
          <li data-channel={channel.channel}>
            <strong>{channelLabel(ctx, channel.channel)}</strong> <span>{displayAddress(channel)}</span>{' '}
            {isVerified ? <Tag tone="green">{t('notifications.residents.channels.verified')}</Tag> : <Tag tone="yellow">{t('notifications.residents.channels.pending')}</Tag>}
            {pending ? (
              <p class="muted">
                {t('notifications.residents.channels.pendingChange', { address: channel.channel === 'sms' ? formatJapanesePhone(pending) : pending })}
              </p>
            ) : null}
            {!isVerified || pending ? (
              <p>
                <a href={`${base}/channels/${channel.id}/verify`}>
                  {t('notifications.residents.channels.enterCode')}
                  <span class="visually-hidden"> {label}</span>
                </a>
              </p>
            ) : null}
            <form method="post" action={`${base}/channels/${channel.id}/remove`} class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              <Button variant="secondary">
                {t('notifications.residents.channels.remove')}
                <span class="visually-hidden"> {label}</span>
              </Button>
            </form>
          </li>
        )
      })}
    </ul>
  )
}

function AddChannelForms({ ctx, tenant, view, channelForm }: { ctx: PageContext; tenant: TenantContext; view: SettingsView; channelForm: ChannelFormState }) {
  const { t } = ctx
  const base = `/${tenant.slug}/notifications`
  const email = view.channels.find(c => c.channel === 'email')
  const sms = view.channels.find(c => c.channel === 'sms')
  const offersLoginEmail = view.loginEmail !== undefined && !(email?.verifiedAt && email.address === view.loginEmail)
  const errorPrefix = t('common.errorPrefix')
  return (
    <>
      <h3>{email ? t('notifications.residents.email.changeTitle') : t('notifications.residents.email.addTitle')}</h3>
      {offersLoginEmail ? (
        <form method="post" action={`${base}/channels/login-email`}>
          <CsrfField token={ctx.csrfToken} />
          <p>{t('notifications.residents.email.loginEmailLead', { email: view.loginEmail ?? '' })}</p>
          <Button variant="secondary">{t('notifications.residents.email.useLoginEmail')}</Button>
        </form>
      ) : null}
      <form method="post" action={`${base}/channels/email`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField
          name="email"
          type="email"
          label={t('notifications.residents.email.label')}
          hint={t('notifications.residents.email.hint')}
          value={channelForm.email}
          error={channelForm.errors.email}
          autocomplete="email"
          spellcheck={false}
          errorPrefix={errorPrefix}
        />
        <Button>{t('notifications.residents.email.send')}</Button>
      </form>

      <h3>{sms ? t('notifications.residents.sms.changeTitle') : t('notifications.residents.sms.addTitle')}</h3>
      {view.isSmsAvailable ? (
        <form method="post" action={`${base}/channels/sms`} novalidate>
          <CsrfField token={ctx.csrfToken} />
          <TextField
            name="phone"
            type="tel"
            label={t('notifications.residents.sms.label')}
            hint={t('notifications.residents.sms.hint')}
            value={channelForm.phone}
            error={channelForm.errors.phone}
            autocomplete="tel-national"
            inputmode="tel"
            width="20"
            errorPrefix={errorPrefix}
          />
          <Button>{t('notifications.residents.sms.send')}</Button>
        </form>
      ) : (
        <p>{t('notifications.residents.sms.unavailable')}</p>
      )}

      <h3>{t('notifications.residents.push.title')}</h3>
      {view.pushPublicKey ? (
        <div
          id="push-settings"
          data-push-key={view.pushPublicKey}
          data-push-url={`${base}/push-subscriptions`}
          data-push-csrf={ctx.csrfToken}
          data-push-subscribed={t('notifications.residents.push.subscribed')}
          data-push-unsubscribed={t('notifications.residents.push.unsubscribed')}
          data-push-denied={t('notifications.residents.push.denied')}
          data-push-failed={t('notifications.residents.push.failed')}
          data-push-unsupported={t('notifications.residents.push.unsupported')}
          data-push-working={t('notifications.residents.push.working')}
        >
          <p data-push-needs-js>{t('notifications.residents.push.needsJs')}</p>
          <p data-push-lead hidden>
            {t('notifications.residents.push.lead')}
          </p>
          <div class="button-group">
            <button type="button" class="button button--secondary" data-push-subscribe hidden>
              {t('notifications.residents.push.subscribe')}
            </button>
            <button type="button" class="button button--secondary" data-push-unsubscribe hidden>
              {t('notifications.residents.push.unsubscribe')}
            </button>
          </div>
          <p role="status" data-push-status></p>
        </div>
      ) : (
        <p>{t('notifications.residents.push.unavailable')}</p>
      )}

      {/* LINE: linking a LINE account is the LINE Login area's page (channels/line). */}
      <h3>{t('notifications.residents.line.title')}</h3>
      <p>{t('notifications.residents.line.lead')}</p>
      <p>
        <a href={`${base}/line/link`} data-line-link>
          {view.channels.some(c => c.channel === 'line') ? t('notifications.residents.line.relink') : t('notifications.residents.line.link')}
        </a>
      </p>
    </>
  )
}

function TopicMatrix({ ctx, view, values }: { ctx: PageContext; view: SettingsView; values: SettingsFormValues }) {
  const { t, locale } = ctx
  if (view.topics.length === 0) return <p>{t('notifications.residents.topics.none')}</p>
  return (
    <>
      {view.topics.map(topic => {
        const description = topic.descriptions[locale as NoticeLanguage] ?? topic.descriptions.ja
        return (
          <Checkboxes
            name={topicFieldName(topic.id)}
            legend={localName(topic.names, locale)}
            hint={description}
            options={view.offeredChannels.map(channel => ({ value: channel, label: channelLabel(ctx, channel) }))}
            values={values.subscriptions.get(topic.id) ?? []}
          />
        )
      })}
    </>
  )
}

export function SettingsPage({ ctx, tenant, view, values, errors, channelForm, notice }: SettingsPageProps) {
  const { t, locale } = ctx
  const errorPrefix = t('common.errorPrefix')
  const allErrors = { ...errors, ...(channelForm.errors.email ? { email: channelForm.errors.email } : {}), ...(channelForm.errors.phone ? { phone: channelForm.errors.phone } : {}) }
  const errorList = Object.entries(allErrors).map(([field, message]) => ({ field, message }))
  const hasLocation = view.profile.homeLat !== null && view.profile.homeLng !== null
  const orderHasError = EXTERNAL_CHANNELS.some(c => errors[orderFieldName(c)])
  const optionLabel = (key: string): Child => t(key)
  return (
    <Layout ctx={ctx} title={t('notifications.residents.settings.title')}>
      <ErrorSummary title={t('common.errorSummary')} errors={errorList} />
      {notice ? (
        <NotificationBanner title={notice} variant="success">
          {''}
        </NotificationBanner>
      ) : null}
      <p class="breadcrumb">
        <a href={`/${tenant.slug}/mypage`}>{t('nav.mypage')}</a>
      </p>
      <h1>{t('notifications.residents.settings.title')}</h1>
      <p class="lead">{t('notifications.residents.settings.lead')}</p>
      <nav aria-label={t('notifications.residents.settings.contents')}>
        <ul>
          <li>
            <a href="#channels-title">{t('notifications.residents.channels.title')}</a>
          </li>
          <li>
            <a href="#preferences-title">{t('notifications.residents.preferences.title')}</a>
          </li>
        </ul>
      </nav>

      <section aria-labelledby="channels-title">
        <h2 id="channels-title">{t('notifications.residents.channels.title')}</h2>
        <p>{t('notifications.residents.channels.lead')}</p>
        <ChannelList ctx={ctx} tenant={tenant} view={view} />
        <AddChannelForms ctx={ctx} tenant={tenant} view={view} channelForm={channelForm} />
      </section>

      <section aria-labelledby="preferences-title">
        <h2 id="preferences-title">{t('notifications.residents.preferences.title')}</h2>
        <form method="post" action={`/${tenant.slug}/notifications/settings`} novalidate>
          <CsrfField token={ctx.csrfToken} />

          <h3>{t('notifications.residents.topics.title')}</h3>
          <p>{t('notifications.residents.topics.lead')}</p>
          <TopicMatrix ctx={ctx} view={view} values={values} />

          <h3>{t('notifications.residents.language.title')}</h3>
          <Radios
            name="language"
            legend={t('notifications.residents.language.legend')}
            hint={t('notifications.residents.language.hint')}
            value={values.language}
            error={errors.language}
            errorPrefix={errorPrefix}
            options={NOTICE_LANGUAGES.map(code => ({ value: code, label: <span lang={NOTICE_LANGUAGE_NAMES[code].htmlLang}>{NOTICE_LANGUAGE_NAMES[code].name}</span> }))}
          />

          <h3>{t('notifications.residents.district.title')}</h3>
          {view.districts.length === 0 ? (
            <p>{t('notifications.residents.district.none')}</p>
          ) : (
            <>
              <Select
                name="districtId"
                label={t('notifications.residents.district.label')}
                hint={hasLocation ? t('notifications.residents.district.hintFromLocation') : t('notifications.residents.district.hint')}
                value={values.districtId}
                error={errors.districtId}
                errorPrefix={errorPrefix}
                options={[{ value: '', label: t('notifications.residents.district.notSet') }, ...view.districts.map(d => ({ value: d.id, label: localName(d.names, locale) }))]}
              />
              <fieldset class="fieldset" aria-describedby="home-location-hint">
                <legend class="fieldset__legend">{t('notifications.residents.location.legend')}</legend>
                <p id="home-location-hint" class="field__hint">
                  {hasLocation ? t('notifications.residents.location.hintSet') : t('notifications.residents.location.hint')}
                </p>
                <p data-location-needs-js class="muted">
                  {t('notifications.residents.location.needsJs')}
                </p>
                <div class="button-group">
                  <button
                    type="button"
                    class="button button--secondary"
                    data-use-location
                    data-location-working={t('notifications.residents.location.working')}
                    data-location-done={t('notifications.residents.location.done')}
                    data-location-failed={t('notifications.residents.location.failed')}
                    hidden
                  >
                    {t('notifications.residents.location.useCurrent')}
                  </button>
                </div>
                <p role="status" data-location-status></p>
                <TextField name="homeLat" label={t('notifications.residents.location.latitude')} value={values.homeLat} error={errors.homeLat} inputmode="decimal" width="10" errorPrefix={errorPrefix} />
                <TextField name="homeLng" label={t('notifications.residents.location.longitude')} value={values.homeLng} error={errors.homeLng} inputmode="decimal" width="10" errorPrefix={errorPrefix} />
                {hasLocation ? <Checkboxes name="clearLocation" legend={t('notifications.residents.location.clearLegend')} options={[{ value: 'yes', label: t('notifications.residents.location.clear') }]} /> : null}
              </fieldset>
            </>
          )}

          <h3>{t('notifications.residents.quiet.title')}</h3>
          <p id="quiet-lead">{t('notifications.residents.quiet.lead')}</p>
          <TimeField name="quietStart" label={t('notifications.residents.quiet.start')} hint={t('notifications.residents.quiet.startHint')} value={values.quietStart} error={errors.quietStart} errorPrefix={errorPrefix} />
          <TimeField name="quietEnd" label={t('notifications.residents.quiet.end')} value={values.quietEnd} error={errors.quietEnd} errorPrefix={errorPrefix} />

          <Radios
            name="wantsDigest"
            legend={t('notifications.residents.digest.legend')}
            hint={t('notifications.residents.digest.hint')}
            value={values.wantsDigest}
            error={errors.wantsDigest}
            errorPrefix={errorPrefix}
            inline
            options={[
              { value: 'yes', label: optionLabel('notifications.residents.yes') },
              { value: 'no', label: optionLabel('notifications.residents.no') },
            ]}
          />

          <Radios
            name="garbageReminder"
            legend={t('notifications.residents.garbage.legend')}
            value={values.garbageReminder}
            error={errors.garbageReminder}
            errorPrefix={errorPrefix}
            options={GARBAGE_REMINDERS.map(value => ({ value, label: t(`notifications.residents.garbage.${value}`) }))}
          />

          <h3>{t('notifications.residents.about.title')}</h3>
          <p>{t('notifications.residents.about.lead')}</p>
          <Radios
            name="householdHasChildren"
            legend={t('notifications.residents.children.legend')}
            hint={t('notifications.residents.children.hint')}
            value={values.householdHasChildren}
            error={errors.householdHasChildren}
            errorPrefix={errorPrefix}
            options={[
              { value: 'yes', label: optionLabel('notifications.residents.children.yes') },
              { value: 'no', label: optionLabel('notifications.residents.children.no') },
              { value: 'unanswered', label: optionLabel('notifications.residents.children.unanswered') },
            ]}
          />
          <Checkboxes
            name="allowsAnswerTargeting"
            legend={t('notifications.residents.consent.legend')}
            hint={t('notifications.residents.consent.hint')}
            values={values.allowsAnswerTargeting ? ['yes'] : []}
            options={[{ value: 'yes', label: t('notifications.residents.consent.label') }]}
          />

          <details class="details" open={orderHasError || undefined}>
            <summary class="details__summary">
              <span class="details__summary-text">{t('notifications.residents.order.summary')}</span>
            </summary>
            <div class="details__text">
              <p>{t('notifications.residents.order.lead')}</p>
              {EXTERNAL_CHANNELS.map(channel => (
                <Select
                  name={orderFieldName(channel)}
                  label={t('notifications.residents.order.label', { channel: channelLabel(ctx, channel) })}
                  value={values.order[channel] ?? ''}
                  error={errors[orderFieldName(channel)]}
                  errorPrefix={errorPrefix}
                  options={EXTERNAL_CHANNELS.map((_, i) => ({ value: String(i + 1), label: t('notifications.residents.order.position', { n: i + 1 }) }))}
                />
              ))}
            </div>
          </details>

          <Button>{t('notifications.residents.settings.save')}</Button>
        </form>
      </section>
      <script src="/static/push-subscribe.js" type="module" defer></script>
    </Layout>
  )
}

export interface VerifyPageProps {
  ctx: PageContext
  tenant: TenantContext
  channel: ResidentChannel
  error?: string
  /** the code could not be sent (provider failure): offer to resend */
  sendFailed?: boolean
  resent?: boolean
}

/** Where the resident types the six-digit code. */
export function VerifyCodePage({ ctx, tenant, channel, error, sendFailed, resent }: VerifyPageProps) {
  const { t } = ctx
  const base = `/${tenant.slug}/notifications/channels/${channel.id}`
  const target = channel.details.pendingAddress ?? channel.address
  const shown = channel.channel === 'sms' ? formatJapanesePhone(target) : target
  const title = channel.channel === 'sms' ? t('notifications.residents.verify.titleSms') : t('notifications.residents.verify.titleEmail')
  return (
    <Layout ctx={ctx} title={title}>
      <ErrorSummary title={t('common.errorSummary')} errors={error ? [{ field: 'code', message: error }] : []} />
      {sendFailed ? (
        <NotificationBanner title={t('notifications.residents.verify.sendFailedTitle')}>
          <p>{t('notifications.residents.verify.sendFailed')}</p>
        </NotificationBanner>
      ) : null}
      {resent ? (
        <NotificationBanner title={t('notifications.residents.verify.resent')} variant="success">
          {''}
        </NotificationBanner>
      ) : null}
      <p class="breadcrumb">
        <a href={`/${tenant.slug}/notifications/settings`}>{t('notifications.residents.settings.title')}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('notifications.residents.verify.lead', { address: shown })}</p>
      <form method="post" action={`${base}/verify`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField
          name="code"
          label={t('notifications.residents.verify.codeLabel')}
          hint={t('notifications.residents.verify.codeHint')}
          error={error}
          errorPrefix={t('common.errorPrefix')}
          autocomplete="one-time-code"
          inputmode="numeric"
          width="5"
          spellcheck={false}
        />
        <Button>{t('notifications.residents.verify.submit')}</Button>
      </form>
      <form method="post" action={`${base}/resend`}>
        <CsrfField token={ctx.csrfToken} />
        <p>{t('notifications.residents.verify.noCode')}</p>
        <Button variant="secondary">{t('notifications.residents.verify.resend')}</Button>
      </form>
    </Layout>
  )
}
