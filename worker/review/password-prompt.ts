/**
 * Reading a password for `phuluc user add`: from a terminal, typed twice and never shown (raw
 * mode, nothing echoed); from a pipe (scripts, tests), the first line of standard input.
 */
import { UserError } from '../errors.ts';

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let text = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(text));
        if (ch === '\u0003' || ch === '\u0004') return done(() => reject(new UserError('Đã huỷ, chưa tạo tài khoản.', 130)));
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else if (ch >= ' ') text += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readFirstLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0];
}

/** The new password: typed twice at a terminal, else the first line of standard input. */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await readHidden('Mật khẩu (không hiện khi gõ): ');
  const again = await readHidden('Nhập lại mật khẩu: ');
  if (first !== again) throw new UserError('Hai lần nhập mật khẩu không khớp. Hãy chạy lại lệnh.', 2);
  return first;
}
