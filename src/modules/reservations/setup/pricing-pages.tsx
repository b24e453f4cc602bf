/** Fee table of a resource, purposes (利用目的) and exemptions (減免). */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, Radios, Table, Tag } from '../../../platform/views/components/index.js'
import type { Facility, FeeExemption, FeeRule, Purpose, Resource } from '../reservation-tables.js'
import { BackLink, Field, LocalizedFields, localName, SetupPage, setupBase, shortTime, valueOf, valuesOf, yen, type FormState, type SummaryItem } from './setup-views.js'

/** A small form with one delete button, its accessible name naming what it deletes. */
function DeleteButton({ ctx, action, label, context }: { ctx: PageContext; action: string; label: string; context: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <button type="submit" class="link-button">
        {label}
        <span class="visually-hidden"> {context}</span>
      </button>
    </form>
  )
}
export { DeleteButton }

export function FeePage({ ctx, resource, facility, rules, state, summary = [], notice }: { ctx: PageContext; resource: Resource; facility: Facility; rules: FeeRule[]; state: FormState; summary?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/resources/${resource.id}`
  const name = localName(resource.names, ctx.locale)
  const title = t('reservations.setup.fees.title', { name })
  return (
    <SetupPage ctx={ctx} title={title} section="facilities" errors={summary} notice={notice}>
      <BackLink href={base}>{t('reservations.setup.fees.back', { name })}</BackLink>
      <p class="page-caption">{localName(facility.names, ctx.locale)}</p>
      <h1>{title}</h1>
      <p class="lead">{t('reservations.setup.fees.lead')}</p>
      {rules.length === 0 ? (
        <p>{t('reservations.setup.fees.empty')}</p>
      ) : (
        <Table
          caption={t('reservations.setup.fees.caption', { name })}
          head={[t('reservations.setup.fees.band'), t('reservations.setup.fees.dayKind'), t('reservations.setup.fees.residentFeeYen'), t('reservations.setup.fees.nonResidentFeeYen'), t('reservations.setup.actions')]}
          firstCellIsHeader
          numericColumns={[2, 3]}
          rows={rules.map(rule => {
            const band = `${shortTime(rule.bandStart)}–${shortTime(rule.bandEnd)}`
            return [band, t(`reservations.setup.dayKind.${rule.dayKind}`), yen(ctx, rule.residentFeeYen), yen(ctx, rule.nonResidentFeeYen), <DeleteButton ctx={ctx} action={`${base}/fees/${rule.id}/delete`} label={t('reservations.setup.delete')} context={`${band} ${t(`reservations.setup.dayKind.${rule.dayKind}`)}`} />]
          })}
        />
      )}
      <h2>{t('reservations.setup.fees.add')}</h2>
      <form method="post" action={`${base}/fees`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <Radios name="dayKind" legend={t('reservations.setup.fees.dayKind')} options={(['all', 'weekday', 'weekend_holiday'] as const).map(kind => ({ value: kind, label: t(`reservations.setup.dayKind.${kind}`) }))} value={valueOf(state.values, 'dayKind')} error={state.errors.dayKind} />
        <Field ctx={ctx} state={state} name="bandStart" label={t('reservations.setup.fees.bandStart')} hint={t('reservations.setup.timeHint')} required width="5" />
        <Field ctx={ctx} state={state} name="bandEnd" label={t('reservations.setup.fees.bandEnd')} required width="5" />
        <Field ctx={ctx} state={state} name="residentFeeYen" label={t('reservations.setup.fees.residentFeeYen')} hint={t('reservations.setup.fees.yenHint')} required type="number" width="10" />
        <Field ctx={ctx} state={state} name="nonResidentFeeYen" label={t('reservations.setup.fees.nonResidentFeeYen')} required type="number" width="10" />
        <Button>{t('reservations.setup.fees.addButton')}</Button>
      </form>
    </SetupPage>
  )
}

type PricingKind = 'purposes' | 'exemptions'

function PricingForm({ ctx, kind, code, state }: { ctx: PageContext; kind: PricingKind; code?: string; state: FormState }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/${kind}`
  return (
    <form method="post" action={code ? `${base}/${code}` : base} novalidate>
      <CsrfField token={ctx.csrfToken} />
      {code ? (
        <p>
          {t('reservations.setup.code')}: <code>{code}</code>
        </p>
      ) : (
        <Field ctx={ctx} state={state} name="code" label={t('reservations.setup.code')} hint={t('reservations.setup.codeHint')} required width="20" />
      )}
      <LocalizedFields ctx={ctx} state={state} prefix="name" label={t(`reservations.setup.${kind}.name`)} required />
      {kind === 'purposes' ? (
        <Field ctx={ctx} state={state} name="feePercent" label={t('reservations.setup.purposes.feePercent')} hint={t('reservations.setup.purposes.feePercentHint')} required type="number" width="5" />
      ) : (
        <>
          <Field ctx={ctx} state={state} name="percentOff" label={t('reservations.setup.exemptions.percentOff')} hint={t('reservations.setup.exemptions.percentOffHint')} required type="number" width="5" />
          <Checkboxes name="isGroupOnly" legend={t('reservations.setup.exemptions.groupOnlyLegend')} options={[{ value: 'yes', label: t('reservations.setup.exemptions.isGroupOnly') }]} values={valuesOf(state.values, 'isGroupOnly')} />
          <LocalizedFields ctx={ctx} state={state} prefix="proof" label={t('reservations.setup.exemptions.proofNotes')} multiline />
        </>
      )}
      <Field ctx={ctx} state={state} name="sortOrder" label={t('reservations.setup.sortOrder')} type="number" width="5" />
      <Button>{code ? t('reservations.setup.save') : t(`reservations.setup.${kind}.addButton`)}</Button>
    </form>
  )
}

/** The list with an add form below (purposes or exemptions). */
export function PricingListPage({ ctx, kind, purposes = [], exemptions = [], state, summary = [], notice, refused }: { ctx: PageContext; kind: PricingKind; purposes?: Purpose[]; exemptions?: FeeExemption[]; state: FormState; summary?: SummaryItem[]; notice?: string; refused?: string }) {
  const { t } = ctx
  const base = `${setupBase(ctx)}/${kind}`
  const title = t(`reservations.setup.${kind}.title`)
  const errors = refused ? [{ field: 'list', message: refused }, ...summary] : summary
  const rows =
    kind === 'purposes'
      ? purposes.map(p => [<a href={`${base}/${p.code}`}>{localName(p.names, ctx.locale)}</a>, <code>{p.code}</code>, `${p.feePercent}%`, <DeleteButton ctx={ctx} action={`${base}/${p.code}/delete`} label={t('reservations.setup.delete')} context={localName(p.names, ctx.locale)} />])
      : exemptions.map(e => [
          <a href={`${base}/${e.code}`}>{localName(e.names, ctx.locale)}</a>,
          <code>{e.code}</code>,
          <>
            {`${e.percentOff}%`} {e.isGroupOnly ? <Tag tone="blue">{t('reservations.setup.exemptions.groupOnlyTag')}</Tag> : null}
          </>,
          <DeleteButton ctx={ctx} action={`${base}/${e.code}/delete`} label={t('reservations.setup.delete')} context={localName(e.names, ctx.locale)} />,
        ])
  return (
    <SetupPage ctx={ctx} title={title} section={kind} errors={errors} notice={notice}>
      <h1>{title}</h1>
      <p class="lead">{t(`reservations.setup.${kind}.lead`)}</p>
      <div id="list">
        {rows.length === 0 ? (
          <p>{t(`reservations.setup.${kind}.empty`)}</p>
        ) : (
          <Table caption={title} head={[t(`reservations.setup.${kind}.name`), t('reservations.setup.code'), t(kind === 'purposes' ? 'reservations.setup.purposes.feePercent' : 'reservations.setup.exemptions.percentOff'), t('reservations.setup.actions')]} firstCellIsHeader numericColumns={[2]} rows={rows} />
        )}
      </div>
      <h2>{t(`reservations.setup.${kind}.add`)}</h2>
      <PricingForm ctx={ctx} kind={kind} state={state} />
    </SetupPage>
  )
}

export function PricingEditPage({ ctx, kind, code, name, state, summary = [] }: { ctx: PageContext; kind: PricingKind; code: string; name: string; state: FormState; summary?: SummaryItem[] }) {
  const { t } = ctx
  const title = t(`reservations.setup.${kind}.editTitle`, { name })
  return (
    <SetupPage ctx={ctx} title={title} section={kind} errors={summary}>
      <BackLink href={`${setupBase(ctx)}/${kind}`}>{t(`reservations.setup.${kind}.back`)}</BackLink>
      <h1>{title}</h1>
      <PricingForm ctx={ctx} kind={kind} code={code} state={state} />
      <ButtonLink href={`${setupBase(ctx)}/${kind}`} variant="link">
        {t('reservations.setup.cancel')}
      </ButtonLink>
    </SetupPage>
  )
}
