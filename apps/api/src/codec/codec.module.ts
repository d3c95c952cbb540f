import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import type { ApiConfig } from '../api.config';
import { CodecController } from './codec.controller';
import { CodecHttpMiddleware } from './codec-http.middleware';
import { CODEC_OPTIONS, codecOptionsOf } from './codec.options';

/** The codec server for the Temporal UI and CLI: /codec, /codec/session, /codec/{encode,decode}. */
@Module({})
export class CodecModule implements NestModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: CodecModule,
      controllers: [CodecController],
      providers: [{ provide: CODEC_OPTIONS, useValue: codecOptionsOf(config) }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CodecHttpMiddleware)
      .forRoutes(
        { path: 'codec', method: RequestMethod.ALL },
        { path: 'codec/*path', method: RequestMethod.ALL },
      );
  }
}
