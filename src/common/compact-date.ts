import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCompactDate } from '../../machines/calendar';

/** A calendar date as the compact writes it, `YYYY-MM-DD`, and one that exists (no 31 April). */
export function IsCompactDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCompactDate',
      validator: {
        validate: (value: unknown) => isCompactDate(value),
        defaultMessage: () => '$property must be a date that exists, written YYYY-MM-DD (e.g. 2027-06-30)',
      },
    },
    options,
  );
}
