import { MAX_PASSWORD_LENGTH, passwordProblems, PUBLISHED_DEMO_PASSWORD } from './password-policy';

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

  it.each(['password1234', 'qwertyuiop123', '123456789012', 'iloveyou1234', 'baseball1234'])('refuses %s, a commonly used or breached password', (password) => {
    expect(problems(password).join(' ')).toMatch(/commonly used/);
  });

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

describe('the password policy: what anyone knows or tries first here', () => {
  const owner = { username: 'oh.officer', email: 'olivia.hart@drc.ohio.example', displayName: 'Olivia Hart' };
  const problems = (password: string) => passwordProblems(password, owner, 12);
  const DEMO = /published password of the demo/;
  const CONTEXT = /made of words anyone tries first here/;

  it.each([PUBLISHED_DEMO_PASSWORD, 'COMPACT-DEMO-2026', 'Compact Demo 2026', 'compact_demo_2026!!', 'my compact-demo-2026 at work'])(
    'refuses the demo’s published password, however it is written: %s',
    (password) => {
      expect(problems(password).join(' ')).toMatch(DEMO);
    },
  );

  it.each([
    ['interstate compact 2026!', 'interstate, compact'],
    ['Interstate-Compact-Ohio', 'interstate, compact, ohio'],
    ['ohio texas compact icaos', 'ohio, texas, compact, icaos'],
    ['icots icaos interstate', 'icots, icaos, interstate'],
    ['compactcaseengine2026', 'compact, case, engine'],
    ['newyork-newjersey-NY-NJ', 'newyork, newjersey, ny, nj'],
  ])('refuses %s, made of the service’s and the states’ names, naming them', (password, words) => {
    expect(problems(password)).toEqual([expect.stringMatching(CONTEXT)]);
    expect(problems(password)[0]).toContain(`(${words})`);
  });

  it('refuses a password made of the owner’s own names and address', () => {
    expect(problems('Olivia Hart drc example')).toEqual([expect.stringMatching(/\(olivia, hart, drc, example\)/)]);
    expect(passwordProblems('Olivia Hart drc example', { username: 'tx.officer' }, 12)).toEqual([]);
  });

  it('takes a context word among words of the owner’s own: refusing every "ohio" would be a composition rule', () => {
    expect(problems('a brand new passphrase for ohio')).toEqual([]);
    expect(problems('lighthouse keeper compact mirror')).toEqual([]);
    // A state's name inside an ordinary word is not that state.
    expect(problems('the river remained wide and quiet')).toEqual([]);
  });

  it.each([
    ['NUL', 'correct horse\u0000battery staple'],
    ['a tab', 'correct horse\tbattery staple'],
    ['a line break', 'correct horse battery staple\n'],
    ['escape', 'correct horse \u001b[2Jbattery'],
    ['a C1 control', 'correct horse\u0085battery staple'],
    ['a lone surrogate', 'correct horse \ud800 battery staple'],
  ])('refuses %s, naming control characters', (_what, password) => {
    expect(problems(password)).toContain('The password must not contain control characters (such as NUL, tab or a line break) or broken characters');
  });
});
