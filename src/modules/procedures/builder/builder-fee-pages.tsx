/** The fee editor: timing and payment methods, fee items, exemptions (減免). */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, Radios, Select, Table, TextField } from '../../../platform/views/components/index.js'
import { listFields, type Field, type ProcedureDocument } from '../form/form-definition.js'
import { localize } from '../form/localize.js'
import { FEE_TIMINGS, PAYMENT_METHODS, quantityCandidates } from './builder-fee-form.js'
import type { FormValues } from './builder-form-values.js'
import { ActionButton } from './builder-overview-page.js'
import { BackLink, BuilderPage, builderBase, ConditionEditor, describeCondition, FORM_ID, LocalizedInputs, valueOf, valuesOf, type FieldErrors, type SummaryItem } from './builder-views.js'

export function FeePage({ ctx, procedureId, document, values, errors = {}, summary = [], notice }: { ctx: PageContext; procedureId: string; document: ProcedureDocument; values: FormValues; errors?: FieldErrors; summary?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  const base = `${builderBase(ctx)}/${procedureId}`
  const fee = document.fee
  const fields = listFields(document.form)
  const prefix = t('builder.errorPrefix')
  return (
    <BuilderPage ctx={ctx} title={t('builder.fee.title')} errors={summary} notice={notice}>
      <BackLink href={base}>{t('builder.backToBuilder')}</BackLink>
      <p class="page-caption">{localize(document.title, ctx.locale)}</p>
      <h1>{t('builder.fee.title')}</h1>
      {!fee ? (
        <>
          <p>{t('builder.fee.none')}</p>
          <p>{t('builder.fee.enableLead')}</p>
          <ActionButton ctx={ctx} action={`${base}/fee/enable`} label={t('builder.fee.enable')} variant="primary" />
        </>
      ) : (
        <>
          <h2>{t('builder.fee.itemsHeading')}</h2>
          <Table
            caption={t('builder.fee.itemsCaption')}
            head={[t('builder.fee.itemLabel'), t('builder.fee.unitYen'), t('builder.fee.quantityField'), t('builder.fee.condition'), t('builder.list.actions')]}
            numericColumns={[1]}
            firstCellIsHeader
            rows={fee.items.map(item => {
              const name = localize(item.label, ctx.locale)
              return [
                name,
                t('builder.fee.yen', { yen: item.unitYen.toLocaleString('ja-JP') }),
                item.quantityField ?? t('builder.fee.once'),
                describeCondition(item.showIf, fields, ctx) || '—',
                <div class="builder-element__actions">
                  <a href={`${base}/fee/items/${item.id}`} class="button button--secondary builder-action">
                    {t('builder.actions.edit')}
                    <span class="visually-hidden"> {name}</span>
                  </a>
                  {fee.items.length > 1 ? <ActionButton ctx={ctx} action={`${base}/fee/items/${item.id}/delete`} label={t('builder.actions.delete')} context={name} variant="warning" confirm={t('builder.actions.confirmDelete', { name })} /> : null}
                </div>,
              ]
            })}
          />
          <p>
            <a href={`${base}/fee/items/new`}>{t('builder.fee.addItem')}</a>
          </p>

          <h2>{t('builder.fee.exemptionsHeading')}</h2>
          {fee.exemptions.length === 0 ? (
            <p>{t('builder.fee.noExemptions')}</p>
          ) : (
            <Table
              caption={t('builder.fee.exemptionsCaption')}
              head={[t('builder.fee.exemptionLabel'), t('builder.fee.condition'), t('builder.fee.exemptedItems'), t('builder.list.actions')]}
              firstCellIsHeader
              rows={fee.exemptions.map((exemption, index) => {
                const name = localize(exemption.label, ctx.locale)
                return [
                  name,
                  describeCondition(exemption.when, fields, ctx),
                  exemption.items ? exemption.items.map(id => localize(fee.items.find(i => i.id === id)?.label, ctx.locale) || id).join('、') : t('builder.fee.allItems'),
                  <div class="builder-element__actions">
                    <a href={`${base}/fee/exemptions/${index}`} class="button button--secondary builder-action">
                      {t('builder.actions.edit')}
                      <span class="visually-hidden"> {name}</span>
                    </a>
                    <ActionButton ctx={ctx} action={`${base}/fee/exemptions/${index}/delete`} label={t('builder.actions.delete')} context={name} variant="warning" confirm={t('builder.actions.confirmDelete', { name })} />
                  </div>,
                ]
              })}
            />
          )}
          <p>
            <a href={`${base}/fee/exemptions/new`}>{t('builder.fee.addExemption')}</a>
          </p>

          <h2>{t('builder.fee.paymentHeading')}</h2>
          <form method="post" action={`${base}/fee`} id={FORM_ID} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <Radios name="timing" legend={t('builder.fee.timing')} value={valueOf(values, 'timing')} error={errors.timing} errorPrefix={prefix} options={FEE_TIMINGS.map(v => ({ value: v, label: t(`builder.fee.timings.${v}`), hint: t(`builder.fee.timingHints.${v}`) }))} />
            <Checkboxes name="methods" legend={t('builder.fee.methods')} values={valuesOf(values, 'methods')} error={errors.methods} errorPrefix={prefix} options={PAYMENT_METHODS.map(v => ({ value: v, label: t(`builder.fee.methodNames.${v}`) }))} />
            <Button>{t('builder.actions.save')}</Button>
          </form>

          <h2>{t('builder.fee.removeHeading')}</h2>
          <p>{t('builder.fee.removeLead')}</p>
          <ActionButton ctx={ctx} action={`${base}/fee/remove`} label={t('builder.fee.remove')} variant="warning" confirm={t('builder.fee.confirmRemove')} />
        </>
      )}
    </BuilderPage>
  )
}

export function FeeItemPage({ ctx, procedureId, document, itemId, values, errors = {}, summary = [], candidates, notice }: { ctx: PageContext; procedureId: string; document: ProcedureDocument; itemId?: string; values: FormValues; errors?: FieldErrors; summary?: SummaryItem[]; candidates: readonly Field[]; notice?: string }) {
  const { t } = ctx
  const base = `${builderBase(ctx)}/${procedureId}`
  const prefix = t('builder.errorPrefix')
  const title = itemId ? t('builder.fee.editItem') : t('builder.fee.addItem')
  const current = document.fee?.items.find(i => i.id === itemId)
  return (
    <BuilderPage ctx={ctx} title={title} errors={summary} notice={notice}>
      <BackLink href={`${base}/fee`}>{t('builder.fee.back')}</BackLink>
      <p class="page-caption">{localize(document.title, ctx.locale)}</p>
      <h1>{title}</h1>
      <form method="post" action={itemId ? `${base}/fee/items/${itemId}` : `${base}/fee/items`} id={FORM_ID} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <LocalizedInputs ctx={ctx} prefix="label" legend={t('builder.fee.itemLabel')} values={values} errors={errors} required />
        <TextField name="unitYen" label={t('builder.fee.unitYen')} hint={t('builder.fee.unitYenHint')} value={valueOf(values, 'unitYen')} error={errors.unitYen} errorPrefix={prefix} inputmode="numeric" width="10" autocomplete="off" />
        <Select
          name="quantityField"
          label={t('builder.fee.quantityField')}
          hint={t('builder.fee.quantityFieldHint')}
          value={valueOf(values, 'quantityField')}
          error={errors.quantityField}
          errorPrefix={prefix}
          options={[{ value: '', label: t('builder.fee.once') }, ...quantityCandidates(document).map(f => ({ value: f.id, label: `${localize(f.label, ctx.locale)} (${f.id})` }))]}
        />
        <TextField name="id" label={t('builder.element.id')} hint={t('builder.fee.idHint')} value={valueOf(values, 'id')} error={errors.id} errorPrefix={prefix} width="20" spellcheck={false} autocomplete="off" />
        <ConditionEditor ctx={ctx} legend={t('builder.fee.itemCondition')} values={values} errors={errors} candidates={candidates} current={current?.showIf} />
        <Button>{t('builder.actions.save')}</Button>
      </form>
    </BuilderPage>
  )
}

export function ExemptionPage({ ctx, procedureId, document, index, values, errors = {}, summary = [], candidates }: { ctx: PageContext; procedureId: string; document: ProcedureDocument; index?: number; values: FormValues; errors?: FieldErrors; summary?: SummaryItem[]; candidates: readonly Field[] }) {
  const { t } = ctx
  const base = `${builderBase(ctx)}/${procedureId}`
  const title = index === undefined ? t('builder.fee.addExemption') : t('builder.fee.editExemption')
  const current = index === undefined ? undefined : document.fee?.exemptions[index]
  return (
    <BuilderPage ctx={ctx} title={title} errors={summary}>
      <BackLink href={`${base}/fee`}>{t('builder.fee.back')}</BackLink>
      <p class="page-caption">{localize(document.title, ctx.locale)}</p>
      <h1>{title}</h1>
      <form method="post" action={index === undefined ? `${base}/fee/exemptions` : `${base}/fee/exemptions/${index}`} id={FORM_ID} novalidate>
        <CsrfField token={ctx.csrfToken} />
        <LocalizedInputs ctx={ctx} prefix="label" legend={t('builder.fee.exemptionLabel')} hint={t('builder.fee.exemptionLabelHint')} values={values} errors={errors} required />
        <ConditionEditor ctx={ctx} legend={t('builder.fee.exemptionCondition')} values={values} errors={errors} candidates={candidates} current={current?.when} required />
        <Checkboxes
          name="items"
          legend={t('builder.fee.exemptedItems')}
          hint={t('builder.fee.exemptedItemsHint')}
          values={valuesOf(values, 'items')}
          error={errors.items}
          errorPrefix={t('builder.errorPrefix')}
          options={(document.fee?.items ?? []).map(item => ({ value: item.id, label: localize(item.label, ctx.locale) }))}
        />
        <Button>{t('builder.actions.save')}</Button>
      </form>
      <p>
        <ButtonLink href={`${base}/fee`} variant="link">
          {t('builder.actions.cancel')}
        </ButtonLink>
      </p>
    </BuilderPage>
  )
}
