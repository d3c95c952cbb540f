import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { z } from 'zod';
import { type Actor, ROLES } from '@throughline/contracts';
import {
  checkKeyBinding,
  CurrentActor,
  dealerCodeSchema,
  RequireRoles,
  ZodValidationPipe,
} from '@throughline/common';
import { ApiKeyService, type ApiKeyView } from '../auth/api-key.service';

const createKeySchema = z
  .object({
    userId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ -'),
    roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
    /** A dealer's key: the dealer it acts for (required with the role dealer, refused without). */
    dealerCode: dealerCodeSchema.optional(),
  })
  .strict()
  .superRefine(checkKeyBinding);

const keyIdParam = z.union([z.uuid(), z.string().regex(/^config:[A-Za-z0-9._@-]{1,100}$/)], {
  error: 'an API key id from GET /admin/api-keys',
});

@ApiTags('admin')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'No or an invalid API key' })
@ApiForbiddenResponse({ description: 'Needs the admin role' })
@RequireRoles('admin')
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  @ApiOperation({ summary: 'API keys (never the keys themselves)' })
  @ApiOkResponse({
    schema: {
      example: [
        {
          id: '1f0c…',
          userId: 'maria.manager',
          roles: ['sales-manager'],
          keyPrefix: 'tl_4Zq9x',
          source: 'admin',
        },
        {
          id: '7b2e…',
          userId: 'spree.dispatch',
          roles: ['dealer'],
          dealerCode: 'D-BER-01',
          keyPrefix: 'tl_Hq2mP',
          source: 'admin',
        },
      ],
    },
  })
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API key; the key is shown once, only its hash is stored',
    description:
      "A dealer's key (role dealer) names its dealer in dealerCode and holds no other role; no other key has a dealerCode (400).",
  })
  @ApiBody({
    schema: { type: 'object', example: { userId: 'maria.manager', roles: ['sales-manager'] } },
  })
  @ApiCreatedResponse({
    schema: {
      example: {
        id: '1f0c…',
        userId: 'maria.manager',
        roles: ['sales-manager'],
        key: 'tl_4Zq9x…',
        source: 'admin',
      },
    },
  })
  create(
    @Body(new ZodValidationPipe(createKeySchema)) body: z.infer<typeof createKeySchema>,
    @CurrentActor() actor: Actor,
  ): Promise<ApiKeyView & { key: string }> {
    return this.keys.create(body, actor.userId);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Revoke an API key (it stops working at once)' })
  @ApiOkResponse({ description: 'The revoked key' })
  @ApiNotFoundResponse({ description: 'No such key' })
  @ApiConflictResponse({ description: 'Keys from configuration cannot be revoked here' })
  revoke(@Param('id', new ZodValidationPipe(keyIdParam)) id: string): Promise<ApiKeyView> {
    return this.keys.revoke(id);
  }
}
