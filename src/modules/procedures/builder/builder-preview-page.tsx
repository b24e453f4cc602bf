/**
 * プレビュー: the draft's pages as a resident will see them, rendered by the resident form's own
 * renderer (form-fields.tsx), one page at a time and in any of the three languages. Nothing can
 * be submitted. Conditional fields are all shown, each with the condition that shows it.
 */
import { htmlLang, LOCALES, translator, type Locale } from '../../../platform/i18n/i18n.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import { NotificationBanner } from '../../../platform/views/components/index.js'
import { listFields, type FormElement, type ProcedureDocument } from '../form/form-definition.js'
import { FormPageFields, type FieldRenderContext } from '../form/form-fields.js'
import { calculateFee } from '../form/form-fees.js'
import { localize } from '../form/localize.js'
import { BackLink, BuilderPage, builderBase, describeCondition } from './builder-views.js'

const LANGUAGE_NAMES: Record<Locale, string> = { ja: '日本語', 'ja-easy': 'やさしい日本語', en: 'English' }

export function PreviewPage({ ctx, procedureId, document, pageNumber, language }: { ctx: PageContext; procedureId: string; document: ProcedureDocument; pageNumber: number; language: Locale }) {
  const { t } = ctx
  const base = `${builderBase(ctx)}/${procedureId}`
  const pages = document.form.pages
  const lastStep = pages.length + 1
  const step = Math.min(Math.max(1, pageNumber), lastStep)
  const href = (n: number, lang: Locale = language) => `${base}/preview?page=${n}&language=${lang}`
  const fields = listFields(document.form)
  const fieldCtx: FieldRenderContext = { locale: language, t: translator(language), values: {}, errors: {} }
  const page = pages[step - 1]
  const stepTitle = page ? localize(page.title, language) : translator(language)('builder.preview.confirmStep')
  const pageConditionText = page ? describeCondition(page.showIf, fields, ctx) : ''
  const withoutCondition = (element: FormElement): FormElement => ({ ...element, showIf: undefined })
  return (
    <BuilderPage ctx={ctx} title={t('builder.preview.title', { title: localize(document.title, ctx.locale) })}>
      <BackLink href={base}>{t('builder.backToBuilder')}</BackLink>
      <NotificationBanner title={t('builder.preview.bannerTitle')}>
        <p>{t('builder.preview.bannerText')}</p>
      </NotificationBanner>
      <nav class="builder-preview__languages" aria-label={t('builder.preview.languages')}>
        <ul class="list-plain builder-inline-list">
          {LOCALES.map(locale => (
            <li>
              {locale === language ? (
                <strong aria-current="true" lang={htmlLang(locale)}>
                  {LANGUAGE_NAMES[locale]}
                </strong>
              ) : (
                <a href={href(step, locale)} lang={htmlLang(locale)}>
                  {LANGUAGE_NAMES[locale]}
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <nav class="builder-preview__steps" aria-label={t('builder.preview.steps')}>
        <ol lang={htmlLang(language)}>
          {[...pages.map(p => localize(p.title, language)), translator(language)('builder.preview.confirmStep')].map((title, i) => (
            <li>{i + 1 === step ? <strong aria-current="step">{title}</strong> : <a href={href(i + 1)}>{title}</a>}</li>
          ))}
        </ol>
      </nav>
      <div class="builder-preview" lang={htmlLang(language)}>
        <p class="page-caption">
          <span class="builder-preview__mark">{translator(language)('builder.preview.mark')}</span> {localize(document.title, language)}
        </p>
        <h1>{stepTitle}</h1>
        {pageConditionText ? <p class="builder-preview__condition">{pageConditionText}</p> : null}
        {page ? (
          page.elements.map(element =>
            element.showIf ? (
              <div class="builder-preview__conditional">
                <p class="builder-preview__condition">{describeCondition(element.showIf, fields, ctx)}</p>
                <FormPageFields page={{ ...page, elements: [withoutCondition(element)] }} earlier={{}} ctx={fieldCtx} />
              </div>
            ) : (
              <FormPageFields page={{ ...page, elements: [element] }} earlier={{}} ctx={fieldCtx} />
            ),
          )
        ) : (
          <ConfirmStep document={document} language={language} />
        )}
      </div>
      <ul class="list-plain builder-inline-list builder-preview__pager">
        {step > 1 ? (
          <li>
            <a href={href(step - 1)}>{t('builder.preview.previous')}</a>
          </li>
        ) : null}
        {step < lastStep ? (
          <li>
            <a href={href(step + 1)}>{t('builder.preview.next')}</a>
          </li>
        ) : null}
      </ul>
    </BuilderPage>
  )
}

/** The last step: the declaration and how the fee is worked out (no answers, so no amount). */
function ConfirmStep({ document, language }: { document: ProcedureDocument; language: Locale }) {
  const t = translator(language)
  return (
    <>
      {document.fee ? (
        <>
          <h2>{t('builder.preview.feeHeading')}</h2>
          <ul>
            {document.fee.items.map(item => (
              <li>
                {localize(item.label, language)}: {t('builder.fee.yen', { yen: item.unitYen.toLocaleString('ja-JP') })}
                {item.quantityField ? ` × ${localize(listFields(document.form).find(f => f.id === item.quantityField)?.label, language)}` : ''}
              </li>
            ))}
            {document.fee.exemptions.map(e => (
              <li>{localize(e.label, language)}</li>
            ))}
          </ul>
          <p class="muted">{t('builder.preview.feeExample', { yen: calculateFee(document.fee, {}).totalYen.toLocaleString('ja-JP') })}</p>
        </>
      ) : null}
      <h2>{t('builder.preview.declarationHeading')}</h2>
      <p class="builder-quote">{localize(document.form.declaration, language)}</p>
      <p class="muted">{t('builder.preview.noSubmit')}</p>
    </>
  )
}
