/**
 * What a request that its route's schema refuses is told: one Vietnamese sentence saying what is
 * wrong and what to do, never a library's English.
 *
 * The schemas (schemas.ts) write their own sentences with `vi()`; only those reach a user as they
 * are, with two placeholders filled in from the place of the problem: `{n}`, the 1-based place in
 * a list (“Ý kiến thứ 2 thiếu nội dung.”), and `{keys}`, the fields the request should not have
 * sent. Anything else zod says (a schema that wrote no sentence for that case) is described here in
 * general words: what part of the request, where, and what it should be.
 */
import type { FastifySchemaValidationError } from 'fastify';

const OURS = new Set<string>();

/** A sentence of ours for a schema's `error` option: the only messages shown to a user as they are. */
export function vi(sentence: string): string {
  OURS.add(sentence);
  return sentence;
}

/** Where a validation error was found (fastify's `validationContext`). */
export type RequestPart = 'body' | 'params' | 'querystring' | 'headers';

const PART: Record<RequestPart, string> = {
  body: 'Nội dung yêu cầu',
  params: 'Đường dẫn',
  querystring: 'Tham số trên đường dẫn',
  headers: 'Phần đầu (header) của yêu cầu',
};

const KIND: Record<string, string> = {
  string: 'một đoạn chữ',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'đúng hoặc sai (true/false)',
  array: 'một danh sách',
  object: 'một đối tượng JSON',
  null: 'để trống',
};

function quoted(keys: unknown): string {
  return (Array.isArray(keys) ? keys : []).map((k) => `“${String(k)}”`).join(', ');
}

/** The path of an issue ("/comments/1/text") as segments. */
function segments(instancePath: string): string[] {
  return instancePath.split('/').filter(Boolean);
}

function general(issue: FastifySchemaValidationError, part: RequestPart): string {
  const path = segments(issue.instancePath).join('.');
  const at = path ? ` ở “${path}”` : '';
  const p = issue.params as Record<string, unknown>;
  let what: string;
  switch (issue.keyword) {
    case 'invalid_type':
      what = `cần ${KIND[String(p.expected)] ?? 'một giá trị khác'}`;
      break;
    case 'too_big':
      what = `vượt giới hạn (tối đa ${String(p.maximum)})`;
      break;
    case 'too_small':
      what = `chưa đủ (tối thiểu ${String(p.minimum)})`;
      break;
    case 'unrecognized_keys':
      what = `có trường không dùng đến: ${quoted(p.keys)}`;
      break;
    default:
      what = 'giá trị không hợp lệ';
  }
  return `${PART[part]} không đúng dạng${at}: ${what}. Hãy sửa rồi thử lại.`;
}

/**
 * The sentence for a request refused by its schema: the first problem found, in the schema's own
 * words when it has them.
 */
export function validationMessage(issues: FastifySchemaValidationError[], part: RequestPart | string | undefined): string {
  const issue = issues[0];
  const where = (part && part in PART ? part : 'body') as RequestPart;
  if (!issue) return `${PART[where]} không đúng dạng. Hãy sửa rồi thử lại.`;
  const sentence = issue.message ?? '';
  if (!OURS.has(sentence)) return general(issue, where);
  const index = segments(issue.instancePath).find((s) => /^\d+$/.test(s));
  return sentence
    .replaceAll('{n}', index === undefined ? '' : String(Number(index) + 1))
    .replaceAll('{keys}', quoted((issue.params as { keys?: unknown }).keys));
}
