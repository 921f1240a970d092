/**
 * Region and department scope. Region codes are unpadded statistical division codes, so a region's
 * subtree is exactly the set of codes it prefixes ('9901' ⊃ '990102' ⊃ '990102001').
 *
 * Reading: a user sees their own subtree and the rows of the regions above them (a district planner
 * must read the city's master plan that binds the district), never a sibling's.
 * Writing: only inside their own subtree.
 */
import { forbidden } from '../errors.js';
import type { Principal } from './principal.js';

export type RegionRelation = 'within' | 'above' | 'outside';

export function regionRelation(userRegion: string, rowRegion: string): RegionRelation {
  if (rowRegion.startsWith(userRegion)) return 'within';
  if (userRegion.startsWith(rowRegion)) return 'above';
  return 'outside';
}

export function canReadRegion(principal: Principal, rowRegion: string): boolean {
  return regionRelation(principal.regionCode, rowRegion) !== 'outside';
}

export function canWriteRegion(principal: Principal, rowRegion: string): boolean {
  return regionRelation(principal.regionCode, rowRegion) === 'within';
}

export function assertReadRegion(principal: Principal, rowRegion: string): void {
  if (!canReadRegion(principal, rowRegion)) {
    throw forbidden(
      `无权查看区划 ${rowRegion} 的数据（您的权限范围为 ${principal.regionCode}）`,
      `no access to data of region ${rowRegion} (your scope is ${principal.regionCode})`,
    );
  }
}

export function assertWriteRegion(principal: Principal, rowRegion: string): void {
  if (!canWriteRegion(principal, rowRegion)) {
    throw forbidden(
      `无权修改区划 ${rowRegion} 的数据（您的权限范围为 ${principal.regionCode}）`,
      `no right to change data of region ${rowRegion} (your scope is ${principal.regionCode})`,
    );
  }
}

/**
 * Department scope: a department officer acts only for their own department; other roles are not
 * bound to one. Later capabilities (tasks, reported values) call this on every row they touch.
 */
export function assertDepartment(principal: Principal, departmentCode: string | null): void {
  if (principal.role !== 'department_officer') return;
  if (principal.departmentCode !== departmentCode) {
    throw forbidden(
      `无权处理其他部门（${departmentCode ?? '无'}）的事项`,
      `no right to act for another department (${departmentCode ?? 'none'})`,
    );
  }
}

/** SQL LIKE pattern matching a region's subtree. Codes are digits, so no escaping is needed. */
export function subtreePattern(regionCode: string): string {
  return `${regionCode}%`;
}

/** The codes of a region and every region above it ('990102001' → ['99','9901','990102','990102001']). */
export function regionAncestry(regionCode: string): string[] {
  return [2, 4, 6, 9, 12].filter((n) => n <= regionCode.length).map((n) => regionCode.slice(0, n));
}
