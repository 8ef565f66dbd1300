/** In a real browser: raise, escalate, approve as the manager, see the card update and the business office alert. */
import { strict as assert } from 'node:assert';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { demoDirectory } from '../../src/app/directoryFile';
import { loadConfig } from '../../src/config';
import { startPlaygrounds, stopPlaygrounds, type RunningPlayground } from '../../src/local/playground';
import { createLogger } from '../../src/log';
import { localHooks } from '../../src/local/testHooks';
import { startApp, type App } from '../../src/startApp';
import { DEMO } from '../support/demoPeople';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve('test-results', 'e2e');
const PERSONAS = [
  { key: 'e2e-practitioner', personId: DEMO.priya, port: 56170, role: 'practitioner' },
  { key: 'e2e-other', personId: DEMO.jamie, port: 56171, role: 'other practitioner' },
  { key: 'e2e-manager', personId: DEMO.cscManager, port: 56172, role: 'manager' },
  { key: 'e2e-office', personId: DEMO.grace, port: 56173, role: 'business office' },
];

describe('in the browser: a whole escalation in the Agents Playground', function () {
  this.timeout(300_000);
  let app: App;
  let playgrounds: RunningPlayground[] = [];
  let browser: BrowserContext;
  const pages: Record<string, Page> = {};
  let shot = 0;
  const problems: string[] = [];

  const snap = async (page: Page, name: string) =>
    page.screenshot({
      path: path.join(SHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  const lastCard = (page: Page) => page.locator('.ac-adaptiveCard').last();

  before(async function () {
    if (!existsSync(CHROMIUM))
      throw new Error(
        'Chromium is missing: install it with `apt-get install -y chromium` (Debian), then run npm test again',
      );
    mkdirSync(SHOTS, { recursive: true });
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DIGEST_DAY: 'off',
      ESCALATE_TEST_CLOCK: 'true',
      SWEEP_INTERVAL_SECONDS: '3600',
      DISPATCH_INTERVAL_MS: '300',
    });
    // The bot's own log (ids and codes only) is kept beside the screenshots, to read when a step fails.
    const botLog = createWriteStream(path.join(SHOTS, 'bot.log'));
    app = await startApp({ config, log: createLogger('debug', botLog), extend: localHooks });
    playgrounds = await startPlaygrounds(
      demoDirectory(),
      PERSONAS,
      `${app.url}/api/messages`,
      path.resolve('devTools', 'e2e'),
    );
    browser = await chromium.launchPersistentContext(path.resolve('devTools', 'e2e', 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1300, height: 1000 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    for (const pg of playgrounds) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => problems.push(`${pg.persona.key}: ${e.message}`));
      await page.goto(pg.url, { waitUntil: 'domcontentloaded' });
      await page.locator('div[role="textbox"]').first().waitFor({ timeout: 60_000 });
      pages[pg.persona.key] = page;
    }
  });

  // a failed step leaves a picture of every persona's window beside the bot's log
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const [key, page] of Object.entries(pages)) await snap(page, `failed-${key}`).catch(() => undefined);
    // ids, codes and counts only (see src/log.ts), so safe to show where CI prints it
    const lines = readFileSync(path.join(SHOTS, 'bot.log'), 'utf8').trim().split('\n');
    console.error(`the bot's last log lines:\n${lines.slice(-30).join('\n')}`);
  });

  after(async () => {
    await browser?.close();
    await stopPlaygrounds(playgrounds);
    await app?.close();
  });

  afterEach(async function () {
    for (const [key, page] of Object.entries(pages)) {
      const text = await page.locator('body').innerText();
      if (/Something went wrong|Unable to render|card is invalid/i.test(text))
        problems.push(`${key}: the playground showed an error`);
    }
    assert.deepEqual(problems, [], 'the playground reported problems');
  });

  async function send(page: Page, text: string): Promise<void> {
    await page.locator('div[role="textbox"]').first().click();
    await page.keyboard.type(text);
    await page.locator('button[aria-label="Send Message"]').click();
  }

  it('raises a disagreement from the raise card', async () => {
    const page = pages['e2e-practitioner']!;
    await send(page, 'raise');
    const card = lastCard(page);
    await card.getByText('Raise a professional disagreement').waitFor();
    await card.getByText('Case / Conflict Resolution Flowchart').click();
    await card.locator('input[role="combobox"][placeholder="Choose a person"]').click();
    await page.getByRole('option', { name: 'Jamie Reid — Community Health (NHS)' }).click();
    await card.locator('input[placeholder="e.g. CSC/2026/0042"]').fill('CSC/2026/0777');
    await card.locator('input[role="combobox"][placeholder="Choose a theme"]').click();
    await page.getByRole('option', { name: 'Threshold for intervention' }).click();
    await card.locator('textarea').first().fill('We disagree about whether a strategy discussion is needed.');
    await snap(page, 'raise-form');
    await card.getByRole('button', { name: 'Raise', exact: true }).click();
    await page.getByText('Stage 1: Direct Professional to Professional Discussion').last().waitFor();
    await snap(page, 'stage-1');
  });

  it('escalates with evidence; the manager is asked to approve and the card updates in place', async () => {
    const page = pages['e2e-practitioner']!;
    await lastCard(page).getByRole('button', { name: 'Escalate' }).click();
    const form = lastCard(page);
    await form.getByText('Escalate to the next stage').waitFor();
    await form
      .locator('textarea')
      .first()
      .fill('Two telephone discussions this week; we could not agree on the threshold.');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('waiting for Tom Clarke to approve').last().waitFor();
    await snap(page, 'waiting-for-approval');

    const manager = pages['e2e-manager']!;
    await manager.getByText('You are asked to approve an outcome').last().waitFor({ timeout: 30_000 });
    await snap(manager, 'manager-asked');
    const cards = await manager.locator('.ac-adaptiveCard').count();
    await lastCard(manager).getByRole('button', { name: 'Approve escalation' }).click();
    await manager.getByText('Stage 2: Direct Manager to Manager Discussion').last().waitFor();
    assert.equal(
      await manager.locator('.ac-adaptiveCard').count(),
      cards,
      'the card was updated in place, not posted again',
    );
    await snap(manager, 'manager-approved');
  });

  it('shows the business office report card, its charts drawn by the playground', async () => {
    const office = pages['e2e-office']!;
    await send(office, 'report');
    const card = lastCard(office);
    await card.getByText('disagreements report').waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    assert.match(text, /Opened\s*1/);
    assert.match(text, /Furthest stage reached/);
    assert.match(text, /Stage 2 — Direct Manager to Manager Discussion/);
    assert.match(text, /Agency raising/);
    assert.match(text, /Last 12 months/);
    await snap(office, 'business-office-report');
  });

  it('escalates automatically when the bot’s clock passes the stage 2 deadline, and alerts the business office channel', async () => {
    const to = new Date(app.clock.now().getTime() + 10 * 86_400_000).toISOString();
    const res = await fetch(`${app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: to }),
    });
    assert.equal(res.status, 200);
    const office = pages['e2e-office']!;
    await office.getByText('Business Office').first().click();
    await office.getByText('escalated automatically').last().waitFor({ timeout: 30_000 });
    const alert = await lastCard(office).innerText();
    assert.match(alert, /CSC\/2026\/0777/);
    assert.doesNotMatch(alert, /strategy discussion is needed|Jamie|Priya/);
    await snap(office, 'business-office-alert');
  });
});
