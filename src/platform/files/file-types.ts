import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'

/**
 * The kinds of file an upload field can accept. The kind is judged from the content (magic
 * bytes), never from the file name or the Content-Type the browser sent: a PNG named `.pdf` is a
 * PNG, and a ZIP, executable, HTML page or SVG named `.jpg` is none of these.
 */
export type UploadMediaType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'application/pdf'

interface KindInfo {
  label: string
  /** accepted file-name extensions; the first is used when the name has a wrong one */
  extensions: string[]
  isImage: boolean
}

const KINDS: Record<UploadMediaType, KindInfo> = {
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], isImage: true },
  'image/png': { label: 'PNG', extensions: ['png'], isImage: true },
  'image/webp': { label: 'WebP', extensions: ['webp'], isImage: true },
  'image/heic': { label: 'HEIC', extensions: ['heic', 'heif'], isImage: true },
  'application/pdf': { label: 'PDF', extensions: ['pdf'], isImage: false },
}

/**
 * HEIC (iPhone photos) can only be re-encoded when the installed libvips decodes HEVC, which the
 * prebuilt sharp binaries do not (patents): then HEIC is not offered. iPhones convert to JPEG
 * when a form does not list HEIC, so residents can still send their photos.
 */
const canDecodeHeic = sharp.format.heif.input.fileSuffix?.includes('.heic') ?? false

/** The media types this installation can accept, in the order a form builder should offer them. */
export const UPLOADABLE_MEDIA_TYPES: readonly UploadMediaType[] = (['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const).filter(
  type => type !== 'image/heic' || canDecodeHeic,
)

export function isUploadableMediaType(value: string): value is UploadMediaType {
  return (UPLOADABLE_MEDIA_TYPES as readonly string[]).includes(value)
}

export function isImageType(type: UploadMediaType): boolean {
  return KINDS[type].isImage
}

/** Short names for messages ("JPEG / PNG / PDF"). */
export function describeMediaTypes(types: readonly UploadMediaType[]): string {
  return types.map(type => KINDS[type].label).join(' / ')
}

/** The extension a file of this type should carry, and whether `extension` is one of its own. */
export function extensionsOf(type: UploadMediaType): readonly string[] {
  return KINDS[type].extensions
}

/**
 * Detects the media type from the bytes. Returns undefined for anything that is not one of the
 * uploadable kinds (unknown content, text, HTML, SVG/XML, archives, executables…).
 */
export async function detectMediaType(content: Buffer): Promise<UploadMediaType | undefined> {
  const detected = await fileTypeFromBuffer(content)
  if (!detected) return undefined
  switch (detected.mime as string) {
    case 'image/jpeg':
      return 'image/jpeg'
    case 'image/png':
    case 'image/apng': // an animated PNG is a PNG; re-encoding keeps its first frame
      return 'image/png'
    case 'image/webp':
      return 'image/webp'
    case 'image/heic':
    case 'image/heif':
      return 'image/heic'
    case 'application/pdf':
      return 'application/pdf'
    default:
      return undefined
  }
}
