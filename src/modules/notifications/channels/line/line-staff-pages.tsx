import { Layout } from '../../../../platform/views/layout.js'
import type { PageContext } from '../../../../platform/views/page-context.js'
import { StaffNav } from '../../../../platform/views/staff-nav.js'
import { formatDateTime } from '../../../../platform/views/format.js'
import { Button, CsrfField, ErrorSummary, NotificationBanner, SummaryList, Table, TextField } from '../../../../platform/views/components/index.js'
import type { LineMenuMode } from '../../notification-tables.js'
import type { LineAccountStatus, LineCredentialField } from './line-account-service.js'

/** The staff page of the LINE official account: status, rich menus, credentials. */

export type LineStaffNotice = 'credentials' | 'cleared' | 'menus' | 'mode'

export interface LineStaffPageProps {
  ctx: PageContext
  status: LineAccountStatus
  notice?: LineStaffNotice
  /** field → translated message (credentials form) */
  errors?: Partial<Record<LineCredentialField, string>>
  /** non-secret fields typed in, shown again with errors (secrets never are) */
  form?: { channelId?: string; loginChannelId?: string }
  /** a LINE call failed (translated message) */
  failure?: string
}

const FIELD_ORDER: LineCredentialField[] = ['channelId', 'channelSecret', 'accessToken', 'loginChannelId', 'loginChannelSecret']

function path(ctx: PageContext, suffix = '') {
  return `/${ctx.tenant?.slug ?? ''}/staff/notifications/line${suffix}`
}

export function LineStaffPage({ ctx, status, notice, errors = {}, form = {}, failure }: LineStaffPageProps) {
  const { t } = ctx
  const title = t('line.staff.title')
  const summary = FIELD_ORDER.filter(field => errors[field] !== undefined).map(field => ({ field, message: errors[field] as string }))
  const modeLabel = (mode: LineMenuMode) => t(`line.staff.mode.${mode}`)
  const otherMode: LineMenuMode = status.mode === 'normal' ? 'disaster' : 'normal'
  const storedHint = (isStored: boolean, hint?: string) => (isStored ? t('line.staff.field.storedHint') : hint)
  return (
    <Layout ctx={ctx} title={summary.length > 0 ? `${t('common.errorPrefix')}${title}` : title} area="staff" nav={<StaffNav ctx={ctx} />}>
      <ErrorSummary title={t('line.staff.errorSummary')} errors={summary} />
      {notice && (
        <NotificationBanner title={t('line.staff.doneTitle')} variant="success">
          <p>{t(`line.staff.done.${notice}`)}</p>
        </NotificationBanner>
      )}
      {failure && (
        <div class="error-summary" role="alert" aria-labelledby="line-failure-title" tabindex={-1}>
          <h2 id="line-failure-title" class="error-summary__title">
            {t('line.staff.failedTitle')}
          </h2>
          <p>{failure}</p>
        </div>
      )}
      <h1>{title}</h1>
      <p class="lead">{t('line.staff.lead')}</p>

      <h2>{t('line.staff.statusHeading')}</h2>
      <SummaryList
        rows={[
          { key: t('line.staff.source'), value: t(status.source === 'tenant' ? 'line.staff.source.tenant' : status.source === 'dev-fake' ? 'line.staff.source.devFake' : 'line.staff.source.none') },
          { key: t('line.staff.channelId'), value: status.channelId ?? t('line.staff.notSet') },
          { key: t('line.staff.loginChannelId'), value: status.loginChannelId ?? t('line.staff.notSet') },
          { key: t('line.staff.webhookUrl'), value: <code>{status.webhookUrl}</code> },
          { key: t('line.staff.callbackUrl'), value: <code>{status.callbackUrl}</code> },
          { key: t('line.staff.followers'), value: t('line.staff.followersValue', { following: status.followers.following, linked: status.followers.linked }) },
          { key: t('line.staff.mode'), value: modeLabel(status.mode) },
        ]}
      />

      <h2>{t('line.staff.menusHeading')}</h2>
      {status.menus.length === 0 ? (
        <p>{t('line.staff.menusNone')}</p>
      ) : (
        <Table
          caption={t('line.staff.menuCaption')}
          head={[t('line.staff.menuMode'), t('line.staff.menuId'), t('line.staff.menuUpdated')]}
          firstCellIsHeader
          rows={status.menus.map(menu => [modeLabel(menu.mode), <code>{menu.richMenuId}</code>, formatDateTime(menu.updatedAt, ctx.locale)])}
        />
      )}
      {status.source !== 'none' && (
        <>
          <form method="post" action={path(ctx, '/rich-menus')}>
            <CsrfField token={ctx.csrfToken} />
            <p class="muted">{t('line.staff.refreshHint')}</p>
            <Button>{t('line.staff.refreshMenus')}</Button>
          </form>
          {status.menus.length > 0 && (
            <form method="post" action={path(ctx, '/mode')}>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="mode" value={otherMode} />
              <p class="muted">{t('line.staff.switchHint')}</p>
              <Button variant={otherMode === 'disaster' ? 'warning' : 'secondary'}>{t(`line.staff.switchTo.${otherMode}`)}</Button>
            </form>
          )}
        </>
      )}

      <h2>{t('line.staff.credentialsHeading')}</h2>
      <p>{t('line.staff.credentialsHint')}</p>
      <form method="post" action={path(ctx, '/credentials')} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextField name="channelId" label={t('line.staff.field.channelId')} hint={t('line.staff.field.channelIdHint')} value={form.channelId ?? status.channelId} error={errors.channelId} inputmode="numeric" autocomplete="off" width="10" errorPrefix={t('common.errorPrefix')} />
        <TextField name="channelSecret" type="password" label={t('line.staff.field.channelSecret')} hint={storedHint(status.hasChannelSecret, t('line.staff.field.secretHint'))} error={errors.channelSecret} autocomplete="off" spellcheck={false} errorPrefix={t('common.errorPrefix')} />
        <TextField name="accessToken" type="password" label={t('line.staff.field.accessToken')} hint={storedHint(status.hasAccessToken)} error={errors.accessToken} autocomplete="off" spellcheck={false} errorPrefix={t('common.errorPrefix')} />
        <TextField name="loginChannelId" label={t('line.staff.field.loginChannelId')} hint={t('line.staff.field.channelIdHint')} value={form.loginChannelId ?? status.loginChannelId} error={errors.loginChannelId} inputmode="numeric" autocomplete="off" width="10" errorPrefix={t('common.errorPrefix')} />
        <TextField name="loginChannelSecret" type="password" label={t('line.staff.field.loginChannelSecret')} hint={storedHint(status.hasLoginSecret, t('line.staff.field.secretHint'))} error={errors.loginChannelSecret} autocomplete="off" spellcheck={false} errorPrefix={t('common.errorPrefix')} />
        <Button>{t('line.staff.save')}</Button>
      </form>
      {status.source === 'tenant' && (
        <form method="post" action={path(ctx, '/credentials/clear')}>
          <CsrfField token={ctx.csrfToken} />
          <Button variant="warning">{t('line.staff.clear')}</Button>
        </form>
      )}
    </Layout>
  )
}
