import { Type } from 'typebox';
import { actorOf, coreErrors, type App, type Platform } from '@tessera/core';
import { AgentSessionSchema } from '../../contracts/index.ts';
import { findPortfolio } from '../portfolio/portfolio-repository.ts';
import { subjectOf } from '../request-context.ts';
import { createSession, DEFAULT_AGENT_RUN, runSession, type AgentRunOptions } from './agent-runner.ts';
import { listSessions, loadSession } from './agent-session-repository.ts';

const read = { role: 'viewer', scope: 'trading:read' } as const;
const write = { role: 'member', scope: 'trading:write' } as const;
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export function registerAgentRoutes(app: App, platform: Platform, runOptions: AgentRunOptions = DEFAULT_AGENT_RUN): void {
  const db = platform.database.db;

  app.post(
    '/api/trading/agents/sessions',
    {
      config: { access: write },
      schema: {
        body: Type.Object(
          {
            question: Type.String({ minLength: 1, maxLength: 2000 }),
            portfolioId: Type.Optional(Type.String({ format: 'uuid' })),
            credentialId: Type.Optional(Type.String({ format: 'uuid' })),
            model: Type.Optional(Type.String({ minLength: 1, maxLength: 120, pattern: '^[A-Za-z0-9._:/@-]+$' })),
            wait: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: AgentSessionSchema, 202: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { orgId, userId } = subjectOf(request);
      const b = request.body;
      if (b.portfolioId && !(await findPortfolio(db, orgId, userId, b.portfolioId))) throw coreErrors.RESOURCE_NOT_FOUND();
      const start = { question: b.question, portfolioId: b.portfolioId ?? null, credentialId: b.credentialId ?? null, model: b.model ?? null };
      const s = await createSession(platform, orgId, userId, start);
      const run = runSession(platform, orgId, userId, actorOf(request), s.id, start, s.model, s.credential, runOptions);
      if (b.wait === false) {
        run.catch((err: unknown) => request.log.error({ err: err instanceof Error ? err.message : 'unknown', sessionId: s.id }, 'agent session crashed'));
        return reply.status(202).send({ id: s.id });
      }
      await run;
      return reply.status(201).send((await loadSession(db, orgId, userId, s.id))!);
    },
  );

  app.get(
    '/api/trading/agents/sessions',
    {
      config: { access: read },
      schema: {
        response: {
          200: Type.Object({
            sessions: Type.Array(
              Type.Object({ id: Type.String(), question: Type.String(), model: Type.String(), status: Type.String(), createdAt: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      return { sessions: await listSessions(db, orgId, userId) };
    },
  );

  app.get(
    '/api/trading/agents/sessions/:id',
    { config: { access: read }, schema: { params: IdParam, response: { 200: AgentSessionSchema } } },
    async (request) => {
      const { orgId, userId } = subjectOf(request);
      const s = await loadSession(db, orgId, userId, request.params.id);
      if (!s) throw coreErrors.RESOURCE_NOT_FOUND();
      return s;
    },
  );
}
