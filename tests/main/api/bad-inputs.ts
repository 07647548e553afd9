import { z } from 'zod';

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType>; entries?: Record<string, unknown>; catchall?: z.ZodType };

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/nullable/default wrappers: the type the value itself must have. */
function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const d = def(s);
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'prefault') && d.innerType) s = d.innerType;
    else return s;
  }
}

/**
 * Values of the wrong shape for a schema: every one of them must be rejected. Derived from the
 * schema's own definition, so a new channel or field is covered without editing the test.
 */
export function wrongValues(schema: z.ZodType, depth = 0): unknown[] {
  const inner = core(schema);
  const d = def(inner);
  switch (d.type) {
    case 'void':
    case 'undefined':
      return [0, 42, 'text', true, [], {}, null];
    case 'string':
      return [42, true, {}, []];
    case 'number':
      return ['1', true, {}, [], Number.POSITIVE_INFINITY, Number.NaN];
    case 'boolean':
      return ['true', 1, {}, []];
    case 'enum':
      return ['no-such-value', 7, {}];
    case 'array': {
      const out: unknown[] = ['text', 7, { 0: 'a' }];
      if (d.element && depth < 3) for (const w of wrongValues(d.element, depth + 1).slice(0, 3)) out.push([w]);
      return out;
    }
    case 'object': {
      const out: unknown[] = [42, 'text', true, [], { __unexpected_key__: 1 }];
      if (depth < 3 && d.shape) {
        for (const [key, field] of Object.entries(d.shape)) {
          for (const w of wrongValues(field, depth + 1)) out.push({ [key]: w });
        }
      }
      return out;
    }
    default:
      return [];
  }
}
