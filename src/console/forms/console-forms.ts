import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { CASE_EVENT_TYPES, CLOSURE_REASONS, type CaseEventType, type ClosureReason } from '../../../machines';
import { STATE_ROLES, type StateRole } from '../../../machines/roles';
import { InviteUserDto } from '../../users/dto/invite-user.dto';

/** Every console form carries its CSRF token (checked by ConsoleCsrfGuard). */
export class ConsoleForm {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class SignInForm extends ConsoleForm {
  @IsString() @MinLength(1) @MaxLength(64) username: string;
  @IsString() @MinLength(1) @MaxLength(1024) password: string;
  @IsOptional() @IsString() @MaxLength(500) next?: string;
}

export class ForgotPasswordForm extends ConsoleForm {
  @IsString() @MinLength(1) @MaxLength(254) usernameOrEmail: string;
}

export class ResetPasswordForm extends ConsoleForm {
  @IsString() @MinLength(1) @MaxLength(256) token: string;
  @IsString() @MaxLength(1024) newPassword: string;
}

export class ConfirmEmailForm extends ConsoleForm {
  @IsString() @MinLength(1) @MaxLength(256) token: string;
}

export class CaseEventForm extends ConsoleForm {
  @IsIn(CASE_EVENT_TYPES) type: CaseEventType;
  @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  @IsOptional() @IsIn(CLOSURE_REASONS) closureReason?: ClosureReason;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) expectedVersion?: number;
}

export class ReasonForm extends ConsoleForm {
  @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  /** Where to go back to after the step (a console path). */
  @IsOptional() @IsString() @MaxLength(200) back?: string;
}

/** The same checks as the API's invitation, plus the form's CSRF token. */
export class InviteForm extends InviteUserDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class AccountChangeForm extends ConsoleForm {
  @IsOptional() @IsIn(STATE_ROLES) role?: StateRole;
  @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}
