import { IsEmail, IsNotEmpty, IsString, Length, MaxLength } from 'class-validator';
import { MAX_PASSWORD, MIN_PASSWORD } from '../../accounts/passwords';

/**
 * The sign-in pages' form bodies. The API has no sign-in or password routes (it uses keys), so
 * these are the pages' own DTOs, with the limits the accounts service applies (the email as in
 * InviteUserDto, the password lengths of passwords.ts). A password is handed on exactly as typed.
 */
export class SignInForm {
  @IsEmail()
  @Length(3, 200)
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD)
  password!: string;
}

export class ForgotPasswordForm {
  @IsEmail()
  @Length(3, 200)
  email!: string;
}

export class SetPasswordForm {
  @IsString()
  @Length(MIN_PASSWORD, MAX_PASSWORD)
  password!: string;
}
