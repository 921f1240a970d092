/**
 * The `lantu` command. Every command answers in JSON with --json; every failure is one line and a
 * non-zero exit. Settings: LANTU_DATA_DIR / --data-dir, LANTU_DATABASE_URL, LANTU_PORT / --port.
 */
import { Command } from 'commander';
import { LANTU_VERSION } from '../version.js';
import { registerAnalysisCommands } from './commands/analysis.js';
import { registerCheckupCommands } from './commands/checkup.js';
import { registerCheckupReportCommands } from './commands/checkup-report.js';
import { registerCheckupTaskCommands } from './commands/checkup-tasks.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerMonitorCommand } from './commands/monitor.js';
import { registerParticipationCommands } from './commands/participation.js';
import { registerExportCommand } from './commands/export.js';
import { registerImportCommands } from './commands/import.js';
import { registerJobCommands } from './commands/jobs.js';
import { registerServeCommands } from './commands/serve.js';
import { registerUserCommands } from './commands/user.js';
import { fail } from './output.js';

const program = new Command('lantu')
  .description(
    '蓝图 Lantu — 国土空间规划“一张图”实施监督信息系统 territorial spatial planning implementation supervision',
  )
  .version(LANTU_VERSION)
  .option('--data-dir <dir>', '内嵌数据库所在目录 folder of the embedded store (LANTU_DATA_DIR, default ./lantu-data)')
  .option('--json', '以 JSON 输出 answer in JSON, for scripts')
  .showHelpAfterError();

const globals = () => program.opts<{ dataDir?: string; json?: boolean }>();

registerServeCommands(program, globals);
registerDemoCommand(program, globals);
registerMonitorCommand(program, globals);
registerUserCommands(program, globals);
registerImportCommands(program, globals);
registerExportCommand(program, globals);
registerJobCommands(program, globals);
registerAnalysisCommands(program, globals);
registerParticipationCommands(program, globals);
// Returns the `checkup` command: tasks and the report add their sub-commands to it.
const checkupCommand = registerCheckupCommands(program, globals);
registerCheckupTaskCommands(checkupCommand, globals);
registerCheckupReportCommands(checkupCommand, globals);

program.exitOverride((error) => {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
    process.exit(0);
  process.exit(error.exitCode || 2);
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error, Boolean(globals().json));
}
