// How the audit starts Chromium: the machine's own browser (never a downloaded one), headless,
// with the flags that keep it off the network it cannot reach here.
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchOptions() {
  return {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROME_FLAGS,
  };
}
