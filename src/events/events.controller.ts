import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiController } from '../jobs/api-docs.js';
import { EventQuery } from './dto/event-query.dto.js';
import { StreamedJobEvent, StreamedScheduleEvent } from './dto/job-event.dto.js';
import { Status } from '../jobs/dto/status.dto.js';
import { EventStream } from './event-stream.service.js';

/** One Server-Sent Event, as a reader parses it: the schema of `text/event-stream` describes each event (OpenAPI 3.0). */
const SSE_EVENT = {
  type: 'object',
  required: ['data'],
  properties: {
    event: {
      type: 'string',
      enum: ['message', 'reset', 'schedule'],
      description:
        '`message` for a job event, `reset` when events were missed, `schedule` for a firing of a schedule that started no job (an extension).',
    },
    id: { type: 'string', description: 'Pass it as Last-Event-ID to resume after this event.' },
    data: { type: 'string', description: 'A JobEvent as JSON (a ScheduleEvent in a `schedule` frame).' },
  },
};

@ApiController('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly stream: EventStream) {}

  @Get()
  @ApiOperation({ operationId: 'streamEvents', summary: 'Follow what happens to jobs, as Server-Sent Events' })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    schema: { type: 'string', pattern: '^[0-9]{1,17}$' },
    description: 'Resume after this event id: the events missed since are sent first.',
  })
  @ApiExtraModels(StreamedJobEvent, StreamedScheduleEvent)
  @ApiOkResponse({
    content: { 'text/event-stream': { schema: SSE_EVENT } },
    description: `One \`id:\`/\`data:\` frame per event, its data a JobEvent (${getSchemaPath(StreamedJobEvent)}) as JSON; an unfiltered stream also gets \`event: schedule\` frames for firings of schedules that started no job, their data a ScheduleEvent (${getSchemaPath(StreamedScheduleEvent)}). After a Last-Event-ID whose events are no longer kept, or that another replica gave, an \`event: reset\` frame comes first: list again. A \`: heartbeat\` comment comes every 15 s.`,
  })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'A bad filter or Last-Event-ID.' })
  open(@Query() query: EventQuery, @Res() response: Response, @Headers('Last-Event-ID') lastEventId?: string): void {
    this.stream.open(response, query, lastEventId);
  }
}
