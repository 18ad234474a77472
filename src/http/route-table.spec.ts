import { describe, expect, it } from '@jest/globals';
import { Controller, Delete, Get, Post } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
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
    { path: '/api/v1/jobs/stop', methods: ['DELETE', 'GET', 'POST'] },
    { path: '/api/v1/jobs/compute-1/stop', methods: ['POST'] },
    { path: '/api/v1/jobs/compute-1/nope', methods: [] },
    { path: '/elsewhere', methods: [] },
  ];

  it.each(cases)('$path has $methods', ({ path, methods }) => {
    expect(sut.methodsFor(path)).toEqual(methods);
  });
});
