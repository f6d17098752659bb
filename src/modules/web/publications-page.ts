import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AgenciesRepository } from '../agencies/agencies.repository.js';
import type { DisclosureDecisionsService } from '../disclosure/disclosure-decisions.service.js';
import { publicationSearchLimit } from '../disclosure/disclosure.module.js';
import { renderError } from './web-setup.js';

const MAX_QUERY = 200;

/**
 * 查询已主动公开的信息: GET /publications?q= rendered on the server (works without script), the same search and the
 * same per-IP limit as the API's GET /api/v1/publications. The limit and the page, as WebModule mounts them.
 */
export function publicationsPage(decisions: DisclosureDecisionsService, agencies: AgenciesRepository): RequestHandler[] {
  const limit = publicationSearchLimit((_req, res) => renderError(res, 429));
  const page = (req: Request, res: Response, next: NextFunction) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, MAX_QUERY) : '';
    const agency = typeof req.query.agency === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(req.query.agency) ? req.query.agency.toUpperCase() : '';
    Promise.all([q ? decisions.search(q, agency || undefined) : Promise.resolve([]), agencies.findAll()])
      .then(([results, all]) => {
        const active = all.filter((a) => a.active);
        const names = new Map(all.map((a) => [a.id, a.name]));
        res.render('publications', {
          title: q ? `“${q}”的查询结果` : '查询已主动公开的信息',
          q,
          searched: !!q,
          form: { q, agency },
          agencies: active.map((a) => ({ value: a.code, label: a.name })),
          results: results.map((r) => ({ ...r, agencyName: names.get(r.agencyId) ?? '' })),
        });
      })
      .catch(next);
  };
  return [limit, page];
}
