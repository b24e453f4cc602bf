/** Topic pages: the ordered list, the add / edit form, the delete confirmation. */
import type { PageContext } from '../../../platform/views/page-context.js'
import { Button, ButtonLink, Checkboxes, CsrfField, Details, Table, Tag, TextArea, TextField } from '../../../platform/views/components/index.js'
import type { NoticeLanguage, NotificationTopic } from '../notification-tables.js'
import type { FormValues } from './audience-form-values.js'
import { AudiencePage, audienceBase, BackLink, localName, valueOf, valuesOf, type FieldErrors, type SummaryItem } from './audience-views.js'
import { descriptionField, MAIN_LANGUAGES, nameField, OTHER_LANGUAGES } from './topic-form.js'
import type { TopicUsage } from './topic-repository.js'

export function TopicListPage({ ctx, topics, notice }: { ctx: PageContext; topics: NotificationTopic[]; notice?: string }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/topics`
  return (
    <AudiencePage ctx={ctx} title={t('audience.topics.title')} section="topics" notice={notice}>
      <h1>{t('audience.topics.title')}</h1>
      <p class="lead">{t('audience.topics.lead')}</p>
      {topics.length === 0 ? (
        <p>{t('audience.topics.empty')}</p>
      ) : (
        <Table
          caption={t('audience.topics.caption')}
          head={[t('audience.topics.name'), t('audience.topics.key'), t('audience.topics.isDefault'), t('audience.topics.order'), t('audience.actions')]}
          firstCellIsHeader
          rows={topics.map((topic, index) => {
            const name = localName(topic.names, ctx.locale)
            return [
              <>
                {name}
                {ctx.locale !== 'ja' && name !== topic.names.ja ? (
                  <>
                    <br />
                    <span class="muted" lang="ja">{topic.names.ja}</span>
                  </>
                ) : null}
              </>,
              <code>{topic.key}</code>,
              topic.isDefault ? <Tag tone="green">{t('audience.topics.default')}</Tag> : '',
              <div class="button-group">
                {index > 0 ? (
                  <form method="post" action={`${base}/${topic.id}/move`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit" class="link-button">
                      {t('audience.topics.moveUp')}
                      <span class="visually-hidden"> {name}</span>
                    </button>
                  </form>
                ) : null}
                {index < topics.length - 1 ? (
                  <form method="post" action={`${base}/${topic.id}/move`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <input type="hidden" name="direction" value="down" />
                    <button type="submit" class="link-button">
                      {t('audience.topics.moveDown')}
                      <span class="visually-hidden"> {name}</span>
                    </button>
                  </form>
                ) : null}
              </div>,
              <ul class="list-plain">
                <li>
                  <a href={`${base}/${topic.id}`}>
                    {t('audience.edit')}
                    <span class="visually-hidden"> {name}</span>
                  </a>
                </li>
                <li>
                  <a href={`${base}/${topic.id}/delete`}>
                    {t('audience.delete')}
                    <span class="visually-hidden"> {name}</span>
                  </a>
                </li>
              </ul>,
            ]
          })}
        />
      )}
      <ButtonLink href={`${base}/new`}>{t('audience.topics.add')}</ButtonLink>
    </AudiencePage>
  )
}

function LanguageInputs({ ctx, language, values, errors }: { ctx: PageContext; language: NoticeLanguage; values: FormValues; errors: FieldErrors }) {
  const { t } = ctx
  const prefix = t('audience.errorPrefix')
  const label = t(`audience.languages.${language}`)
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">{label}</legend>
      <TextField
        name={nameField(language)}
        label={`${t('audience.topics.name')}(${label})`}
        value={valueOf(values, nameField(language))}
        error={errors[nameField(language)]}
        errorPrefix={prefix}
        required={language === 'ja'}
        requiredLabel={t('audience.form.requiredMark')}
        autocomplete="off"
      />
      <TextArea
        name={descriptionField(language)}
        label={`${t('audience.topics.description')}(${label})${t('audience.form.optional')}`}
        value={valueOf(values, descriptionField(language))}
        error={errors[descriptionField(language)]}
        errorPrefix={prefix}
        rows={2}
        hint={language === 'ja' ? t('audience.topics.descriptionsHint') : undefined}
      />
    </fieldset>
  )
}

/** Add (no `topic`) or edit a topic. */
export function TopicFormPage({ ctx, topic, values, errors = {}, summary = [], notice }: { ctx: PageContext; topic?: NotificationTopic; values: FormValues; errors?: FieldErrors; summary?: SummaryItem[]; notice?: string }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/topics`
  const title = topic ? t('audience.topics.editTitle', { name: localName(topic.names, ctx.locale) }) : t('audience.topics.newTitle')
  const hasOtherValues = OTHER_LANGUAGES.some(l => valueOf(values, nameField(l)) || valueOf(values, descriptionField(l)) || errors[nameField(l)] || errors[descriptionField(l)])
  return (
    <AudiencePage ctx={ctx} title={title} section="topics" errors={summary} notice={notice}>
      <BackLink href={base}>{t('audience.topics.back')}</BackLink>
      <h1>{title}</h1>
      <form method="post" action={topic ? `${base}/${topic.id}` : `${base}/new`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {topic ? (
          <p>
            {t('audience.topics.key')}: <code>{topic.key}</code>
          </p>
        ) : (
          <TextField
            name="key"
            label={t('audience.topics.key')}
            hint={t('audience.topics.keyHint')}
            value={valueOf(values, 'key')}
            error={errors.key}
            errorPrefix={t('audience.errorPrefix')}
            required
            requiredLabel={t('audience.form.requiredMark')}
            width="20"
            spellcheck={false}
            autocomplete="off"
          />
        )}
        <h2>{t('audience.topics.names')}</h2>
        <p class="field__hint">{t('audience.topics.namesHint')}</p>
        {MAIN_LANGUAGES.map(language => (
          <LanguageInputs ctx={ctx} language={language} values={values} errors={errors} />
        ))}
        {hasOtherValues ? (
          <>
            <h2>{t('audience.topics.otherLanguages')}</h2>
            {OTHER_LANGUAGES.map(language => (
              <LanguageInputs ctx={ctx} language={language} values={values} errors={errors} />
            ))}
          </>
        ) : (
          <Details summary={t('audience.topics.otherLanguages')}>
            {OTHER_LANGUAGES.map(language => (
              <LanguageInputs ctx={ctx} language={language} values={values} errors={errors} />
            ))}
          </Details>
        )}
        <Checkboxes
          name="isDefault"
          legend={t('audience.topics.isDefault')}
          hint={t('audience.topics.isDefaultHint')}
          values={valuesOf(values, 'isDefault')}
          options={[{ value: 'yes', label: t('audience.topics.isDefaultLabel') }]}
        />
        <Button>{topic ? t('audience.topics.save') : t('audience.topics.create')}</Button>
      </form>
      {topic ? (
        <p>
          <a href={`${base}/${topic.id}/delete`}>{t('audience.topics.deleteLink')}</a>
        </p>
      ) : null}
    </AudiencePage>
  )
}

/** What deleting the topic means, and the button; or why it cannot be deleted. */
export function TopicDeletePage({ ctx, topic, usage, refused }: { ctx: PageContext; topic: NotificationTopic; usage: TopicUsage; refused?: boolean }) {
  const { t } = ctx
  const base = `${audienceBase(ctx)}/topics`
  const name = localName(topic.names, ctx.locale)
  const title = t('audience.topics.deleteTitle', { name })
  const isInUse = usage.notices > 0 || usage.templates > 0
  const inUseMessage = t('audience.topics.inUse', { notices: usage.notices, templates: usage.templates })
  return (
    <AudiencePage ctx={ctx} title={title} section="topics" errors={refused ? [{ field: 'delete', message: inUseMessage }] : []}>
      <BackLink href={`${base}/${topic.id}`}>{t('audience.topics.back')}</BackLink>
      <h1>{title}</h1>
      {isInUse ? (
        <p id="delete">{inUseMessage}</p>
      ) : (
        <>
          <p>{usage.subscribers > 0 ? t('audience.topics.deleteSubscribers', { count: usage.subscribers }) : t('audience.topics.deleteNoSubscribers')}</p>
          <form method="post" action={`${base}/${topic.id}/delete`} id="delete">
            <CsrfField token={ctx.csrfToken} />
            <div class="button-group">
              <Button variant="warning">{t('audience.topics.deleteConfirm')}</Button>
              <ButtonLink href={base} variant="secondary">
                {t('audience.cancel')}
              </ButtonLink>
            </div>
          </form>
        </>
      )}
    </AudiencePage>
  )
}
