import { loadConfig } from './app-config';

describe("the console's deployment texts", () => {
  it('default to a neutral agency name and the four statements CJIS 5.5.4 asks of a system-use notice', () => {
    const { app } = loadConfig({});
    expect(app.agencyName).toBe('Interstate Compact Office');
    expect(app.systemUseNotice).toHaveLength(4);
    expect(app.systemUseNotice.join(' ')).toMatch(/authorized use only[\s\S]*monitored, recorded[\s\S]*criminal and civil penalties[\s\S]*consent/);
  });

  it('split SYSTEM_USE_NOTICE into paragraphs on blank lines, and keep the default for one made of spaces', () => {
    expect(loadConfig({ SYSTEM_USE_NOTICE: 'One line\r\nand its next.\r\n\r\nTwo.' }).app.systemUseNotice).toEqual(['One line and its next.', 'Two.']);
    expect(loadConfig({ SYSTEM_USE_NOTICE: ' \n\n ' }).app.systemUseNotice).toEqual(loadConfig({}).app.systemUseNotice);
    expect(loadConfig({ AGENCY_NAME: '  Texas   Interstate Compact Office ' }).app.agencyName).toBe('Texas Interstate Compact Office');
  });

  it('refuse texts too long for a page, naming the variable', () => {
    expect(() => loadConfig({ AGENCY_NAME: 'x'.repeat(121) })).toThrow(/AGENCY_NAME must be at most 120 characters/);
    expect(() => loadConfig({ SYSTEM_USE_NOTICE: 'x'.repeat(4001) })).toThrow(/SYSTEM_USE_NOTICE must be at most 4000 characters/);
  });
});
