/** The sorting dictionary search page: results with 分別区分 and 出し方, or suggestions and the contact. */
import { Layout } from '../../../platform/views/layout.js'
import type { PageContext } from '../../../platform/views/page-context.js'
import type { SortingMatch } from './garbage-dictionary.js'
import { categoryDescription, categoryName, type CategoryLabel } from './garbage-calendar-view.js'
import { Breadcrumbs, ContactNote, garbageBase, GarbageStyles, SearchForm, TypeLabel } from './garbage-public-pages.js'

export interface SearchPageProps {
  ctx: PageContext
  query: string
  matches: SortingMatch[]
  suggestions: SortingMatch[]
  categories: ReadonlyMap<string, CategoryLabel>
}

function MatchList({ ctx, matches, categories, labelledBy }: { ctx: PageContext; matches: SortingMatch[]; categories: ReadonlyMap<string, CategoryLabel>; labelledBy: string }) {
  const { t, locale } = ctx
  return (
    <ul class="garbage-results" aria-labelledby={labelledBy}>
      {matches.map(({ entry }) => {
        const link = categories.get(entry.category)?.linkUrl
        return (
          <li class="garbage-result">
            <h3 class="garbage-result__item">
              {entry.item}
              {entry.reading ? <span class="garbage-result__reading"> ({entry.reading})</span> : null}
            </h3>
            <dl class="garbage-result__details">
              <dt>{t('notifications.garbage.search.category')}</dt>
              <dd>
                <TypeLabel categories={categories} type={entry.category} locale={locale} />
              </dd>
              <dt>{t('notifications.garbage.search.instructions')}</dt>
              <dd>{entry.instructions ?? categoryDescription(categories, entry.category, locale) ?? t('notifications.garbage.search.noInstructions')}</dd>
            </dl>
            {link ? (
              <p>
                <a href={link}>{t('notifications.garbage.public.categoryLink', { type: categoryName(categories, entry.category, locale) })}</a>
              </p>
            ) : null}
          </li>
        )
      })}
    </ul>
  )
}

/** /:tenant/garbage/search?q= */
export function SortingSearchPage({ ctx, query, matches, suggestions, categories }: SearchPageProps) {
  const { t } = ctx
  const base = garbageBase(ctx)
  const title = query ? t('notifications.garbage.search.titleWithQuery', { query }) : t('notifications.garbage.search.heading')
  return (
    <Layout ctx={ctx} title={title}>
      <GarbageStyles ctx={ctx} />
      <Breadcrumbs ctx={ctx} items={[{ href: base, label: t('notifications.garbage.public.title') }, { label: t('notifications.garbage.search.heading') }]} />
      <h1>{t('notifications.garbage.search.heading')}</h1>
      <SearchForm ctx={ctx} query={query} />
      {query === '' ? null : matches.length > 0 ? (
        <>
          <h2 id="results-heading">
            {t('notifications.garbage.search.results', { count: matches.length, query })}
          </h2>
          <MatchList ctx={ctx} matches={matches} categories={categories} labelledBy="results-heading" />
        </>
      ) : (
        <>
          <h2 id="results-heading">
            {t('notifications.garbage.search.none', { query })}
          </h2>
          <p>{t('notifications.garbage.search.tips')}</p>
          {suggestions.length > 0 ? (
            <>
              <h2 id="suggestions-heading">{t('notifications.garbage.search.suggestions')}</h2>
              <MatchList ctx={ctx} matches={suggestions} categories={categories} labelledBy="suggestions-heading" />
            </>
          ) : null}
          <h2>{t('notifications.garbage.search.askHeading')}</h2>
          <ContactNote ctx={ctx} />
        </>
      )}
    </Layout>
  )
}
