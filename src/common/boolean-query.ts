import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false };

/** A query parameter that is true or false, as written in an address; anything else is refused, naming `name`. */
export function IsBooleanWord(name: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && value in BOOLEAN_WORDS ? BOOLEAN_WORDS[value] : value)),
    IsBoolean({ message: `${name} must be true or false` }),
  );
}
