/**
 * A small stand-in for the worker's intake that speaks exactly the shared contract
 * (shared/intake.ts): enrolment (POST ENROL_PATH: EnrolRequest → EnrolResponse), the unit's history
 * with review states (GET INTAKE_PATH: HistoryEntry[]) and submissions (POST INTAKE_PATH → Receipt).
 * Real HTTP on 127.0.0.1, with CORS for the harness page. The pane is tested against it where the
 * worker's side of the review cycle is not there yet; submissions themselves are also tested
 * against the real worker (addin-intake.ts).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENROL_PATH, INTAKE_PATH, type EnrolRequest, type EnrolResponse, type HistoryEntry, type Receipt } from '../../shared/intake.ts';

export interface FakeUnit {
  code: string;
  name: string;
  token: string;
}

export interface FakeIntakeOptions {
  /** The page origin CORS lets in. */
  origin: string;
  unit: FakeUnit;
  /** One-time enrolment codes that give `unit`'s token. */
  codes?: string[];
  /** What GET answers, newest first (an older worker's entries may lack `review`). */
  history?: (HistoryEntry | Omit<HistoryEntry, 'review'>)[];
  period?: { id: string; header: string; deadline: string };
}

export interface FakeIntake {
  url: string;
  /** Every request, in order ("POST /api/v1/enrolments"). */
  requests: string[];
  /** Bodies received on POST INTAKE_PATH. */
  files: Uint8Array[];
  /** Enrolment requests received. */
  enrolments: EnrolRequest[];
  close(): Promise<void>;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

async function body(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeIntake(opts: FakeIntakeOptions): Promise<FakeIntake> {
  const codes = new Set(opts.codes ?? []);
  const period = opts.period ?? { id: '2023-uoc', header: 'Ước thực hiện năm 2023', deadline: '2023-11-20T17:00:00+07:00' };
  const requests: string[] = [];
  const files: Uint8Array[] = [];
  const enrolments: EnrolRequest[] = [];
  const history = [...(opts.history ?? [])];
  let nextId = 100;
  let url = '';

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      requests.push(`${req.method} ${path}`);
      res.setHeader('access-control-allow-origin', opts.origin);
      res.setHeader('vary', 'origin');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'authorization, content-type, x-file-name',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      if (req.method === 'POST' && path === ENROL_PATH) {
        let request: EnrolRequest;
        try {
          request = JSON.parse((await body(req)).toString('utf8')) as EnrolRequest;
        } catch {
          return json(res, 400, { error: 'Yêu cầu đăng ký không đúng dạng.' });
        }
        enrolments.push(request);
        if (!codes.has(request.code))
          return json(res, 410, { error: 'Mã đăng ký không đúng hoặc đã được dùng. Hãy xin mã mới từ Phòng Tài chính - Kế hoạch.' });
        codes.delete(request.code);
        const answer: EnrolResponse = { token: opts.unit.token, unit: opts.unit.code, unitName: opts.unit.name, intakeUrl: url };
        return json(res, 200, answer);
      }
      const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (path === INTAKE_PATH && auth !== opts.unit.token) {
        return json(res, 401, { error: 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy đăng ký lại trong mục “Cài đặt”.' });
      }
      if (req.method === 'GET' && path === INTAKE_PATH) {
        return json(res, 200, {
          unit: opts.unit.code,
          unitName: opts.unit.name,
          period: period.id,
          periodHeader: period.header,
          deadline: period.deadline,
          submissions: history,
        });
      }
      if (req.method === 'POST' && path === INTAKE_PATH) {
        const bytes = new Uint8Array(await body(req));
        files.push(bytes);
        const name = req.headers['x-file-name'];
        const receipt: Receipt = {
          id: nextId++,
          receivedAt: new Date().toISOString(),
          sha256: createHash('sha256').update(bytes).digest('hex'),
          unit: opts.unit.code,
          unitName: opts.unit.name,
          period: period.id,
          fileName: typeof name === 'string' ? decodeURIComponent(name) : 'bao-cao.xlsx',
          status: 'accepted',
          late: false,
        };
        history.unshift({ ...receipt, errors: [], warnings: [], review: 'awaiting_review' });
        return json(res, 201, { duplicate: false, accepted: true, receipt, errors: [], warnings: [] });
      }
      return json(res, 404, { statusCode: 404, error: 'Not Found', message: `Route ${req.method}:${path} not found` });
    })().catch((e: unknown) => json(res, 500, { error: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    files,
    enrolments,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
