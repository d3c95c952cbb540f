import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import type { FieldError } from './problem';

/** A 400 whose problem body lists every invalid field. */
export class ValidationProblem extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('The request is invalid');
  }
}

export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message: issue.message,
  }));
}

/** Validates and converts a request part with a zod schema; unknown fields fail strict schemas. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw new ValidationProblem(fieldErrorsOf(result.error));
    return result.data;
  }
}

/** JSON schema (OpenAPI 3.0 dialect) of a zod schema, for Swagger and the process catalog. */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' });
}
