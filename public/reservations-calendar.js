// Reservations: a month calendar above a resource's week table (progressive enhancement).
// Loaded as <script src="/static/reservations-calendar.js" type="module" defer>. Without it the
// page is complete: the week table and its previous / next week links. All text comes from
// data-* attributes on <div class="reservations-calendar" hidden>, rendered in the visitor's language.
//
// The grid follows the WAI-ARIA date grid pattern: one day is in the tab order, arrow keys move
// by day and week, Home / End to the week's ends, Page Up / Page Down by month; Enter (or Space)
// opens that week in the table. Each day says its date and its state in words, never by colour.

const pad = n => String(n).padStart(2, '0')
const isoOf = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`
const partsOf = iso => iso.split('-').map(Number)
const utc = iso => {
  const [y, m, d] = partsOf(iso)
  return new Date(Date.UTC(y, m - 1, d))
}
const isoFromUtc = date => isoOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
const addDays = (iso, days) => {
  const date = utc(iso)
  date.setUTCDate(date.getUTCDate() + days)
  return isoFromUtc(date)
}
const daysInMonth = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const fill = (template, values) => (template ?? '').replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match))

/** The same day in another month, kept inside that month (31 Mar − 1 month → 28/29 Feb). */
function shiftMonth(iso, months) {
  const [y, m, d] = partsOf(iso)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return isoOf(year, month, Math.min(d, daysInMonth(year, month)))
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue
    if (name === 'class') node.className = value
    else if (name === 'text') node.textContent = value
    else node.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child)
  return node
}

class MonthCalendar {
  constructor(root) {
    const d = root.dataset
    this.root = root
    this.labels = d
    this.source = d.calendarSource
    this.weekUrl = d.calendarWeekUrl
    this.today = d.calendarToday
    this.last = d.calendarLast
    this.weekStart = d.calendarStart
    this.weekdays = (d.weekdays ?? '').split(',')
    this.locale = d.locale === 'en' ? 'en-GB' : 'ja-JP'
    this.focused = this.weekStart
    this.month = this.weekStart.slice(0, 7)
    this.summaries = new Map()
    this.requests = 0
    this.build()
    root.hidden = false
    void this.show(this.month, false)
  }

  build() {
    const heading = el('h3', { id: 'reservations-calendar-heading', text: this.labels.labelHeading })
    this.previous = el('button', { type: 'button', class: 'button button--secondary', text: this.labels.labelPrevious })
    this.next = el('button', { type: 'button', class: 'button button--secondary', text: this.labels.labelNext })
    this.previous.addEventListener('click', () => void this.moveMonth(-1))
    this.next.addEventListener('click', () => void this.moveMonth(1))
    const nav = el('div', { class: 'reservations-calendar__nav' }, this.previous, this.next)
    const help = el('p', { id: 'reservations-calendar-help', class: 'field__hint', text: this.labels.labelHelp })
    this.status = el('p', { class: 'reservations-calendar__status', role: 'status' })
    this.caption = el('caption', { id: 'reservations-calendar-month', class: 'table__caption' })
    const headRow = el('tr')
    for (const name of this.weekdays) headRow.append(el('th', { scope: 'col', class: 'reservations-calendar__weekday', text: name }))
    this.body = el('tbody')
    this.grid = el('table', { role: 'grid', class: 'reservations-calendar__grid', 'aria-labelledby': 'reservations-calendar-month', 'aria-describedby': 'reservations-calendar-help' }, this.caption, el('thead', {}, headRow), this.body)
    this.grid.addEventListener('keydown', event => this.onKey(event))
    this.root.replaceChildren(heading, help, nav, this.status, el('div', { class: 'reservations-calendar__scroll' }, this.grid))
  }

  monthLabel(month) {
    const [year, number] = partsOf(`${month}-01`)
    const monthName = new Intl.DateTimeFormat(this.locale, { month: 'long', timeZone: 'UTC' }).format(utc(`${month}-01`))
    return fill(this.labels.labelMonth, { year, month: number, monthName })
  }

  dayLabel(iso) {
    const [, month, day] = partsOf(iso)
    const monthName = new Intl.DateTimeFormat(this.locale, { month: 'long', timeZone: 'UTC' }).format(utc(iso))
    const weekday = this.weekdays[utc(iso).getUTCDay()] ?? ''
    return `${fill(this.labels.labelDay, { month, day, monthName })} (${weekday})`
  }

  /** Loads a month's counts (dates before today or after the last bookable date are not asked for). */
  async load(month) {
    if (this.summaries.has(month)) return true
    const first = `${month}-01`
    const [y, m] = partsOf(first)
    const lastOfMonth = isoOf(y, m, daysInMonth(y, m))
    const from = first < this.today ? this.today : first
    const until = lastOfMonth > this.last ? this.last : lastOfMonth
    if (from > until) {
      this.summaries.set(month, new Map())
      return true
    }
    const days = Math.round((utc(until) - utc(from)) / 86400000) + 1
    try {
      const response = await fetch(`${this.source}?from=${from}&days=${days}`, { headers: { accept: 'application/json' } })
      if (!response.ok) return false
      const data = await response.json()
      this.summaries.set(month, new Map((data.dates ?? []).map(day => [day.date, day])))
      return true
    } catch {
      return false
    }
  }

  async show(month, moveFocus) {
    const request = ++this.requests
    this.status.textContent = this.labels.labelLoading
    const isLoaded = await this.load(month)
    if (request !== this.requests) return // a later month was asked for meanwhile
    if (!isLoaded) {
      this.status.textContent = this.labels.labelFailed
      return
    }
    this.month = month
    this.render(moveFocus)
    this.status.textContent = fill(this.labels.labelLoaded, { month: this.monthLabel(month) })
  }

  stateOf(iso) {
    if (iso < this.today || iso > this.last) return { key: 'past', text: iso < this.today ? this.labels.labelPast : this.labels.labelNone }
    const day = this.summaries.get(this.month)?.get(iso)
    if (!day) return { key: 'none', text: this.labels.labelNone }
    if (day.isClosed) return { key: 'closed', text: this.labels.labelClosed }
    if (day.openSlots > 0) return { key: 'open', text: fill(this.labels.labelOpen, { count: day.openSlots }) }
    if (day.lotterySlots > 0) return { key: 'lottery', text: this.labels.labelLottery }
    if (day.fullSlots > 0) return { key: 'full', text: this.labels.labelFull }
    return { key: 'none', text: this.labels.labelNone }
  }

  render(moveFocus) {
    const [y, m] = partsOf(`${this.month}-01`)
    const count = daysInMonth(y, m)
    if (this.focused.slice(0, 7) !== this.month) this.focused = this.month === this.today.slice(0, 7) ? this.today : `${this.month}-01`
    this.caption.textContent = this.monthLabel(this.month)
    this.previous.disabled = this.month <= this.today.slice(0, 7)
    this.next.disabled = this.month >= this.last.slice(0, 7)
    const weekEnd = addDays(this.weekStart, 6)
    const rows = []
    let row = el('tr')
    const offset = utc(`${this.month}-01`).getUTCDay()
    for (let i = 0; i < offset; i++) row.append(el('td', { class: 'reservations-calendar__blank' }))
    for (let day = 1; day <= count; day++) {
      const iso = isoOf(y, m, day)
      const state = this.stateOf(iso)
      const isBookable = state.key !== 'past'
      const content = [
        el('span', { class: 'visually-hidden', text: `${this.dayLabel(iso)} ` }),
        el('span', { class: 'reservations-calendar__number', 'aria-hidden': 'true', text: String(day) }),
        el('span', { class: 'reservations-calendar__state', text: state.text }),
      ]
      const classes = ['reservations-calendar__day', `reservations-calendar__day--${state.key}`, iso >= this.weekStart && iso <= weekEnd ? 'reservations-calendar__day--week' : '']
      const day$ = isBookable ? el('a', { href: `${this.weekUrl}${iso}#week`, class: classes.join(' ') }, ...content) : el('span', { class: classes.join(' ') }, ...content)
      day$.dataset.date = iso
      day$.tabIndex = iso === this.focused ? 0 : -1
      if (iso === this.today) day$.setAttribute('aria-current', 'date')
      if (isBookable) day$.addEventListener('keydown', event => {
        if (event.key === ' ') {
          event.preventDefault()
          day$.click()
        }
      })
      row.append(el('td', {}, day$))
      if ((offset + day) % 7 === 0) {
        rows.push(row)
        row = el('tr')
      }
    }
    if (row.children.length > 0) {
      while (row.children.length < 7) row.append(el('td', { class: 'reservations-calendar__blank' }))
      rows.push(row)
    }
    this.body.replaceChildren(...rows)
    if (moveFocus) this.focusDay(this.focused)
  }

  focusDay(iso) {
    const target = this.body.querySelector(`[data-date="${iso}"]`)
    if (!target) return
    for (const day of this.body.querySelectorAll('[data-date]')) day.tabIndex = day === target ? 0 : -1
    target.focus()
  }

  async moveTo(iso) {
    const earliest = `${this.today.slice(0, 7)}-01`
    const [ly, lm] = partsOf(`${this.last.slice(0, 7)}-01`)
    const latest = isoOf(ly, lm, daysInMonth(ly, lm))
    const target = iso < earliest ? earliest : iso > latest ? latest : iso
    this.focused = target
    if (target.slice(0, 7) === this.month) this.focusDay(target)
    else await this.show(target.slice(0, 7), true)
  }

  /** The previous / next month buttons: focus stays on the button, the grid's tab stop moves to the month's first day. */
  async moveMonth(step) {
    const target = shiftMonth(`${this.month}-01`, step)
    this.focused = target.slice(0, 7) === this.today.slice(0, 7) ? this.today : target
    await this.show(target.slice(0, 7), false)
  }

  onKey(event) {
    const current = event.target.closest?.('[data-date]')?.dataset.date
    if (!current) return
    const weekday = utc(current).getUTCDay()
    const moves = {
      ArrowLeft: () => addDays(current, -1),
      ArrowRight: () => addDays(current, 1),
      ArrowUp: () => addDays(current, -7),
      ArrowDown: () => addDays(current, 7),
      Home: () => addDays(current, -weekday),
      End: () => addDays(current, 6 - weekday),
      PageUp: () => shiftMonth(current, -1),
      PageDown: () => shiftMonth(current, 1),
    }
    const move = moves[event.key]
    if (!move) return
    event.preventDefault()
    void this.moveTo(move())
  }
}

for (const root of document.querySelectorAll('.reservations-calendar[data-calendar-source]')) new MonthCalendar(root)
