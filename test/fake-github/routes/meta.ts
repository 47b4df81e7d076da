/** `GET /meta`: on GitHub Enterprise Server it names the server's version (`installed_version`); github.com has none. */
import { json, type RouteDef } from '../router.js';

export const metaRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/meta',
    handle: (ctx) =>
      json(200, {
        verifiable_password_authentication: false,
        ...(ctx.state.enterpriseVersion !== undefined ? { installed_version: ctx.state.enterpriseVersion } : {}),
      }),
  },
];
