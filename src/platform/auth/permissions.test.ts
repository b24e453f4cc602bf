import { describe, expect, it } from 'vitest'
import { hasPermission, permissionsOf } from './permissions.js'

describe('permissions by role × department', () => {
  it('gives administrators everything, municipality-wide', () => {
    expect(hasPermission([{ role: 'administrator', departmentId: null }], 'admin.staff')).toBe(true)
  })

  it('never gives an outsourced operator special-care personal data', () => {
    expect(permissionsOf([{ role: 'outsourced_operator', departmentId: 'd1' }]).has('residents.read-special-care')).toBe(false)
    expect(hasPermission([{ role: 'outsourced_operator', departmentId: 'd1' }], 'residents.read-basic-info', 'd1')).toBe(true)
  })

  it('scopes a clerk’s permission to their department', () => {
    const clerk = [{ role: 'clerk' as const, departmentId: 'shimin' }]
    expect(hasPermission(clerk, 'residents.read-basic-info', 'shimin')).toBe(true)
    expect(hasPermission(clerk, 'residents.read-basic-info', 'kosodate')).toBe(false)
    expect(hasPermission(clerk, 'admin.departments')).toBe(false)
  })

  it('gives partner-organisation members only the console', () => {
    expect([...permissionsOf([{ role: 'partner_member', departmentId: 'fukushi' }])]).toEqual(['console.view'])
  })
})
