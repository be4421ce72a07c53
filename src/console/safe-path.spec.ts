import { consolePath } from './safe-path';

describe('consolePath: where sign-in and forms may send a user back to', () => {
  it.each(['/console/cases', '/console/cases/0b7c6a0e-3f3c-4b7e-9a55-2f1e1f0c9d11', '/console/queue', '/console/cases?status=closed&side=receiving'])(
    'keeps the console page %s',
    (path) => {
      expect(consolePath(path)).toBe(path);
    },
  );

  it.each([
    'https://evil.example/console/cases',
    '//evil.example/console',
    '/\\evil.example',
    '/console\\..\\..\\evil',
    '/consoleevil',
    '/console/../login',
    '/console/%2e%2e/%2E%2E/evil',
    '/console/./../x',
    '/cases/0b7c6a0e',
    'javascript:alert(1)',
    '',
    undefined,
  ])('turns %p into the case list', (candidate) => {
    expect(consolePath(candidate)).toBe('/console/cases');
  });
});
