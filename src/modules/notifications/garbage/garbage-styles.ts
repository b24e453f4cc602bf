/**
 * The garbage pages' stylesheet, served same-origin (the CSP forbids inline styles): the month
 * table's layout, today's outline, and each category's colour as a left bar beside its name.
 * Colours repeat what the text says; nothing depends on them.
 */
const BASE_CSS = `
.garbage-month { table-layout: fixed; min-width: 42rem; }
.garbage-month td { vertical-align: top; height: 5.5rem; padding: 0.25rem 0.375rem; border: 1px solid var(--yk-border, #ccc); }
.garbage-month__date { display: block; font-weight: 700; }
.garbage-month__day--holiday .garbage-month__date { text-decoration: underline; text-decoration-style: double; }
.garbage-month__day--today { outline: 0.25rem solid var(--yk-primary, #0031d8); outline-offset: -0.25rem; }
.garbage-month__empty { background: var(--yk-surface-muted, #f2f2f2); }
.garbage-badge { display: inline-block; margin-inline-start: 0.25rem; padding: 0 0.375rem; border: 2px solid currentColor; border-radius: 0.25rem; font-size: 0.875em; }
.garbage-collections { margin: 0.25rem 0 0; padding: 0; list-style: none; }
.garbage-collections > li { margin: 0 0 0.125rem; }
.garbage-type { display: inline-block; padding-inline-start: 0.375rem; border-inline-start: 0.375rem solid var(--yk-border, #767676); font-weight: 700; }
.garbage-note { display: block; font-size: 0.875em; color: var(--yk-text-muted, #4d4d4d); }
.garbage-none { color: var(--yk-text-muted, #4d4d4d); }
.garbage-month-nav { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 0.5rem; margin: 0 0 0.75rem; }
.garbage-types dt { margin-top: 0.75rem; }
.garbage-types dd { margin: 0.25rem 0 0; }
.garbage-results { margin: 0 0 2rem; padding: 0; list-style: none; }
.garbage-result { padding: 0.75rem 0; border-bottom: 1px solid var(--yk-border, #ccc); }
.garbage-result__item { margin: 0 0 0.5rem; }
.garbage-result__reading { font-weight: 400; font-size: 0.875em; }
.garbage-result__details dt { font-weight: 700; }
.garbage-result__details dd { margin: 0 0 0.5rem; }
.garbage-errors td, .garbage-errors th { vertical-align: top; }
@media print { .garbage-month-nav, .garbage-search { display: none; } }
`

const HEX_COLOUR = /^#[0-9a-f]{6}$/
const UUID = /^[0-9a-f-]{36}$/

/** The stylesheet with one rule per category that has a colour. */
export function buildGarbageStylesheet(categories: readonly { id: string; colour: string | null }[]): string {
  const rules = categories
    .filter(category => category.colour && HEX_COLOUR.test(category.colour) && UUID.test(category.id))
    .map(category => `.gc-${category.id} { border-inline-start-color: ${category.colour}; }`)
  return `${BASE_CSS.trim()}\n${rules.join('\n')}\n`
}
