import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/**
 * Times every answer, labelled with the route's pattern (/cases/:id/events), never the path itself,
 * so that the number of series stays bounded; a path that matched no route of the API is "unmatched".
 */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const pattern = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : '';
      // A catch-all (a 404 handler, static files) is no route of the API: its paths stay out of the labels.
      const route = pattern && !pattern.includes('*') ? pattern : 'unmatched';
      metrics.httpAnswered(req.method, route, res.statusCode, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
}
