// What other features may import of src/auth/, each name from the file named here (eslint.config.mjs checks it).
export { AcceptsAccessCookie, ACCESS_COOKIE, cookieOf } from './access-cookie';
export { AuthModule } from './auth.module';
export { AuthService } from './auth.service';
export { CurrentActor } from './current-actor.decorator';
export type { AuthenticatedRequest } from './current-actor.decorator';
export { LoginDto } from './dto/login.dto';
export { PasswordResetConfirmDto, PasswordResetRequestDto } from './dto/password-reset.dto';
export { PasswordHasher } from './password-hasher';
export { PasswordPolicy } from './password-policy.service';
export { MAX_PASSWORD_LENGTH, passwordProblems, PUBLISHED_DEMO_PASSWORD } from './password-policy';
export { PasswordResetService } from './password-reset.service';
export { Public } from './public.decorator';
export { RequireRole } from './require-role.decorator';
