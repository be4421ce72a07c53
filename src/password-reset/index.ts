// What other features may import of src/password-reset/, each name from the file named here (eslint.config.mjs checks it).
export { AccountNotices } from './account-notices';
export { PasswordResetToken } from './password-reset-token.entity';
export { PasswordResetModule } from './password-reset.module';
export { hashResetToken, newResetToken } from './reset-token';
export { ResetTokensService } from './reset-tokens.service';
