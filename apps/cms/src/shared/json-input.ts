import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A JSON value of at most `maxBytes` when serialised (an object when
 * `object` is set). The content type decides the shape; this only bounds
 * what reaches it.
 */
export function IsJsonValue(maxBytes: number, object = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonValue',
      validator: {
        validate: (value: unknown) => {
          if (object && (typeof value !== 'object' || value === null || Array.isArray(value))) return false;
          try {
            return Buffer.byteLength(JSON.stringify(value) ?? '') <= maxBytes;
          } catch {
            return false;
          }
        },
        defaultMessage: () => `$property must be ${object ? 'an object' : 'a JSON value'} of at most ${maxBytes} bytes`,
      },
    },
    options,
  );
}
