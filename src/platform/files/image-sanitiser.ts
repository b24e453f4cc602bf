import sharp from 'sharp'
import type { StoredMediaType } from './file-schema.js'
import type { UploadMediaType } from './file-types.js'

/** Longest side of a stored image; phone photos are larger than any document check needs. */
export const MAX_IMAGE_DIMENSION = 4000
/** Refuse to decode more pixels than this (decompression bombs). 100 MP covers every phone camera. */
const MAX_INPUT_PIXELS = 100_000_000

export interface SanitisedImage {
  content: Buffer
  mediaType: StoredMediaType
  width: number
  height: number
}

export class UnreadableImageError extends Error {
  constructor(cause: unknown) {
    super('image could not be decoded', { cause })
    this.name = 'UnreadableImageError'
  }
}

/**
 * Re-encodes an uploaded image so what we keep and show is only pixels: turned upright by its
 * EXIF orientation, every piece of metadata dropped (EXIF with GPS position and camera serial,
 * XMP, IPTC, comments; colour converted to sRGB and the ICC profile dropped), the longest side
 * capped at 4000 px, written again in the same format (HEIC as JPEG, which every browser shows).
 * Re-encoding also breaks polyglot files (a JPEG that is also an HTML page or a ZIP).
 */
export async function sanitiseImage(content: Buffer, type: UploadMediaType): Promise<SanitisedImage> {
  try {
    // sharp writes no metadata unless asked (keepMetadata/withMetadata), and converts to sRGB.
    const pipeline = sharp(content, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: MAX_IMAGE_DIMENSION, height: MAX_IMAGE_DIMENSION, fit: 'inside', withoutEnlargement: true })
    let mediaType: StoredMediaType
    switch (type) {
      case 'image/jpeg':
      case 'image/heic':
        pipeline.jpeg({ quality: 85 })
        mediaType = 'image/jpeg'
        break
      case 'image/png':
        pipeline.png()
        mediaType = 'image/png'
        break
      case 'image/webp':
        pipeline.webp({ quality: 85 })
        mediaType = 'image/webp'
        break
      case 'application/pdf':
        throw new Error('a PDF is not an image')
    }
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true })
    return { content: data, mediaType, width: info.width, height: info.height }
  } catch (error) {
    throw new UnreadableImageError(error)
  }
}
