// chromium.mjs - the one way the browser journeys start Debian's chromium (headless, no
// sandbox, nothing fetched from the network), shared by every tests/browser/*.test.mjs.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
