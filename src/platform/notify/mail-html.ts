/** Minimal, accessible HTML mail: one column, real text, escaped content. */
export function renderMailHtml(input: { subject: string; body: string; linkUrl?: string; lang: string }): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
  const paragraphs = input.body
    .split(/\n{2,}/)
    .map(p => `<p style="margin:0 0 16px">${escape(p).replace(/\n/g, '<br>')}</p>`)
    .join('')
  const link = input.linkUrl ? `<p><a href="${escape(input.linkUrl)}">${escape(input.linkUrl)}</a></p>` : ''
  return `<!DOCTYPE html><html lang="${escape(input.lang)}"><head><meta charset="utf-8"><title>${escape(input.subject)}</title></head><body style="font-family:sans-serif;font-size:16px;line-height:1.7;color:#1a1a1a;max-width:600px;margin:0 auto;padding:16px">${paragraphs}${link}</body></html>`
}
