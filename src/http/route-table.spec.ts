import { describe, expect, it } from '@jest/globals';
import { Controller, Delete, Get, Post } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RouteTable } from './route-table.js';

@Controller('api/v1/jobs')
class Jobs {
  @Get() list() {}
  @Post() create() {}
  @Post('stop') stopAll() {}
  @Get(':jobName') get() {}
  @Delete(':jobName') remove() {}
  @Post(':jobName/stop') stop() {}
}

const modules = new Map([['jobs', { controllers: new Map([[Jobs, { metatype: Jobs }]]) }]]) as unknown as ModulesContainer;

describe('RouteTable', () => {
  const sut = new RouteTable(() => modules);
  const cases: { path: string; methods: string[] }[] = [
    { path: '/api/v1/jobs', methods: ['GET', 'POST'] },
    { path: '/api/v1/jobs/', methods: ['GET', 'POST'] },
    { path: '/api/v1/jobs/compute-1', methods: ['DELETE', 'GET'] },
    { path: '/api/v1/jobs/stop', methods: ['POST'] },
    { path: '/api/v1/jobs/STOP/', methods: ['POST'] },
    { path: '/api/v1/jobs/compute-1/stop', methods: ['POST'] },
    { path: '/api/v1/jobs/compute-1/nope', methods: [] },
    { path: '/elsewhere', methods: [] },
  ];

  it.each(cases)('$path has $methods', ({ path, methods }) => {
    expect(sut.methodsFor(path)).toEqual(methods);
  });
});

describe('RouteTable.middleware', () => {
  const sut = new RouteTable(() => modules);
  const run = (method: string, path: string) => {
    let passed: unknown = 'not called';
    sut.middleware({ method, path } as Request, {} as Response, (error?: unknown) => (passed = error));
    return passed;
  };

  it.each(['GET', 'HEAD', 'DELETE'])(
    'refuses %s /api/v1/jobs/stop with 405 and Allow: POST, not a lookup of a job named stop',
    (method) => {
      expect(run(method, '/api/v1/jobs/stop')).toMatchObject({ status: 405, reason: 'MethodNotAllowed', headers: { Allow: 'POST' } });
    },
  );

  it.each([
    ['POST', '/api/v1/jobs/stop'],
    ['GET', '/api/v1/jobs/compute-1'],
    ['DELETE', '/api/v1/jobs/compute-1'],
    ['PUT', '/api/v1/jobs/compute-1'],
    ['GET', '/elsewhere'],
  ])('passes %s %s on to the router', (method, path) => {
    expect(run(method, path)).toBeUndefined();
  });
});
