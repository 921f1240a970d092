/**
 * How commands answer: human text by default, one JSON document with --json (for scripts). Failures
 * are one line — what and where — and a non-zero exit; a stack trace only with LANTU_DEBUG=1.
 */
import { LantuError } from '../errors.js';

export interface OutputOptions {
  json?: boolean;
}

export function emit(options: OutputOptions, data: unknown, human: () => string): void {
  process.stdout.write(options.json ? JSON.stringify(data, null, 2) + '\n' : human() + '\n');
}

export function fail(error: unknown, json: boolean): never {
  if (process.env.LANTU_DEBUG === '1') console.error(error);
  if (error instanceof LantuError) {
    if (json) {
      process.stdout.write(
        JSON.stringify(
          { error: { code: error.code, message: { zh: error.zh, en: error.en }, ...error.location } },
          null,
          2,
        ) + '\n',
      );
    } else {
      const where = error.location.field ? ` [${error.location.field}]` : '';
      process.stderr.write(`lantu: ${error.en}${where}\nlantu: ${error.zh}\n`);
    }
  } else {
    const message = error instanceof Error ? error.message : String(error);
    if (json)
      process.stdout.write(JSON.stringify({ error: { code: 'failed', message: { zh: message, en: message } } }) + '\n');
    else process.stderr.write(`lantu: ${message}\n`);
  }
  process.exit(1);
}

/** Read all of standard input (for --password-stdin); one trailing newline is not part of the value. */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new LantuError(
      'stdin_required',
      2,
      '--password-stdin 需要从标准输入提供密码，例如：echo "密码" | lantu user add …',
      '--password-stdin needs the password on standard input, e.g. echo "secret" | lantu user add …',
      { field: '--password-stdin' },
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
