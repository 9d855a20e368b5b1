// How the audit starts Chromium: the machine's own browser (never a downloaded one), headless.
// The path and flags come from the Python side (tests/support/browser.py, node_environment),
// so the tests, the screenshots and the audit start the same browser the same way.
export function launchOptions() {
  return {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: JSON.parse(process.env.CHROME_ARGS || '[]'),
  };
}
