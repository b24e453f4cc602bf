/**
 * The map tiles every Leaflet map uses (the compose area picker, districts, shelters, sensors):
 * 地理院タイル by default, or the server's MAP_TILE_URL. Set once when the app is built; the CSP's
 * img-src allows the tiles' origin.
 */
export interface MapTiles {
  /** a template with {z}, {x} and {y} */
  url: string
  /** the page crediting the tiles' provider */
  attributionUrl: string
}

export const GSI_TILES: MapTiles = { url: 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png', attributionUrl: 'https://maps.gsi.go.jp/development/ichiran.html' }

let current: MapTiles = GSI_TILES

export function configureMapTiles(tiles: Partial<MapTiles>): void {
  current = { url: tiles.url ?? GSI_TILES.url, attributionUrl: tiles.attributionUrl ?? (tiles.url ? tiles.url.replace(/\{[a-z]\}.*$/, '') : GSI_TILES.attributionUrl) }
}

export function mapTiles(): MapTiles {
  return current
}

/** The origin the CSP must allow images from. */
export function mapTileOrigin(url: string): string {
  return new URL(url.replace(/\{[a-z]\}/g, '0')).origin
}
