import { CONSOLE_PAGES, consoleLink } from './console-links';

describe('links in mails', () => {
  it('open console pages at the public address', () => {
    expect(consoleLink('https://compact.example/', CONSOLE_PAGES.case('0b7c6a0e-3f3c-4b7e-9a55-2f1e1f0c9d11'))).toBe(
      'https://compact.example/console/cases/0b7c6a0e-3f3c-4b7e-9a55-2f1e1f0c9d11',
    );
    expect(consoleLink('https://compact.example', CONSOLE_PAGES.reopenQueue())).toBe('https://compact.example/console/queue');
  });

  it.each(['/cases/1', '/reopen-requests/1', 'https://elsewhere.example/console/cases/1', '/consoleevil'])('refuse %s, which is no console page', (page) => {
    expect(() => consoleLink('https://compact.example', page)).toThrow(/Not a console page/);
  });
});
