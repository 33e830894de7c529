import { Type } from 'typebox';
import { coreErrors } from '../errors/core-errors.ts';
import type { App } from '../http/create-app.ts';
import type { JobRecord } from '../jobs/job-queue.ts';
import type { Platform } from '../platform.ts';
import { UuidParam } from './shared-schemas.ts';

export const JobView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  state: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  progressDone: Type.Number(),
  progressTotal: Type.Union([Type.Number(), Type.Null()]),
  result: Type.Unknown(),
  error: Type.Unknown(),
  createdAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

export function jobView(job: JobRecord) {
  return {
    id: job.id,
    name: job.name,
    state: job.state,
    progressDone: job.progressDone,
    progressTotal: job.progressTotal,
    result: job.result ?? null,
    error: job.error ?? null,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export function registerJobRoutes(app: App, platform: Platform): void {
  app.get(
    '/api/jobs/:id',
    {
      config: { access: { role: 'viewer' } },
      schema: { tags: ['jobs'], summary: 'State and progress of a background job', params: UuidParam, response: { 200: JobView } },
    },
    async (request) => {
      const job = await platform.jobs.get(request.tenant.orgId, request.params.id);
      if (!job) throw coreErrors.RESOURCE_NOT_FOUND({ message: 'No job with that id in this organization.' });
      return jobView(job);
    },
  );
}
