import { Layout } from '../views/layout.js'
import type { PageContext } from '../views/page-context.js'

/** Friendly error page in the visitor's language; never shows internals, shows the request id. */
export function ErrorPage({ ctx, status, messageKey, params, requestId }: { ctx: PageContext; status: number; messageKey: string; params?: Record<string, string | number>; requestId: string }) {
  const titleKey = status === 404 ? 'errors.title404' : status === 403 ? 'errors.title403' : status >= 500 ? 'errors.title500' : status === 429 ? 'errors.title429' : 'errors.title4xx'
  const home = ctx.tenant ? `/${ctx.tenant.slug}` : '/'
  return (
    <Layout ctx={ctx} title={ctx.t(titleKey)} area={ctx.tenant ? 'portal' : 'root'}>
      <h1>{ctx.t(titleKey)}</h1>
      <p>{ctx.t(messageKey, params)}</p>
      <p>
        <a href={home}>{ctx.t('errors.backHome')}</a>
      </p>
      <p class="muted">{ctx.t('errors.requestId', { id: requestId })}</p>
    </Layout>
  )
}
