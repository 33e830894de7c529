import './fastify-augment.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { coreErrors } from '../errors/core-errors.ts';
import type { TesseraModule } from '../modules/module-contract.ts';
import type { Platform } from '../platform.ts';
import { registerAccessControl } from './access-control.ts';
import { errorBody, toAppError } from './error-mapping.ts';
import { DeferredRequestLogger } from './deferred-request-logger.ts';
import { applySecurityHeaders, registerSecurityHeaders } from './security-headers.ts';
import { registerCoreRoutes } from '../routes/core-routes.ts';
import { openApiErrorResponses } from './openapi-errors.ts';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The Fastify instance every route file receives: TypeBox schemas type the handlers. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/**
 * Builds the HTTP app: core plugins in a fixed order (request ids, security headers, CORS,
 * cookies, OpenAPI, access control, metrics, errors), core routes, then each enabled module as a
 * named plugin, then the web shell. Nothing here listens; the caller decides.
 */
export async function createApp(platform: Platform, modules: readonly TesseraModule[]): Promise<App> {
  const { config } = platform;
  let nextId = 0;
  const logger: FastifyBaseLogger = platform.log;
  const app = Fastify({
    loggerInstance: logger,
    // Per-request log lines only at debug and trace: metrics carry the request counts.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    // Fastify hands the factory the pino instance given as loggerInstance (or a child of it).
    childLoggerFactory: (parent, bindings, options) => new DeferredRequestLogger(parent as Logger, bindings, options),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-correlation-id'];
      return typeof sent === 'string' && CORRELATION_ID.test(sent)
        ? sent
        : `req-${process.pid.toString(36)}-${(nextId++).toString(36)}-${Date.now().toString(36)}`;
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    routerOptions: { maxParamLength: 200 },
    // Errors the router raises before any hook runs still get the catalogue's shape.
    frameworkErrors: (error, request, reply) => {
      const appError =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? coreErrors.URI_TOO_LONG() : error.code === 'FST_ERR_BAD_URL' ? coreErrors.URL_INVALID() : toAppError(error);
      applySecurityHeaders(reply, request.id);
      void (reply as FastifyReply).status(appError.status).send(errorBody(appError, request.id));
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as App;

  registerSecurityHeaders(app);
  // Without an allowlist no cross-origin caller is allowed at all, so the plugin (a hook on every
  // request, about 2% of a gateway call's CPU) is not registered.
  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins, credentials: true });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tessera API', version: platform.version, description: 'Alfred gateway, AI Bookkeeper, Oh My Coins and Status Board on one platform.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'tessera_session' } } },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: ({ schema, url, route }) => ({ schema: openApiErrorResponses(schema as Record<string, unknown> | undefined, route.config?.access), url }),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { docExpansion: 'none', deepLinking: true } });
  registerAccessControl(app, platform);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    platform.metrics.httpRequests.inc(labels);
    platform.metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });

  app.setErrorHandler(async (err, request, reply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) request.log.error({ err, code: appError.code }, 'request failed');
    for (const [k, v] of Object.entries(appError.headers)) reply.header(k, v);
    return reply.status(appError.status).send(errorBody(appError, request.id));
  });

  const webDir = resolve(config.webDistDir);
  const hasWeb = existsSync(resolve(webDir, 'index.html'));
  app.setNotFoundHandler(async (request, reply) => {
    const isApi = /^\/(api|v1|healthz|readyz|metrics|openapi\.json|docs)(\/|$|\?)/.test(request.url);
    if (!isApi && hasWeb && (request.method === 'GET' || request.method === 'HEAD')) return reply.sendFile('index.html', webDir);
    const e = coreErrors.NOT_FOUND();
    return reply.status(404).send(errorBody(e, request.id));
  });

  registerCoreRoutes(app, platform, modules);

  for (const mod of modules) {
    const plugin = async (instance: App) => mod.register(instance, platform);
    Object.defineProperty(plugin, 'name', { value: `tessera-${mod.name}` });
    await app.register(plugin);
  }

  // Static files go through declared routes like everything else (access: public).
  await app.register(fastifyStatic, { root: webDir, serve: false });
  const fileSchema = { hide: true, response: { 200: { type: 'string' } } };
  app.get('/', { config: { access: 'public' }, schema: fileSchema }, async (_request, reply) => {
    if (!hasWeb) return reply.redirect('/docs');
    return reply.sendFile('index.html', webDir);
  });
  app.get('/assets/*', { config: { access: 'public' }, schema: fileSchema }, async (request, reply) => {
    const rest = (request.params as Record<string, string>)['*'] ?? '';
    reply.header('cache-control', 'public, max-age=31536000, immutable');
    return reply.sendFile(rest, resolve(webDir, 'assets'));
  });

  app.server.on('connection', (socket) => {
    platform.metrics.activeConnections.inc();
    socket.once('close', () => platform.metrics.activeConnections.dec());
  });
  return app;
}
