import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks the few routes that answer without a signed-in user: sign-in and health. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
