// The routes a running app serves, as Fastify registered them (collected by an onRoute hook in app.ts):
// suites that must cover every route (the permission matrix, the fuzz, the accessibility scan) enumerate
// them from here instead of keeping their own list.
import type { Gazette } from '../../src/app.js';

/** Every method + path the app serves (HEAD mirrors GET: left out). */
export function registeredRoutes(app: Pick<Gazette, 'servedRoutes'>): { method: string; url: string }[] {
  return [...app.servedRoutes()];
}
