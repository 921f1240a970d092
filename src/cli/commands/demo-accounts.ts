/**
 * The demo city's accounts, one per role plus a district planner (to show region scope). They exist only
 * in a store where `lantu demo` ran; a production install has no default account at all.
 */
import type { Role } from '../../auth/roles.js';

export const DEMO_PASSWORD = 'Lantu-demo-2026';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentCode: string | null;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', regionCode: '9901', departmentCode: null },
  { username: 'planner', displayName: '规划监督科 王工', role: 'planner', regionCode: '9901', departmentCode: 'zrzy' },
  {
    username: 'planner_d1',
    displayName: '示范一区分局 李工',
    role: 'planner',
    regionCode: '990102',
    departmentCode: 'zrzy',
  },
  {
    username: 'evaluator',
    displayName: '体检评估组 陈工',
    role: 'evaluator',
    regionCode: '9901',
    departmentCode: null,
  },
  {
    username: 'dept_edu',
    displayName: '教育局 赵科长',
    role: 'department_officer',
    regionCode: '9901',
    departmentCode: 'jyj',
  },
  {
    username: 'approver',
    displayName: '审批科 刘工',
    role: 'approval_officer',
    regionCode: '9901',
    departmentCode: 'zrzy',
  },
  {
    username: 'inspector',
    displayName: '执法监察 周工',
    role: 'enforcement_officer',
    regionCode: '9901',
    departmentCode: 'zfj',
  },
  { username: 'leader', displayName: '分管领导', role: 'leader', regionCode: '9901', departmentCode: null },
  { username: 'citizen', displayName: '市民 张先生', role: 'public', regionCode: '', departmentCode: null },
];
