import { Module } from '@nestjs/common';
import { EventStream } from './event-stream.service.js';
import { EventsController } from './events.controller.js';

/** `GET /api/v1/events`: the live stream of job events (SSE), one reader of the hub. */
@Module({
  controllers: [EventsController],
  providers: [EventStream],
})
export class EventsModule {}
