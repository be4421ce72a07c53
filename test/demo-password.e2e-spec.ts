import { DEFAULT_DEMO_PASSWORD } from '../src/demo/demo-data';
import { seedDemo } from '../src/demo/demo-seed';
import { UsersService } from '../src/users/users.service';
import { bearer, signIn } from './support/accounts';
import { TestApp } from './support/test-app';

/**
 * The demo publishes one password for all its accounts. The seed may set it, by name; nobody may
 * choose it, and the seed's exemption covers that password and no other.
 */
describe('the published demo password', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
    await seedDemo(t.app, DEFAULT_DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const newAccount = (username: string, password: string, publishedDemoPassword?: boolean) =>
    t.app
      .get(UsersService)
      .create({ username, email: `${username}@e2e.example`, displayName: username, role: 'auditor', state: 'OH', password, publishedDemoPassword }, null, null);

  it('signs the demo accounts in with it, as the banner says', async () => {
    const token = await signIn(t, 'oh.officer', DEFAULT_DEMO_PASSWORD);
    await t.http.get('/me').set(bearer(token)).expect(200);
  });

  it('may not be chosen by a demo account, with a 400 naming the rule', async () => {
    const token = await signIn(t, 'tx.compact', DEFAULT_DEMO_PASSWORD);
    const res = await t.http
      .post('/auth/password')
      .set(bearer(token))
      .send({ currentPassword: DEFAULT_DEMO_PASSWORD, newPassword: 'Compact Demo 2026' })
      .expect(400);
    expect(res.body.fields).toEqual([{ field: 'newPassword', problems: [expect.stringMatching(/published password of the demo/)] }]);
  });

  it('is refused to any other account, and the seed’s exemption lets no other weak password through', async () => {
    await expect(newAccount('oh.not_demo', DEFAULT_DEMO_PASSWORD)).rejects.toMatchObject({ status: 400 });
    await expect(newAccount('oh.weak_one', 'password1234', true)).rejects.toMatchObject({ status: 400 });
    await expect(newAccount('oh.strong_one', 'lantern orchard quietly ferry', true)).resolves.toMatchObject({ username: 'oh.strong_one' });
  });
});
