/** `lantu user add|list|disable|enable` — account administration from the command line (audited as the system). */
import type { Command } from 'commander';
import { SYSTEM } from '../../auth/principal.js';
import { ROLES } from '../../auth/roles.js';
import { createUser, listUsers, updateUser } from '../../auth/users.js';
import { LantuError } from '../../errors.js';
import { withStore } from '../context.js';
import { emit, readStdin, type OutputOptions } from '../output.js';

type Global = OutputOptions & { dataDir?: string };

export function registerUserCommands(program: Command, globals: () => Global) {
  const user = program.command('user').description('用户管理 manage user accounts');

  user
    .command('add <username>')
    .description('新建用户 add a user; the password is read from standard input')
    .requiredOption('--role <role>', `角色 role: ${ROLES.join(', ')}`)
    .option('--region <code>', '所属行政区划代码 region code (scope), e.g. 9901')
    .option('--department <code>', '所属部门代码 department code (required for department_officer)')
    .option('--display-name <name>', '显示名称 display name')
    .option('--password-stdin', '从标准输入读取密码 read the password from standard input')
    .action(
      async (
        username: string,
        o: { role: string; region?: string; department?: string; displayName?: string; passwordStdin?: boolean },
      ) => {
        const g = globals();
        if (!o.passwordStdin) {
          throw new LantuError(
            'password_stdin_required',
            2,
            '请用 --password-stdin 从标准输入提供密码（密码不应出现在命令行中）',
            'give the password on standard input with --password-stdin (passwords do not belong on the command line)',
            { field: '--password-stdin' },
          );
        }
        const password = await readStdin();
        const view = await withStore(g, (store) =>
          createUser(store.db, SYSTEM, {
            username,
            password,
            role: o.role,
            regionCode: o.region ?? null,
            departmentCode: o.department ?? null,
            displayName: o.displayName,
          }),
        );
        emit(
          g,
          view,
          () => `已创建用户 created user ${view.username} (${view.role}, region ${view.regionCode || '—'})`,
        );
      },
    );

  user
    .command('list')
    .description('用户列表 list users')
    .option('--all', '包括已停用账号 include disabled accounts')
    .action(async (o: { all?: boolean }) => {
      const g = globals();
      const users = await withStore(g, (store) => listUsers(store.db, { includeDisabled: o.all }));
      emit(
        g,
        users,
        () =>
          users
            .map(
              (u) =>
                `${u.username.padEnd(16)} ${u.role.padEnd(20)} ${(u.regionCode || '—').padEnd(10)} ${u.departmentCode ?? ''}${u.disabled ? ' (disabled 已停用)' : ''}`,
            )
            .join('\n') || '（没有用户 no users）',
      );
    });

  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    user
      .command(`${name} <username>`)
      .description(disabled ? '停用用户并注销其会话 disable a user and end their sessions' : '启用用户 enable a user')
      .action(async (username: string) => {
        const g = globals();
        const view = await withStore(g, (store) => updateUser(store.db, SYSTEM, username, { disabled }));
        emit(g, view, () => `${disabled ? '已停用 disabled' : '已启用 enabled'} ${view.username}`);
      });
  }
}
