// What other features may import of src/users/, each name from the file named here (eslint.config.mjs checks it).
export { AccountLocks } from './account-locks';
export { EmailConfirmationDto } from './dto/email-confirmation.dto';
export { InviteUserDto } from './dto/invite-user.dto';
export { NewUserDto } from './dto/new-user.dto';
export { UserView } from './dto/user.view';
export { EmailChangeService } from './email-change.service';
export { isLocked, lockRanOut, minutesLeft } from './lockout';
export { StateAdminService } from './state-admin.service';
export { User } from './user.entity';
export { UserRepository } from './user.repository';
export { UsersModule } from './users.module';
export { actorOf, placeProblem, UsersService } from './users.service';
