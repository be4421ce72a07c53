import { Inject, Injectable } from '@nestjs/common';
import { Eta } from 'eta';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** The project's root (where package.json is), found from here whether running from src/ or dist/. */
function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export const CONSOLE_DIR = join(projectRoot(), 'src', 'console');

/**
 * Renders the console's Eta templates; everything written with <%= %> is HTML-escaped. Every page
 * also gets `it.deployment`: whose system it is and the terms of its use, as configured.
 */
@Injectable()
export class ConsoleViews {
  private readonly eta = new Eta({ views: join(CONSOLE_DIR, 'views'), cache: true, autoEscape: true });
  private readonly deployment: { agency: string; systemUseNotice: readonly string[] };

  private readonly idleMinutes: number;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'agencyName' | 'systemUseNotice' | 'idleTimeoutMinutes'>) {
    this.deployment = { agency: config.agencyName, systemUseNotice: config.systemUseNotice };
    this.idleMinutes = config.idleTimeoutMinutes;
  }

  render(res: Response, view: string, data: Record<string, unknown>, status = 200): void {
    // The layout gives a signed-in page the idle limit, for console.js to warn before it.
    const html = this.eta.render(view, { deployment: this.deployment, idleMinutes: this.idleMinutes, ...data });
    res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
  }
}
