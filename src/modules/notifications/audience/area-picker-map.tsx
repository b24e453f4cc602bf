import type { PageContext } from '../../../platform/views/page-context.js'
import { mapTiles } from '../../../platform/views/map-tiles.js'

export interface AreaPickerMapProps {
  ctx: PageContext
  /** name of the textarea the drawn GeoJSON is written into */
  geojsonField: string
  /** name of the district checkboxes a click on a district toggles */
  districtField: string
  /** name of the audience-kind radios the picker selects when an area is drawn (compose) */
  kindField?: string
  districtsUrl: string
  helpId: string
  /** what this map is for, and how to use it here */
  label: string
  help: string
}

/**
 * The map of public/notice-area-picker.js, shared by compose and segments: hidden until the
 * script loads, so without JavaScript the textarea and the checkboxes are the form.
 */
export function AreaPickerMap({ ctx, geojsonField, districtField, kindField, districtsUrl, helpId, label, help }: AreaPickerMapProps) {
  const { t } = ctx
  return (
    <div
      class="notice-area-picker"
      hidden
      data-notice-area-picker=""
      data-geojson-field={geojsonField}
      data-district-field={districtField}
      data-kind-field={kindField}
      data-districts-url={districtsUrl}
      data-tile-url={mapTiles().url}
      data-attribution={t('audience.districts.mapAttribution')}
      data-leaflet="/static/vendor/leaflet/"
      data-help-id={helpId}
      data-label-map={label}
      data-label-help={help}
      data-label-draw={t('audience.map.draw')}
      data-label-finish={t('audience.map.finish')}
      data-label-drawing={t('audience.map.drawing')}
      data-label-centre={t('audience.map.centre')}
      data-label-undo={t('audience.map.undo')}
      data-label-clear={t('audience.map.clear')}
      data-label-cleared={t('audience.map.cleared')}
      data-label-points={t('audience.map.points')}
      data-label-points-ready={t('audience.map.pointsReady')}
      data-label-district-on={t('audience.map.districtOn')}
      data-label-district-off={t('audience.map.districtOff')}
    ></div>
  )
}
