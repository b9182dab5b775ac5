/** Where a JSON syntax error is, in the words of a person editing the file: "dòng 3, cột 5". */
export function jsonErrorPlace(text: string, e: unknown): string {
  const message = String((e as Error)?.message ?? '');
  const m = /line (\d+) column (\d+)/.exec(message);
  if (m) return `dòng ${m[1]}, cột ${m[2]}`;
  const pos = /position (\d+)/.exec(message);
  if (!pos) return /end of JSON|Unexpected end/i.test(message) ? 'cuối tệp (tệp bị cắt cụt hoặc thiếu dấu đóng ngoặc)' : 'một chỗ không xác định được';
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  return `dòng ${line}, cột ${before.length - before.lastIndexOf('\n')}`;
}
