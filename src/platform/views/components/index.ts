/**
 * Accessible, server-rendered view components (hono/jsx). All visible text comes from props: the
 * caller translates. The only built-in strings are visually-hidden prefixes and the postal lookup
 * messages, each overridable through a prop with a Japanese default. Styles: public/yakuba.css.
 */
export { type FieldError, DEFAULT_ERROR_PREFIX } from './field-parts.js'
export {
  TextField,
  TextArea,
  DateField,
  PostalCodeField,
  DEFAULT_POSTAL_LOOKUP_LABELS,
  type FieldBaseProps,
  type FieldWidth,
  type InputMode,
  type TextFieldProps,
  type TextAreaProps,
  type DateFieldProps,
  type PostalCodeFieldProps,
  type PostalLookupLabels,
} from './text-fields.js'
export { Radios, Checkboxes, Select, type ChoiceOption, type RadiosProps, type CheckboxesProps, type SelectProps } from './choice-fields.js'
export { ErrorSummary, type ErrorSummaryProps } from './error-summary.js'
export { Button, ButtonLink, CopyButton, type ButtonVariant, type ButtonProps, type ButtonLinkProps, type CopyButtonProps } from './buttons.js'
export { NotificationBanner, EmergencyBanner, type NotificationBannerProps, type EmergencyBannerProps } from './banners.js'
export { Table, type TableProps } from './table.js'
export { Pagination, paginationItems, type PaginationProps, type PaginationLabels } from './pagination.js'
export { SummaryList, type SummaryListProps, type SummaryListRow } from './summary-list.js'
export { Tag, Details, BackLink, CsrfField, type TagProps, type TagTone, type DetailsProps } from './content.js'
export { StackedBarChart, RatioBarChart, LineChart, lineChartScale, type StackedBarRow, type RatioBarRow, type ChartPalette, type LineChartProps, type LineChartThreshold } from './charts.js'
