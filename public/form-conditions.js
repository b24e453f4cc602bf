// Shows and hides the fields of a form page whose condition depends on answers on the same page
// (the server decides again when the page is sent; without JavaScript the page round-trips).
const blocks = [...document.querySelectorAll('[data-show-if]')]
const form = blocks[0]?.closest('form')

function valueOf(name) {
  const inputs = [...form.querySelectorAll(`[name="${CSS.escape(name)}"]`)].filter(i => !i.closest('[hidden]'))
  if (inputs.length === 0) return undefined
  const first = inputs[0]
  if (first.type === 'checkbox') {
    const checked = inputs.filter(i => i.checked).map(i => i.value)
    // A single checkbox is an agreement (true) unless it belongs to a list of options.
    return inputs.length === 1 && first.value === 'yes' ? checked.length === 1 : checked
  }
  if (first.type === 'radio') return inputs.find(i => i.checked)?.value
  const text = first.value.trim()
  if (text === '') return undefined
  const number = Number(text.normalize('NFKC').replace(/[,\s]/g, ''))
  return first.inputMode === 'numeric' || first.inputMode === 'decimal' ? (Number.isFinite(number) ? number : text) : text
}

const answered = v => !(v === undefined || v === '' || v === false || (Array.isArray(v) && v.length === 0))
const same = (v, expected) => {
  if (Array.isArray(v)) return v.length === 1 && v[0] === expected
  if (typeof v === 'number' || typeof expected === 'number') return String(v) === String(expected)
  return v === expected
}

function holds(c) {
  if (c.all) return c.all.every(holds)
  if (c.any) return c.any.some(holds)
  if (c.not) return !holds(c.not)
  const v = valueOf(c.field)
  if ('answered' in c) return answered(v) === c.answered
  if (!answered(v)) return false
  if ('equals' in c) return same(v, c.equals)
  if ('notEquals' in c) return !same(v, c.notEquals)
  if ('includes' in c) return Array.isArray(v) ? v.includes(c.includes) : v === c.includes
  if ('greaterThan' in c) return typeof v === 'number' && v > c.greaterThan
  return typeof v === 'number' && v < c.lessThan
}

function update() {
  for (const block of blocks) block.hidden = !holds(JSON.parse(block.dataset.showIf))
}

if (form && blocks.length > 0) {
  form.addEventListener('input', update)
  form.addEventListener('change', update)
  update()
}
