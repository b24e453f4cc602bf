import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { formatBytes, inspectUpload, type FileDeps, type UploadInput } from './file-service.js'
import { detectMediaType, UPLOADABLE_MEDIA_TYPES } from './file-types.js'
import { EICAR_TEST_STRING, eicarScanner, ScannerUnavailableError } from './malware-scanner.js'
import { exifHasGps, minimalPdf, phonePhoto, solidImage, windowsExecutable, zipArchive } from './test-files.js'
import { registerCatalog, translator } from '../i18n/i18n.js'
import { filesCatalog } from '../i18n/catalogs/files.js'

const deps: FileDeps = { scanner: eicarScanner }
const ALL = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf']

function upload(content: Buffer, overrides: Partial<UploadInput> = {}): UploadInput {
  return { content, declaredName: 'upload.jpg', declaredType: 'image/jpeg', allowedTypes: ALL, maxBytes: 5 * 1024 * 1024, ownerType: 'test.form', ...overrides }
}

describe('detecting the type from the content', () => {
  it('sees a PNG renamed .pdf as a PNG, and stores it under a .png name', async () => {
    const png = await solidImage('png')
    expect(await detectMediaType(png)).toBe('image/png')
    const result = await inspectUpload(upload(png, { declaredName: '住民票.pdf', declaredType: 'application/pdf' }), deps)
    expect(result).toMatchObject({ ok: true, mediaType: 'image/png', originalName: '住民票.png' })
  })

  it.each([
    ['an executable', windowsExecutable()],
    ['a ZIP archive', zipArchive('evil.html', '<script>alert(1)</script>')],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>')],
    ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>')],
    ['an SVG image with an XML declaration', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['plain text', Buffer.from('just some words')],
  ])('refuses %s named .jpg', async (_name, content) => {
    const result = await inspectUpload(upload(content, { declaredName: 'photo.jpg', declaredType: 'image/jpeg' }), deps)
    expect(result).toEqual({ ok: false, reason: 'type-not-allowed', messageKey: 'files.errors.typeNotAllowed', params: { types: 'JPEG / PNG / WebP / PDF' } })
  })

  it('refuses a real kind the field does not accept, naming the accepted ones', async () => {
    const result = await inspectUpload(upload(minimalPdf(), { allowedTypes: ['image/jpeg', 'image/png'] }), deps)
    expect(result).toMatchObject({ ok: false, reason: 'type-not-allowed', params: { types: 'JPEG / PNG' } })
  })

  it('offers HEIC only when this build of libvips can decode it', () => {
    expect(UPLOADABLE_MEDIA_TYPES).toEqual(expect.arrayContaining(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']))
    if (!(sharp.format.heif.input.fileSuffix ?? []).includes('.heic')) expect(UPLOADABLE_MEDIA_TYPES).not.toContain('image/heic')
  })
})

describe('size', () => {
  it('refuses an empty file', async () => {
    expect(await inspectUpload(upload(Buffer.alloc(0)), deps)).toMatchObject({ ok: false, reason: 'empty', messageKey: 'files.errors.empty' })
  })

  it('refuses a file over the field limit with the limit in the message', async () => {
    const result = await inspectUpload(upload(await solidImage('jpeg'), { maxBytes: 100 }), deps)
    expect(result).toMatchObject({ ok: false, reason: 'too-large', params: { max: '100B' } })
    registerCatalog(filesCatalog)
    expect(translator('ja')('files.errors.tooLarge', { max: formatBytes(5 * 1024 * 1024) })).toContain('ファイルの大きさが上限(5MB)を超えています')
  })

  it('formats limits the way forms show them', () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe('5MB')
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5MB')
    expect(formatBytes(500 * 1024)).toBe('500KB')
  })
})

describe('malware scan', () => {
  it('refuses the EICAR test file even inside a valid PDF', async () => {
    const result = await inspectUpload(upload(minimalPdf(`% ${EICAR_TEST_STRING}`)), deps)
    expect(result).toEqual({ ok: false, reason: 'infected', messageKey: 'files.errors.infected', params: {} })
  })

  it('refuses the upload as "try again later" when the scanner is down', async () => {
    const down: FileDeps = { scanner: { name: 'down', scan: () => Promise.reject(new ScannerUnavailableError('connect ECONNREFUSED')) } }
    expect(await inspectUpload(upload(minimalPdf()), down)).toMatchObject({ ok: false, reason: 'scan-unavailable', messageKey: 'files.errors.scanUnavailable' })
  })

  it('scans the bytes as sent, before re-encoding could hide anything', async () => {
    const seen: Buffer[] = []
    const recording: FileDeps = { scanner: { name: 'recording', scan: c => (seen.push(c), Promise.resolve({ clean: true })) } }
    const photo = await phonePhoto()
    await inspectUpload(upload(photo), recording)
    expect(seen[0].equals(photo)).toBe(true)
  })
})

describe('images', () => {
  it('turns a phone photo upright and drops EXIF with its GPS position', async () => {
    const photo = await phonePhoto(40, 20)
    const before = await sharp(photo).metadata()
    expect(exifHasGps(before.exif)).toBe(true)
    expect(before.orientation).toBe(6)

    const result = await inspectUpload(upload(photo), deps)
    if (!result.ok) throw new Error(result.reason)
    const after = await sharp(result.content).metadata()
    expect(after.exif).toBeUndefined()
    expect(after.xmp).toBeUndefined()
    expect(after.icc).toBeUndefined()
    expect(after.orientation).toBeUndefined()
    expect([after.width, after.height]).toEqual([20, 40])
    expect(result).toMatchObject({ mediaType: 'image/jpeg', sanitised: true })
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  it('caps the longest side at 4000 px and keeps the format', async () => {
    const wide = await solidImage('png', 5000, 100)
    const result = await inspectUpload(upload(wide, { declaredName: 'wide.png' }), deps)
    if (!result.ok) throw new Error(result.reason)
    const meta = await sharp(result.content).metadata()
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 4000, 80])
  })

  it('re-encodes WebP as WebP', async () => {
    const result = await inspectUpload(upload(await solidImage('webp'), { declaredName: 'a.webp' }), deps)
    expect(result).toMatchObject({ ok: true, mediaType: 'image/webp', originalName: 'a.webp' })
  })

  it('refuses a file that starts like a JPEG but is not an image', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')])
    expect(await inspectUpload(upload(fake), deps)).toMatchObject({ ok: false, reason: 'unreadable-image', messageKey: 'files.errors.unreadableImage' })
  })

  it('keeps a PDF byte for byte', async () => {
    const pdf = minimalPdf()
    const result = await inspectUpload(upload(pdf, { declaredName: 'form.pdf' }), deps)
    if (!result.ok) throw new Error(result.reason)
    expect(result.content.equals(pdf)).toBe(true)
    expect(result.sanitised).toBe(false)
  })
})

describe('messages', () => {
  it('has every upload message in 日本語, やさしい日本語 and English with the same placeholders', () => {
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map(m => m[1]))].sort()
    for (const locale of ['ja-easy', 'en'] as const) {
      expect(Object.keys(filesCatalog[locale]).sort()).toEqual(Object.keys(filesCatalog.ja).sort())
      for (const [key, ja] of Object.entries(filesCatalog.ja)) expect({ key, names: names(filesCatalog[locale][key]) }).toEqual({ key, names: names(ja) })
    }
  })
})
