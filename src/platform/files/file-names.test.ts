import { describe, expect, it } from 'vitest'
import { contentDisposition, MAX_FILE_NAME_LENGTH, sanitiseFileName } from './file-names.js'

describe('sanitiseFileName', () => {
  it('keeps an ordinary Japanese name with its own extension', () => {
    expect(sanitiseFileName('住民票の写し.pdf', 'application/pdf')).toBe('住民票の写し.pdf')
    expect(sanitiseFileName('写真.JPG', 'image/jpeg')).toBe('写真.JPG')
  })

  it('keeps only the last path segment, whichever separator the browser used', () => {
    expect(sanitiseFileName('../../etc/passwd.png', 'image/png')).toBe('passwd.png')
    expect(sanitiseFileName('C:\\fakepath\\免許証.jpeg', 'image/jpeg')).toBe('免許証.jpeg')
  })

  it('normalises to NFC', () => {
    const decomposed = 'か\u3099いこく.pdf' // が as か + combining dakuten (macOS names)
    expect(sanitiseFileName(decomposed, 'application/pdf')).toBe('がいこく.pdf')
  })

  it('removes control, bidi-override and zero-width characters', () => {
    expect(sanitiseFileName('a\u0000b\u0007c\u202Efdp.png', 'image/png')).toBe('abcfdp.png')
    expect(sanitiseFileName('x\u200By\r\nz.pdf', 'application/pdf')).toBe('xyz.pdf')
    expect(sanitiseFileName('bad\uD800name.pdf', 'application/pdf')).toBe('badname.pdf')
  })

  it('replaces characters Windows refuses and drops leading dots', () => {
    expect(sanitiseFileName('..."a<b>:c|d?e*".png', 'image/png')).toBe('_a_b__c_d_e__.png')
    expect(sanitiseFileName('.htaccess', 'image/png')).toBe('htaccess.png')
  })

  it('gives the name the extension of its real content', () => {
    expect(sanitiseFileName('scan.pdf', 'image/png')).toBe('scan.png')
    expect(sanitiseFileName('photo.jpg.exe', 'image/jpeg')).toBe('photo.jpg.jpg')
    expect(sanitiseFileName('申請書', 'application/pdf')).toBe('申請書.pdf')
    expect(sanitiseFileName('IMG_0001.HEIC', 'image/jpeg')).toBe('IMG_0001.jpg')
  })

  it('falls back to a neutral name when nothing usable is left', () => {
    expect(sanitiseFileName(undefined, 'image/png')).toBe('file.png')
    expect(sanitiseFileName('\u0000\u0001', 'application/pdf')).toBe('file.pdf')
    expect(sanitiseFileName('...', 'image/webp')).toBe('file.webp')
  })

  it('cuts long names to 200 characters without splitting a character', () => {
    const name = sanitiseFileName(`${'𠮷'.repeat(300)}.pdf`, 'application/pdf')
    expect(Array.from(name).length).toBe(MAX_FILE_NAME_LENGTH)
    expect(name.endsWith('𠮷.pdf')).toBe(true)
    expect(/\p{Cs}/u.test(name)).toBe(false)
  })
})

describe('contentDisposition', () => {
  it('sends an ASCII fallback and the UTF-8 name in RFC 5987 form', () => {
    expect(contentDisposition('attachment', '住民票 (1).pdf')).toBe(
      `attachment; filename="___ (1).pdf"; filename*=UTF-8''%E4%BD%8F%E6%B0%91%E7%A5%A8%20%281%29.pdf`,
    )
  })

  it('cannot be broken out of by quotes or backslashes', () => {
    expect(contentDisposition('inline', 'a"b\\c.png')).toBe(`inline; filename="a_b_c.png"; filename*=UTF-8''a%22b%5Cc.png`)
  })
})
