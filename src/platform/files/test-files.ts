import { crc32 } from 'node:zlib'
import sharp from 'sharp'

/**
 * Test inputs built in code (no binary fixtures in git). Used by the unit and integration tests
 * of platform/files only.
 */
export function solidImage(format: 'jpeg' | 'png' | 'webp', width = 40, height = 20): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .toFormat(format)
    .toBuffer()
}

/** A JPEG as a phone writes it: EXIF with GPS position, camera make, orientation 6 (rotate 90°). */
export function phonePhoto(width = 40, height = 20): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'YakubaPhone', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 2200/100', GPSLongitudeRef: 'E', GPSLongitude: '139/1 41/1 3000/100' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer()
}

/** True when an EXIF block carries a GPS IFD pointer (tag 0x8825, either byte order). */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]))
}

export function minimalPdf(extra = ''): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj <<>> endobj\n${extra}\ntrailer <<>>\n%%EOF\n`, 'latin1')
}

/** A one-entry ZIP archive (stored, not compressed). */
export function zipArchive(name: string, data: string): Buffer {
  const fileName = Buffer.from(name)
  const content = Buffer.from(data)
  const header = Buffer.alloc(30)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt32LE(crc32(content), 14)
  header.writeUInt32LE(content.length, 18)
  header.writeUInt32LE(content.length, 22)
  header.writeUInt16LE(fileName.length, 26)
  return Buffer.concat([header, fileName, content])
}

/** The start of a Windows executable (MZ header with a PE offset). */
export function windowsExecutable(): Buffer {
  const exe = Buffer.alloc(256)
  exe.write('MZ', 0, 'latin1')
  exe.writeUInt32LE(0x80, 0x3c)
  exe.write('PE\0\0', 0x80, 'latin1')
  return exe
}
