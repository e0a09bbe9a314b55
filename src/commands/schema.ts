/** `onboard schema`: the JSON Schema of the answers file, generated from the schema that validates it. */
import * as z from 'zod/mini';
import { EXIT } from '../core/errors.js';
import { ALL_FIELDS } from '../steps/index.js';
import { std } from '../ui/std.js';
import { answersFileSchema } from '../wizard/answers.js';

export function schemaDocument(): Record<string, unknown> {
  const schema = z.toJSONSchema(answersFileSchema(ALL_FIELDS), {
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  const properties = { $schema: { type: 'string' }, ...schema.properties };
  return {
    ...schema,
    $id: 'https://onboard.invalid/answers.schema.json',
    title: 'onboard answers file',
    properties,
  };
}

export function schemaCommand(): number {
  std(1).write(`${JSON.stringify(schemaDocument(), null, 2)}\n`);
  return EXIT.ok;
}
