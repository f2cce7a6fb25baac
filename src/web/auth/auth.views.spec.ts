import { validateForm } from '../forms';
import { ForgotPasswordForm, SetPasswordForm, SignInForm } from './auth-forms';
import { forgotView, loginView, setPasswordView } from './auth.views';

const ctx = { lang: 'id' as const, csrf: 'tok' };

describe('sign-in pages', () => {
  it("shows the sign-in form with the next page kept and the service's answer on top", () => {
    const out = loginView(ctx, { email: 'sari@contoh.id', next: '/pesanan', error: 'Email atau kata sandi salah.' }).value;
    expect(out).toContain('<input type="hidden" name="lanjut" value="/pesanan">');
    expect(out).toContain('<div class="alert bad" role="alert" id="login-error">Email atau kata sandi salah.</div>');
    expect(out).toContain('value="sari@contoh.id" aria-describedby="login-error"');
  });

  it('puts a malformed email beside its field, in Indonesian and English', async () => {
    const r = await validateForm(SignInForm, { _csrf: 'x', lanjut: '/', email: 'bukan-email', password: 'rahasia' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors)).toEqual(['email']);
    const out = loginView(ctx, { email: 'bukan-email', errors: r.errors }).value;
    expect(out).toContain('value="bukan-email" aria-invalid="true" aria-describedby="err-email"');
    expect(out).toContain('<p class="field-error" id="err-email" role="alert">Alamat email tidak valid.</p>');
    expect(loginView({ ...ctx, lang: 'en' }, { errors: r.errors }).value).toContain('Not a valid email address.');
  });

  it('asks for the password when it is empty, and names an unknown field on top', async () => {
    const r = await validateForm(SignInForm, { email: 'sari@contoh.id', password: '', extra: '1' });
    if (r.ok) throw new Error('should fail');
    const out = loginView(ctx, { errors: r.errors }).value;
    expect(out).toContain('<p class="field-error" id="err-password" role="alert">Isi kata sandi.</p>');
    expect(out).toContain('<div class="alert bad" role="alert">extra: Kolom ini tidak dikenal.</div>');
  });

  it('forgot password: a malformed email is told beside the field, a good one passes', async () => {
    const bad = await validateForm(ForgotPasswordForm, { email: 'sari' });
    if (bad.ok) throw new Error('should fail');
    expect(forgotView(ctx, { email: 'sari', errors: bad.errors }).value).toContain('id="err-email" role="alert">Alamat email tidak valid.</p>');
    const good = await validateForm(ForgotPasswordForm, { email: ' sari@contoh.id ' });
    expect(good).toEqual({ ok: true, dto: expect.objectContaining({ email: 'sari@contoh.id' }) });
  });

  it('new password: the length rule and the service\'s "not your email" in words', async () => {
    const short = await validateForm(SetPasswordForm, { password: 'pendek' });
    if (short.ok) throw new Error('should fail');
    const out = setPasswordView(ctx, { token: 'abc', email: 'sari@contoh.id', kind: 'invite', errors: short.errors }).value;
    expect(out).toContain('<h1>Buat kata sandi</h1>');
    expect(out).toContain('aria-describedby="pw-hint err-password" aria-invalid="true"');
    expect(out).toContain('<p class="field-error" id="err-password" role="alert">Kata sandi minimal 10 karakter.</p>');
    const long = await validateForm(SetPasswordForm, { password: 'x'.repeat(201) });
    if (long.ok) throw new Error('should fail');
    expect(setPasswordView(ctx, { token: 'a', email: 'e', kind: 'reset', errors: long.errors }).value).toContain('Kata sandi paling banyak 200 karakter.');
    const errors = { password: [{ rule: 'is_email', message: 'password: is_email' }] };
    const same = setPasswordView({ ...ctx, lang: 'en' }, { token: 'a', email: 'e', kind: 'reset', errors }).value;
    expect(same).toContain('<h1>Reset your password</h1>');
    expect(same).toContain('The password must not be your email.');
  });
});
