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

  it('gives partner-organisation members the console and the processing of their own department only', () => {
    const school = [{ role: 'partner_member' as const, departmentId: 'school-1' }]
    expect([...permissionsOf(school)]).toEqual(['console.view', 'procedures.process'])
    expect(hasPermission(school, 'procedures.process', 'school-1')).toBe(true)
    expect(hasPermission(school, 'procedures.process', 'shimin')).toBe(false)
    expect(hasPermission(school, 'residents.read-basic-info', 'school-1')).toBe(false)
  })
})
