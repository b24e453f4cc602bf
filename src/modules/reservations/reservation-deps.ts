/** What every area of the reservations module is built with. */
import type { Platform } from '../../platform/platform.js'
import type { PaymentService } from '../payments/index.js'

export interface ReservationDeps {
  platform: Platform
  payments: PaymentService
}

/** Which surfaces this listener serves (三層分離). */
export interface ReservationSurfaces {
  /** resident and public pages, the API */
  public: boolean
  /** staff console pages */
  staff: boolean
}
