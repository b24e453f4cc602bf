/** Which listener surfaces an area registers on (the public site, the staff console, or both). */
export interface DisasterSurfaces {
  public: boolean
  staff: boolean
}
