import { MAX_PASSWORD_LENGTH, passwordProblems } from './password-policy';

describe('the password policy (NIST SP 800-63B)', () => {
  const owner = { username: 'oh.officer', email: 'olivia.hart@drc.ohio.example', displayName: 'Olivia Hart' };
  const problems = (password: string, minLength = 12) => passwordProblems(password, owner, minLength);

  it('accepts a long passphrase of ordinary words, with no composition rules', () => {
    expect(problems('correct horse battery staple')).toEqual([]);
    expect(problems('lighthouse keeper on a windy tuesday')).toEqual([]);
  });

  it('refuses fewer than 12 characters, counting characters, not bytes', () => {
    expect(problems('short pw 1!')).toEqual(['The password must be at least 12 characters long']);
    // Twelve characters of Greek: 24 bytes in UTF-8, still twelve characters.
    expect(problems('καλημέρακόσ')).toEqual(['The password must be at least 12 characters long']);
  });

  it('follows a minimum length of its own', () => {
    expect(problems('ribbon tundra', 16)).toEqual(['The password must be at least 16 characters long']);
  });

  it('accepts any Unicode, and up to 256 characters (NIST: at least 64)', () => {
    expect(problems('νεφέλη πάνω από τον Όλυμπο σήμερα')).toEqual([]);
    expect(problems('草原を渡る風が静かに夕暮れを告げている')).toEqual([]);
    const long = Array.from({ length: 25 }, (_, i) => `word${i}x`).join(' ');
    expect(long.length).toBeGreaterThan(64);
    expect(problems(long)).toEqual([]);
    expect(problems('a'.repeat(MAX_PASSWORD_LENGTH + 1))).toEqual([`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`]);
  });

  it('counts a password normalized (NFKC): composed and decomposed accents are the same characters', () => {
    expect(problems('cafe\u0301 cre\u0300me')).toEqual(problems('caf\u00e9 cr\u00e8me'));
  });

  it.each(['password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234', 'baseball1234'])(
    'refuses %s, a commonly used or breached password',
    (password) => {
      expect(problems(password).join(' ')).toMatch(/commonly used/);
    },
  );

  it('refuses a password straight from the breached list, whatever its letter case', () => {
    expect(problems('1Q2W3E4R5T6Y')).toEqual(['This password is on a list of commonly used and breached passwords: choose another']);
  });

  it('refuses repetitions and keyboard walks', () => {
    expect(problems('aaaaaaaaaaaaaaaa').join(' ')).toMatch(/too easy to guess/);
    expect(problems('asdfghjkl;asdfghjkl;').join(' ')).toMatch(/too easy to guess/);
  });

  it('refuses a password that contains the username, in any letter case', () => {
    expect(problems('my name is OH.Officer, welcome')).toContain('The password must not contain your username');
  });

  it('counts the owner’s own names as easy to guess', () => {
    // The local part of the owner's email address, with a digit: guessed at once by someone who knows them.
    expect(problems('olivia.hart.1').join(' ')).toMatch(/too easy to guess/);
    expect(passwordProblems('olivia.hart.1', { username: 'tx.officer' }, 12)).toEqual([]);
  });
});
