import { IsEmail, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { errorSummary, fieldError, formObject, validateForm } from './forms';

class Sample {
  @IsEmail()
  email!: string;
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  count?: number;
  @IsOptional()
  @IsString()
  name?: string;
}

describe('form posts through the API DTOs', () => {
  it('reads numbers as people type them, drops empty fields and page-only fields', () => {
    expect(formObject({ _csrf: 'x', count: '1.234', name: '  ', email: 'a@b.id' }, { count: 'int' })).toEqual({ count: 1234, email: 'a@b.id' });
    expect(formObject({ rate: '3539,25' }, { rate: 'number' })).toEqual({ rate: 3539.25 });
    expect(formObject({ rate: '3.539,25' }, { rate: 'number' })).toEqual({ rate: 3539.25 });
    expect(formObject({ rate: '3539.25' }, { rate: 'number' })).toEqual({ rate: 3539.25 });
    expect(formObject({ rate: '3.5' }, { rate: 'number' })).toEqual({ rate: 3.5 });
    expect(formObject({ rate: '-5' }, { rate: 'number' })).toEqual({ rate: -5 });
    expect(formObject({ rate: 'lima' }, { rate: 'number' })).toEqual({ rate: 'lima' });
    expect(formObject({}, { active: 'bool' })).toEqual({ active: false });
    expect(formObject({ m: 'MY, CN\nSG' }, { m: 'lines' })).toEqual({ m: ['MY', 'CN', 'SG'] });
  });

  it('gives the DTO when every rule holds', async () => {
    const r = await validateForm(Sample, { email: 'sari@dinkop.id', count: '3' }, { count: 'int' });
    expect(r).toEqual({ ok: true, dto: expect.objectContaining({ email: 'sari@dinkop.id', count: 3 }) });
    expect(r.ok && r.dto).toBeInstanceOf(Sample);
  });

  it('names each failing field with the rule, in Indonesian and English', async () => {
    const r = await validateForm(Sample, { email: 'not-an-email', count: '-5', extra: '1' }, { count: 'int' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['count', 'email', 'extra']);
    expect(fieldError('id', r.errors, 'email').value).toBe('<p class="field-error" id="err-email" role="alert">Alamat email tidak valid.</p>');
    expect(fieldError('id', r.errors, 'count').value).toContain('Tidak boleh kurang dari 0.');
    expect(fieldError('en', r.errors, 'count').value).toContain('Must not be less than 0.');
    expect(fieldError('id', r.errors, 'name').value).toBe('');
    expect(errorSummary('id', r.errors).value).toContain('Periksa 3 kolom');
  });

  it('refuses text with a NUL byte before any other rule', async () => {
    const r = await validateForm(Sample, { email: 'a\u0000@b.id' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.email[0].rule).toBe('text');
  });
});
