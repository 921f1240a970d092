import { forbidden } from '../errors.js';

/**
 * Roles and what each may do. Permissions are checked on the server for every route (see
 * http/access.ts); scope — which regions and which department — is checked on top of them.
 */
export const ROLES = [
  'admin',
  'planner',
  'evaluator',
  'department_officer',
  'approval_officer',
  'enforcement_officer',
  'leader',
  'public',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  planner: { zh: '规划监督人员', en: 'Planner / supervisor' },
  evaluator: { zh: '体检评估人员', en: 'Evaluator' },
  department_officer: { zh: '部门人员', en: 'Department officer' },
  approval_officer: { zh: '审批人员', en: 'Approval officer' },
  enforcement_officer: { zh: '执法监察人员', en: 'Enforcement officer' },
  leader: { zh: '领导', en: 'Leader' },
  public: { zh: '社会公众', en: 'Public' },
};

export const PERMISSIONS = [
  'user.manage',
  'audit.read',
  'zone.read',
  'zone.write',
  'plan.read',
  'plan.write',
  'layer.read_internal',
  'layer.write',
  'catalog.read',
  'data.import',
  'data.export',
  'analysis.run',
  'indicator.read',
  'indicator.manage',
  'indicator.submit',
  'indicator.review',
  'monitor.run',
  'warning.manage',
  // The check-up loop (issue #5): read it, run it, report on one's own department's tasks, and handle
  // the public's comments and surveys.
  'checkup.read',
  'checkup.manage',
  'checkup.review',
  'task.report',
  'participation.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = [
  'zone.read',
  'plan.read',
  'layer.read_internal',
  'catalog.read',
  'indicator.read',
  'checkup.read',
];
/** Zonal statistics, conflict checks and exports: the everyday analysis of everyone who works on plans. */
const ANALYSE: Permission[] = ['analysis.run', 'data.export'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  planner: [
    ...READ_ALL,
    ...ANALYSE,
    'zone.write',
    'plan.write',
    'layer.write',
    'data.import',
    'indicator.submit',
    'indicator.review',
    'monitor.run',
    'warning.manage',
    'checkup.manage',
    'checkup.review',
    'participation.manage',
  ],
  // Evaluators run the check-up (draft, diagnose, propose); planners at the bureau review and publish it.
  evaluator: [...READ_ALL, ...ANALYSE, 'data.import', 'indicator.submit', 'monitor.run', 'checkup.manage'],
  // Departments report their own indicators' values and their own tasks' progress (scope.ts
  // assertDepartment limits them to their own department).
  department_officer: [...READ_ALL, 'indicator.submit', 'task.report'],
  approval_officer: [...READ_ALL, ...ANALYSE],
  enforcement_officer: [...READ_ALL, ...ANALYSE],
  leader: [...READ_ALL, 'audit.read'],
  // Registered members of the public see what anonymous visitors see: public layers and catalogs.
  public: ['catalog.read'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * For functions the CLI and other capabilities call directly, not only through a route (whose
 * `config.access` the server checks): the same refusal, wherever the call comes from.
 */
export function assertPermission(actor: { role: Role }, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) {
    throw forbidden(`没有“${permission}”权限`, `the permission "${permission}" is needed`);
  }
}
