import { Inject, Injectable } from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { InvalidRequestException } from '../common/validation';
import { passwordProblems, type PasswordOwner } from './password-policy';

/** The password rules with this deployment's minimum length, answering 400 like a validation error. */
@Injectable()
export class PasswordPolicy {
  constructor(@Inject(AUTH_CONFIG) private readonly config: Pick<AuthConfig, 'passwordMinLength'>) {}

  problems(password: string, owner: PasswordOwner): string[] {
    return passwordProblems(password, owner, this.config.passwordMinLength);
  }

  /** Throws a 400 naming `field` (password, newPassword) when the password may not be used. */
  assertAcceptable(password: string, owner: PasswordOwner, field: string): void {
    const problems = this.problems(password, owner);
    if (problems.length > 0) throw new InvalidRequestException([{ field, problems }]);
  }
}
