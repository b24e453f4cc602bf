// Yakuba form builder: drag-and-drop reordering of pages and of the fields on them.
// Progressive enhancement only. Without this file the 上へ / 下へ buttons do the same moves;
// with it, a drop posts the very same move form (toPage + toIndex), so the server still checks
// every move and the page is rendered again from what it stored. Text comes from data-*.
// Loaded as <script src="/static/form-builder.js" type="module"> on the builder page.

const root = document.querySelector('[data-sortable="pages"]')
if (root) enableDragAndDrop(root)

function enableDragAndDrop(root) {
  const csrf = root.dataset.csrf
  const status = document.querySelector('[data-builder-status]')
  for (const hidden of document.querySelectorAll('.builder-dnd-hint, .builder-drag-handle')) hidden.hidden = false

  /** @type {{ item: HTMLElement, kind: string } | null} */
  let dragged = null

  const itemsOf = container => [...container.children].filter(child => child.matches('[data-sortable-item]'))
  const clearMarkers = () => {
    for (const marked of document.querySelectorAll('.builder-drop-before, .builder-drop-after, .builder-drop-into')) {
      marked.classList.remove('builder-drop-before', 'builder-drop-after', 'builder-drop-into')
    }
  }

  // Only the handle starts a drag, so text in the item stays selectable and its controls usable.
  for (const item of document.querySelectorAll('[data-sortable-item]')) {
    const handle = item.querySelector(':scope > .builder-drag-handle, :scope > * > .builder-drag-handle')
    if (!handle) continue
    handle.addEventListener('pointerdown', () => {
      item.draggable = true
    })
    handle.addEventListener('pointerup', () => {
      item.draggable = false
    })
    item.addEventListener('dragstart', event => {
      if (!item.draggable) return
      event.stopPropagation()
      dragged = { item, kind: item.parentElement?.dataset.sortable ?? '' }
      event.dataTransfer.effectAllowed = 'move'
      event.dataTransfer.setData('text/plain', item.id)
      item.classList.add('is-dragging')
    })
    item.addEventListener('dragend', () => {
      item.draggable = false
      item.classList.remove('is-dragging')
      clearMarkers()
      dragged = null
    })
  }

  /** Where a drop at this height would land: the index among the other items, and the item to mark. */
  function dropPosition(container, y) {
    const others = itemsOf(container).filter(item => item !== dragged?.item)
    let index = others.length
    for (const [i, item] of others.entries()) {
      const box = item.getBoundingClientRect()
      if (y < box.top + box.height / 2) {
        index = i
        break
      }
    }
    return { index, others }
  }

  for (const container of [root, ...root.querySelectorAll('[data-sortable="elements"]')]) {
    container.addEventListener('dragover', event => {
      if (!dragged || dragged.kind !== container.dataset.sortable) return
      event.preventDefault()
      event.stopPropagation()
      event.dataTransfer.dropEffect = 'move'
      clearMarkers()
      const { index, others } = dropPosition(container, event.clientY)
      if (others.length === 0) container.classList.add('builder-drop-into')
      else if (index < others.length) others[index].classList.add('builder-drop-before')
      else others[others.length - 1].classList.add('builder-drop-after')
    })
    container.addEventListener('dragleave', event => {
      if (!container.contains(event.relatedTarget)) clearMarkers()
    })
    container.addEventListener('drop', event => {
      if (!dragged || dragged.kind !== container.dataset.sortable) return
      event.preventDefault()
      event.stopPropagation()
      const { index } = dropPosition(container, event.clientY)
      const { item } = dragged
      const from = itemsOf(item.parentElement).indexOf(item)
      clearMarkers()
      if (item.parentElement === container && from === index) return // dropped where it was
      const fields = { _csrf: csrf, toIndex: String(index) }
      if (container.dataset.sortable === 'elements') fields.toPage = container.dataset.pageId
      if (status) status.textContent = root.dataset.movingLabel ?? ''
      submitMove(item.dataset.moveAction, fields)
    })
  }
}

/** Posts the move like the buttons do: a real form submission, answered with the re-rendered page. */
function submitMove(action, fields) {
  const form = document.createElement('form')
  form.method = 'post'
  form.action = action
  form.hidden = true
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input')
    input.type = 'hidden'
    input.name = name
    input.value = value
    form.append(input)
  }
  document.body.append(form)
  form.submit()
}
