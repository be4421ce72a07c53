import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ passwordHashCost: 15 });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('correct horse');
    await expect(hasher.verify('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(hasher.verify('Correct horse battery staple', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password twice')).not.toBe(await hasher.hash('same password twice'));
  });

  it('verifies a hash made with other parameters, so the cost can be raised later', async () => {
    const older = await new PasswordHasher({ passwordHashCost: 12 }).hash('an older account password');
    await expect(hasher.verify('an older account password', older)).resolves.toBe(true);
  });

  it('treats the same text in another Unicode form as the same password', async () => {
    const stored = await hasher.hash('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    await expect(hasher.verify('cafe\u0301 au lait, s\u2019il vous pla\u00eet', stored)).resolves.toBe(true);
  });

  it('refuses a stored value that is not one of its hashes', async () => {
    await expect(hasher.verify('anything', 'plain-text-password')).resolves.toBe(false);
  });
});

describe('PasswordHasher: upgrades and accounts without a password', () => {
  const hasher = new PasswordHasher({ passwordHashCost: 12 });

  it('asks for a new hash when the stored one was made at another cost', async () => {
    const older = await new PasswordHasher({ passwordHashCost: 10 }).hash('an older account password');
    expect(hasher.needsRehash(older)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('a current account password'))).toBe(false);
  });

  it('stores an unusable value for an invited account: unique, and no password verifies against it', async () => {
    const unset = hasher.unusable();
    expect(unset).not.toBe(hasher.unusable());
    expect(hasher.isHash(unset)).toBe(false);
    expect(hasher.needsRehash(unset)).toBe(false);
    await expect(hasher.verify('', unset)).resolves.toBe(false);
    await expect(hasher.verify(unset, unset)).resolves.toBe(false);
    expect(hasher.isHash(await hasher.hash('a real password here'))).toBe(true);
  });
});
