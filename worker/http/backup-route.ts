/**
 * GET /api/v1/console/backup: when the data was last backed up, and whether that is too long ago
 * (console/BackupNotice.tsx shows it). Read by anyone signed in to the console, like the board.
 *
 * The console's sessions plugin (console.ts) is not reopened for this one route: the session is
 * proved by asking the console's own GET /session with the request's cookie, so who may read this
 * is exactly who may read the console, whatever that plugin becomes.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CONSOLE_API } from '../../shared/console-api.ts';
import { backupStatus } from '../backup.ts';
import type { WorkerService } from '../service.ts';
import { BackupReply, refusals } from './schemas.ts';

export const BACKUP_PATH = `${CONSOLE_API}/backup`;

export async function registerBackupRoute(app: FastifyInstance, service: WorkerService): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(BACKUP_PATH, { schema: { response: { 200: BackupReply, ...refusals(401) } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
    const session = await app.inject({ method: 'GET', url: `${CONSOLE_API}/session`, headers: req.headers.cookie ? { cookie: req.headers.cookie } : {} });
    if (session.statusCode !== 200) {
      const body = session.json<{ error?: string }>();
      return reply.code(401).send({ error: body.error ?? 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.' });
    }
    return backupStatus(service.cfg, service.clock());
  });
}
