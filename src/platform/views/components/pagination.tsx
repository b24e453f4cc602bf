/** Pagination for `list*` pages: previous / numbered pages with gaps / next, as plain links. */

export interface PaginationLabels {
  /** e.g. '前へ' */
  previous: string
  /** e.g. '次へ' */
  next: string
  /** Visually-hidden word read with each number, e.g. 'ページ' → "ページ 3" */
  page: string
  /** The nav landmark's name, e.g. 'ページ送り' */
  nav: string
}

export interface PaginationProps {
  /** 1-based */
  page: number
  pageCount: number
  hrefFor: (page: number) => string
  labels: PaginationLabels
}

/** Pages to show: first, last, current ± 1, and gaps (null) where pages are skipped. */
export function paginationItems(page: number, pageCount: number): (number | null)[] {
  const shown = new Set([1, pageCount, page - 1, page, page + 1].filter(p => p >= 1 && p <= pageCount))
  // A gap of exactly one page shows that page instead of an ellipsis.
  if (shown.has(3) && !shown.has(2)) shown.add(2)
  if (shown.has(pageCount - 2) && !shown.has(pageCount - 1)) shown.add(pageCount - 1)
  const pages = [...shown].sort((a, b) => a - b)
  const items: (number | null)[] = []
  pages.forEach((p, i) => {
    if (i > 0 && p - pages[i - 1] > 1) items.push(null)
    items.push(p)
  })
  return items
}

/** Renders nothing when there is a single page. The current page is marked with aria-current, bold and boxed. */
export function Pagination({ page, pageCount, hrefFor, labels }: PaginationProps) {
  if (pageCount <= 1) return null
  const current = Math.min(Math.max(1, Math.trunc(page)), pageCount)
  return (
    <nav class="pagination" aria-label={labels.nav}>
      {current > 1 ? (
        <a class="pagination__link pagination__prev" href={hrefFor(current - 1)} rel="prev">
          <span class="pagination__arrow" aria-hidden="true">
            ‹
          </span>
          {labels.previous}
        </a>
      ) : null}
      <ul class="pagination__list">
        {paginationItems(current, pageCount).map(item =>
          item === null ? (
            <li class="pagination__item pagination__item--ellipsis">…</li>
          ) : (
            <li class={item === current ? 'pagination__item pagination__item--current' : 'pagination__item'}>
              <a class="pagination__link" href={hrefFor(item)} aria-current={item === current ? 'page' : undefined}>
                <span class="visually-hidden">{labels.page} </span>
                {item}
              </a>
            </li>
          ),
        )}
      </ul>
      {current < pageCount ? (
        <a class="pagination__link pagination__next" href={hrefFor(current + 1)} rel="next">
          {labels.next}
          <span class="pagination__arrow" aria-hidden="true">
            ›
          </span>
        </a>
      ) : null}
    </nav>
  )
}
