/** `onboard schema`: the JSON Schema of the answers file, generated from the schema that validates it. */
import * as z from 'zod/mini';
import { answersFileSchema } from '../wizard/answers.js';
import { EXIT } from '../wizard/errors.js';

export function schemaDocument(): Record<string, unknown> {
  const schema = z.toJSONSchema(answersFileSchema(), {
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const properties = { $schema: { type: 'string' }, ...(schema.properties as Record<string, unknown>) };
  return {
    ...schema,
    $id: 'https://onboard.invalid/answers.schema.json',
    title: 'onboard answers file',
    properties,
  };
}

export function schemaCommand(): number {
  process.stdout.write(`${JSON.stringify(schemaDocument(), null, 2)}\n`);
  return EXIT.ok;
}
