/**
 * The error summary at the top of a form page (GOV.UK pattern): a titled alert listing every
 * error, each linking to its field (`#${field}`, the field's id, which defaults to its name).
 * It is focused on page load with `autofocus` (no JavaScript needed), so screen-reader users
 * hear the errors first; enhance.js repeats that for browsers that ignore autofocus here.
 */
export interface ErrorSummaryProps {
  /** e.g. '入力内容に問題があります' */
  title: string
  errors: { field: string; message: string }[]
  /** Id of the title (default 'error-summary-title'); only one summary per page. */
  titleId?: string
}

export function ErrorSummary({ title, errors, titleId = 'error-summary-title' }: ErrorSummaryProps) {
  if (errors.length === 0) return null
  return (
    <div class="error-summary" role="alert" aria-labelledby={titleId} tabindex={-1} autofocus data-error-summary>
      <h2 id={titleId} class="error-summary__title">
        {title}
      </h2>
      <ul class="error-summary__list">
        {errors.map(error => (
          <li>
            <a href={`#${error.field}`}>{error.message}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}
