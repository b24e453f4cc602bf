import type { Child } from 'hono/jsx'
import { Layout } from '../../views/layout.js'
import type { PageContext } from '../../views/page-context.js'
import { StaffNav } from '../../views/staff-nav.js'
import { formatDateTime } from '../../views/format.js'
import { Button, Checkboxes, CopyButton, CsrfField, DateField, ErrorSummary, NotificationBanner, Table, Tag, TextField } from '../../views/components/index.js'
import { API_KEY_SCOPES, apiKeyInvalidity, maskedApiKey } from './api-key-format.js'
import type { ApiKeyRow } from './api-key-repository.js'
import type { CreatedApiKey } from './api-key-service.js'

export interface ApiKeyForm {
  name?: string
  scopes?: string[]
  expiresOn?: string
  rateLimitPerMinute?: string
}

/** Field name → translated message. */
export type ApiKeyFieldErrors = Partial<Record<'name' | 'scopes' | 'expiresOn' | 'rateLimitPerMinute', string>>

const FIELD_ORDER = ['name', 'scopes', 'expiresOn', 'rateLimitPerMinute'] as const

function chunks(text: string, size: number): string[] {
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

function base(ctx: PageContext) {
  return `/${ctx.tenant?.slug}/staff/api-keys`
}

function StaffPage({ ctx, title, errors = {}, children }: { ctx: PageContext; title: string; errors?: ApiKeyFieldErrors; children: Child }) {
  const summary = FIELD_ORDER.filter(field => errors[field] !== undefined).map(field => ({ field, message: errors[field] as string }))
  return (
    <Layout ctx={ctx} title={summary.length > 0 ? `${ctx.t('apiKeys.errorTitlePrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={ctx.t('common.errorSummary')} errors={summary} />
      {children}
    </Layout>
  )
}

function KeyStatus({ ctx, apiKey, now }: { ctx: PageContext; apiKey: ApiKeyRow; now: Date }) {
  switch (apiKeyInvalidity(apiKey, now)) {
    case 'revoked':
      return <Tag tone="grey">{ctx.t('apiKeys.statusRevoked')}</Tag>
    case 'expired':
      return <Tag tone="yellow">{ctx.t('apiKeys.statusExpired')}</Tag>
    case undefined:
      return <Tag tone="green">{ctx.t('apiKeys.statusActive')}</Tag>
  }
}

/** The municipality's keys (never their secrets) and the form to create one. */
export function ApiKeysPage({ ctx, apiKeys, form = {}, errors = {}, notice, now = new Date() }: { ctx: PageContext; apiKeys: ApiKeyRow[]; form?: ApiKeyForm; errors?: ApiKeyFieldErrors; notice?: string; now?: Date }) {
  const { t } = ctx
  const slug = ctx.tenant?.slug ?? ''
  const prefix = t('common.errorPrefix')
  return (
    <StaffPage ctx={ctx} title={t('apiKeys.title')} errors={errors}>
      {notice && (
        <NotificationBanner title={t('apiKeys.done')} variant="success">
          <p>{notice}</p>
        </NotificationBanner>
      )}
      <h1>{t('apiKeys.title')}</h1>
      <p>{t('apiKeys.lead')}</p>
      {apiKeys.length === 0 ? (
        <p>{t('apiKeys.empty')}</p>
      ) : (
        <Table
          caption={t('apiKeys.listCaption')}
          head={[t('apiKeys.name'), t('apiKeys.key'), t('apiKeys.scopes'), t('apiKeys.status'), t('apiKeys.lastUsed'), t('apiKeys.expires'), t('apiKeys.createdBy'), '']}
          firstCellIsHeader
          rows={apiKeys.map(k => [
            k.name,
            <code>{maskedApiKey(slug, k.keyPrefix)}</code>,
            <>
              <ul class="list-plain">
                {k.scopes.map(scope => (
                  <li>
                    <code>{scope}</code>
                  </li>
                ))}
              </ul>
              <span class="muted">{t('apiKeys.rateLimitValue', { count: k.rateLimitPerMinute })}</span>
            </>,
            <KeyStatus ctx={ctx} apiKey={k} now={now} />,
            k.lastUsedAt ? formatDateTime(k.lastUsedAt, ctx.locale) : t('apiKeys.neverUsed'),
            k.expiresAt ? formatDateTime(k.expiresAt, ctx.locale) : t('apiKeys.noExpiry'),
            <>
              {k.createdByName}
              <br />
              <span class="muted">{formatDateTime(k.createdAt, ctx.locale)}</span>
            </>,
            k.revokedAt ? (
              ''
            ) : (
              <form method="post" action={`${base(ctx)}/${k.id}/revoke`} class="inline-form">
                <CsrfField token={ctx.csrfToken} />
                <Button variant="warning">
                  {t('apiKeys.revoke')}
                  <span class="visually-hidden"> {k.name}</span>
                </Button>
              </form>
            ),
          ])}
        />
      )}
      <h2>{t('apiKeys.createHeading')}</h2>
      <form method="post" action={base(ctx)} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={t('apiKeys.name')} hint={t('apiKeys.nameHint')} value={form.name} error={errors.name} errorPrefix={prefix} autocomplete="off" />
        <Checkboxes
          name="scopes"
          legend={t('apiKeys.scopes')}
          hint={t('apiKeys.scopesHint')}
          options={API_KEY_SCOPES.map(scope => ({ value: scope, label: t(`apiKeys.scope.${scope}`) }))}
          values={form.scopes}
          error={errors.scopes}
          errorPrefix={prefix}
        />
        <DateField name="expiresOn" label={t('apiKeys.expiresOn')} hint={t('apiKeys.expiresOnHint')} value={form.expiresOn} error={errors.expiresOn} errorPrefix={prefix} />
        <TextField
          name="rateLimitPerMinute"
          label={t('apiKeys.rateLimit')}
          hint={t('apiKeys.rateLimitHint')}
          value={form.rateLimitPerMinute}
          error={errors.rateLimitPerMinute}
          errorPrefix={prefix}
          inputmode="numeric"
          width="5"
          autocomplete="off"
        />
        <Button variant="primary">{t('apiKeys.create')}</Button>
      </form>
    </StaffPage>
  )
}

/** Shown once, straight after creation: the only time the whole key is on a page. */
export function ApiKeyCreatedPage({ ctx, created }: { ctx: PageContext; created: CreatedApiKey }) {
  const { t } = ctx
  return (
    <StaffPage ctx={ctx} title={t('apiKeys.created.title')}>
      <h1>{t('apiKeys.created.title')}</h1>
      <NotificationBanner title={t('apiKeys.created.onceTitle')}>
        <p>{t('apiKeys.created.warning')}</p>
      </NotificationBanner>
      <h2>{t('apiKeys.created.keyLabel', { name: created.name })}</h2>
      <p>
        {/* <wbr> lets the long key wrap on a phone without adding characters to what is copied */}
        <code class="secret">{chunks(created.key, 16).map((part, i) => (i === 0 ? part : [<wbr />, part]))}</code>
      </p>
      <p>
        <CopyButton text={created.key} copiedLabel={t('apiKeys.copied')}>
          {t('apiKeys.copy')}
        </CopyButton>
      </p>
      <p>{t('apiKeys.created.usage')}</p>
      <ul>
        {created.scopes.map(scope => (
          <li>{t(`apiKeys.scope.${scope}`)}</li>
        ))}
      </ul>
      <p>
        <a href={base(ctx)} class="back-link">
          {t('apiKeys.back')}
        </a>
      </p>
    </StaffPage>
  )
}
