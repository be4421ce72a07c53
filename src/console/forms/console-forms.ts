import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { STATE_ROLES, type StateRole } from '../../../machines/roles';
import { ActivityEventDto } from '../../activities/dto/activity-event.dto';
import { StartActivityDto } from '../../activities/dto/start-activity.dto';
import { LoginDto } from '../../auth/dto/login.dto';
import { PasswordResetConfirmDto, PasswordResetRequestDto } from '../../auth/dto/password-reset.dto';
import { CaseEventDto } from '../../cases/dto/case-event.dto';
import { AssignCaseDto } from '../../deadlines/dto/assign-case.dto';
import { ReopenReasonDto } from '../../reopen-requests/dto/reopen-reason.dto';
import { EmailConfirmationDto } from '../../users/dto/email-confirmation.dto';
import { RESUBMIT_MAX } from '../resubmission';

// TypeScript's mixins take exactly this constructor type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Input = new (...args: any[]) => object;

/**
 * An API input as a console form: the same fields and the same checks, so that the console and the
 * API cannot disagree on what is valid, plus the form's CSRF token (checked by ConsoleCsrfGuard).
 */
function ConsoleForm<T extends Input>(input: T) {
  class Form extends input {
    @IsOptional()
    @IsString()
    _csrf?: string;
  }
  return Form;
}

/** A grave step's form, once its consequence is confirmed on the confirmation page (step-confirmation.ts). */
function ConfirmableForm<T extends Input>(input: T) {
  class Form extends ConsoleForm(input) {
    @IsOptional() @IsIn(['yes']) confirmed?: 'yes';
  }
  return Form;
}

export class SignInForm extends ConsoleForm(LoginDto) {
  @IsOptional() @IsString() @MaxLength(500) next?: string;
  /** A form posted after its session ended, to offer to send again once signed in (resubmission.ts). */
  @IsOptional() @IsString() @MaxLength(RESUBMIT_MAX) resubmit?: string;
}

export class ForgotPasswordForm extends ConsoleForm(PasswordResetRequestDto) {}

export class ResetPasswordForm extends ConsoleForm(PasswordResetConfirmDto) {
  /** The new password typed again: the page refuses a pair that differs. */
  @IsOptional() @IsString() @MaxLength(1024) confirmPassword?: string;
}

export class ConfirmEmailForm extends ConsoleForm(EmailConfirmationDto) {}

/** A field left empty posts "": nothing given, for the rules to name what is missing. */
const emptyIsNone = Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

export class CaseEventForm extends ConfirmableForm(CaseEventDto) {
  /** A form posts text: the version the page showed, as a number again. */
  @Type(() => Number) @IsOptional() @IsInt() @Min(1) declare expectedVersion?: number;
  @emptyIsNone declare plannedReleaseDate?: string;
  @emptyIsNone declare sentencingDate?: string;
  @emptyIsNone declare reason?: string;
  @emptyIsNone declare lastKnownAddress?: string;
  @emptyIsNone declare lastKnownEmployment?: string;
  /** A ticked checkbox posts "true"; one left unticked posts nothing. */
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value)) declare sexOffender?: boolean;
}

/**
 * The fields of a supervision activity's step as its form posts them: a field left empty is none,
 * for the rules to name what is missing, not a date or an id that is not valid.
 */
function ActivityStepForm<T extends Input>(input: T) {
  class Form extends ConfirmableForm(input) {
    @emptyIsNone declare summary?: string;
    @emptyIsNone declare complianceStatus?: string;
    @emptyIsNone declare violationKind?: string;
    @emptyIsNone declare discoveredOn?: string;
    @emptyIsNone declare description?: string;
    @emptyIsNone declare response?: string;
    @emptyIsNone declare text?: string;
    @emptyIsNone declare issuedOn?: string;
    @emptyIsNone declare reason?: string;
    @emptyIsNone declare violationReportId?: string;
    @emptyIsNone declare custodySince?: string;
    @emptyIsNone declare subject?: string;
    @emptyIsNone declare message?: string;
  }
  return Form;
}

/** Starting a supervision activity from the case page (StartActivityDto). */
export class StartActivityForm extends ActivityStepForm(StartActivityDto) {}

/** A step of a supervision activity from its page (ActivityEventDto). */
export class ActivityEventForm extends ActivityStepForm(ActivityEventDto) {}

export class ReasonForm extends ConfirmableForm(ReopenReasonDto) {
  /** Where to go back to after the step (a console path). */
  @IsOptional() @IsString() @MaxLength(200) back?: string;
}

/**
 * The case list's "Open a case" form as posted: text, as typed, for the page to show again if the
 * opening is refused. The controller checks it as the API's OpenCaseDto, the sending state the user's own.
 */
export class OpenCaseForm extends ConsoleForm(class {}) {
  @IsOptional() @IsString() offenderName?: string;
  @IsOptional() @IsString() offenderId?: string;
  @IsOptional() @IsString() receivingState?: string;
  @IsOptional() @IsString() supervisionEndsOn?: string;
}

/**
 * The invitation form as posted: text, as typed, for the page to show again if the invitation is
 * refused. The controller checks it as the API's InviteUserDto.
 */
export class InviteForm extends ConsoleForm(class {}) {
  @IsOptional() @IsString() username?: string;
  @IsOptional() @IsString() displayName?: string;
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsString() role?: string;
}

/** A form's select and checkbox post text, where the API's account change takes a boolean; a deactivation is confirmed first. */
export class AccountChangeForm extends ConfirmableForm(class {}) {
  @IsOptional() @IsIn(STATE_ROLES) role?: StateRole;
  @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

/** The case page's "Assigned to" form (AssignCaseDto): the user chosen, for the side of the user's state. */
export class AssignCaseForm extends ConsoleForm(AssignCaseDto) {
  @Type(() => Number) @IsOptional() @IsInt() @Min(1) declare expectedVersion?: number;
  @emptyIsNone declare reason?: string;
}
