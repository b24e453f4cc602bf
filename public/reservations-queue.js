// Waiting room (施設予約の順番待ち): a visible countdown to the page's next automatic update.
// Progressive enhancement only — without JavaScript the page still updates itself through the
// Refresh header and the "今すぐ更新する" link. The countdown is not a live region: a number
// announced every second would drown a screen reader; the page's own text says how often it updates.
for (const element of document.querySelectorAll('[data-queue-countdown]')) {
  let seconds = Number(element.getAttribute('data-queue-countdown'))
  const label = element.getAttribute('data-label') || '{seconds}'
  if (!Number.isFinite(seconds) || seconds <= 0) continue
  const show = () => {
    element.textContent = label.replace('{seconds}', String(Math.max(0, seconds)))
  }
  show()
  element.hidden = false
  const timer = setInterval(() => {
    seconds -= 1
    show()
    if (seconds <= 0) clearInterval(timer)
  }, 1000)
}
