/**
 * GET /api/v1/catalogs: the catalogue this worker collects, for the task pane's “Tạo biểu mẫu” (the
 * pane bundles no catalogue: a template carries its own, and a new one is drawn from the catalogue
 * of the worker the pane is enrolled with). Behind the unit's access token, as the intake is: only
 * an enrolled department's pane asks. The catalogue is the one loaded and validated at start
 * (parseCatalog, defaults filled in), so its catalogHash is the one the worker checks templates
 * against. The preflight is answered by the intake's CORS (its OPTIONS route serves every path);
 * this answer carries the add-in's origin itself.
 */
import type { FastifyInstance } from 'fastify';
import type { Catalog } from '../../shared/catalog.ts';
import type { WorkerService } from '../service.ts';

export const CATALOGS_PATH = '/api/v1/catalogs';

/** What the pane receives: the catalogues collected, and the period being collected now. */
export interface CatalogsResponse { catalogs: Catalog[]; period: string }

export async function registerCatalogs(app: FastifyInstance, service: WorkerService): Promise<void> {
  const { cfg } = service;
  app.get(CATALOGS_PATH, async (req, reply) => {
    if (req.headers.origin === cfg.http.addinOrigin) reply.header('access-control-allow-origin', cfg.http.addinOrigin).header('vary', 'origin');
    reply.header('cache-control', 'no-store');
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const unit = token ? await service.ledger.unitForToken(token) : undefined;
    if (!unit) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({
        error: 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy nhập lại mã đăng ký do Phòng Tài chính - Kế hoạch cấp trong mục “Cài đặt” của phần bổ trợ.',
      });
    }
    const body: CatalogsResponse = { catalogs: [cfg.catalog], period: cfg.period.id };
    return body;
  });
}
