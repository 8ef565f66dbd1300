/** In a real browser: raise, escalate, approve as the manager, see the card update and the business office alert. */
import { strict as assert } from 'node:assert';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { CaseDoc } from '../../src/app/caseDocument';
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
    rmSync(SHOTS, { recursive: true, force: true }); // this run's pictures only
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

  const cardWith = (page: Page, text: string) => page.locator('.ac-adaptiveCard', { hasText: text }).last();

  /** README walkthrough step 1: Priya raises a disagreement from the raise card. */
  async function raiseAs(page: Page, o: { procedure: string; reference: string; imminent?: boolean }) {
    await send(page, 'raise');
    const card = lastCard(page);
    await card.getByText('Raise a professional disagreement').waitFor();
    await card.getByText(o.procedure).click();
    await card.locator('input[role="combobox"][placeholder="Choose a person"]').click();
    await page.getByRole('option', { name: 'Jamie Reid — Practitioner, Community Health (NHS)' }).click();
    await card.locator('input[placeholder="e.g. CSC/2026/0042"]').fill(o.reference);
    await card.locator('input[role="combobox"][placeholder="Choose a theme"]').click();
    await page.getByRole('option', { name: 'Threshold for intervention' }).click();
    await card.locator('textarea').first().fill('We disagree about whether a strategy discussion is needed.');
    if (o.imminent) await card.getByRole('checkbox', { name: /A child is at imminent risk of harm/ }).check();
    return card;
  }

  it('walkthrough 1: Priya raises a disagreement from the raise card', async () => {
    const page = pages['e2e-practitioner']!;
    const card = await raiseAs(page, {
      procedure: 'Case / Conflict Resolution Flowchart',
      reference: 'CSC/2026/0777',
    });
    await snap(page, 'raise-form');
    await card.getByRole('button', { name: 'Raise', exact: true }).click();
    await page.getByText('Stage 1: Direct Professional to Professional Discussion').last().waitFor();
    await snap(page, 'stage-1');
  });

  it('walkthrough 2: Jamie sees what it is about and acknowledges', async () => {
    const page = pages['e2e-other']!;
    const card = cardWith(page, 'raised with you');
    await card.waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    assert.match(
      text,
      /We disagree about whether a strategy discussion is needed/,
      'the summary is on the card',
    );
    assert.match(text, /Threshold for intervention/, 'the theme, by its label');
    await snap(page, 'raised-with-you');
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    // what stays on the card (the 'Acknowledged.' notice may already be gone: the card is brought up to date in place)
    await page.getByText('Acknowledged by Jamie Reid').last().waitFor();
  });

  it('walkthrough 3: Priya records the discussion (date, time and who took part filled in)', async () => {
    const page = pages['e2e-practitioner']!;
    await lastCard(page).getByRole('button', { name: 'Record a discussion' }).click();
    const form = lastCard(page);
    await form.getByText('Record a discussion').first().waitFor();
    await form.getByText('telephone', { exact: true }).click();
    await form.locator('textarea').first().fill('Talked it through by phone; we still disagree.');
    await form.getByText('Unresolved', { exact: true }).click();
    await snap(page, 'discussion-form');
    await form.getByRole('button', { name: 'Record the discussion' }).click();
    await page.getByText('Talked it through by phone; we still disagree.', { exact: false }).last().waitFor();
  });

  it('walkthrough 4–5: Priya escalates with evidence; Tom approves and his card, and hers, update in place', async () => {
    const page = pages['e2e-practitioner']!;
    await lastCard(page).getByRole('button', { name: 'Escalate', exact: true }).click();
    const form = lastCard(page);
    await form.getByText('Escalate to the next stage').waitFor();
    await form
      .locator('textarea')
      .first()
      .fill('Two telephone discussions this week; we could not agree on the threshold.');
    await form.getByRole('button', { name: 'Escalate', exact: true }).click();
    await page.getByText('waiting for Tom Clarke to approve').last().waitFor();
    await snap(page, 'waiting-for-approval');

    const manager = pages['e2e-manager']!;
    await manager.getByText('You are asked to approve an outcome').last().waitFor({ timeout: 30_000 });
    await snap(manager, 'manager-asked');
    const cards = await manager.locator('.ac-adaptiveCard').count();
    await lastCard(manager).getByRole('button', { name: 'Approve the escalation' }).click();
    await manager.getByText('Stage 2: Direct Manager to Manager Discussion').last().waitFor();
    assert.equal(
      await manager.locator('.ac-adaptiveCard').count(),
      cards,
      'the card was updated in place, not posted again',
    );
    await snap(manager, 'manager-approved');
    // Priya's own card, the one she escalated from, follows the case too: it no longer says it is waiting
    await page.waitForFunction(
      "!document.body.innerText.includes('waiting for Tom Clarke to approve')",
      null,
      { timeout: 30_000 },
    );
    await page.getByText('Stage 2: Direct Manager to Manager Discussion').last().waitFor();
    await snap(page, 'raiser-card-followed');
  });

  it('resolution by agreement: Jamie proposes, the case stays open until Priya agrees, then it closes', async () => {
    const priya = pages['e2e-practitioner']!;
    const raised = await raiseAs(priya, {
      procedure: 'Case / Conflict Resolution Flowchart',
      reference: 'CSC/2026/0778',
    });
    await raised.getByRole('button', { name: 'Raise', exact: true }).click();
    await priya.getByText('Case CSC/2026/0778').last().waitFor();

    const jamie = pages['e2e-other']!;
    const told = cardWith(jamie, 'CSC/2026/0778');
    await told.waitFor({ timeout: 30_000 });
    await told.getByRole('button', { name: 'Propose a resolution' }).click();
    const form = lastCard(jamie);
    await form.getByText('What has been agreed').first().waitFor();
    await form
      .locator('textarea')
      .first()
      .fill('A joint visit on Friday; health shares the last three contacts.');
    await snap(jamie, 'propose-resolution-form');
    await form.getByRole('button', { name: 'Propose this resolution' }).click();
    await jamie.getByText('Resolution proposed by Jamie Reid').last().waitFor();

    const asked = cardWith(priya, 'you are asked to agree or decline');
    await asked.waitFor({ timeout: 30_000 });
    assert.match(await asked.innerText(), /A joint visit on Friday/);
    await snap(priya, 'asked-to-agree');
    await asked.getByRole('button', { name: 'Agree to this resolution' }).click();
    // the answer says so, and a moment later the card is brought up to date in place: either way, resolved
    const closed = cardWith(priya, 'Agreed resolution (proposed by Jamie Reid)');
    await closed.waitFor({ timeout: 30_000 });
    assert.match(await closed.innerText(), /Resolved/);
    assert.doesNotMatch(await closed.innerText(), /waiting for/);
    await snap(priya, 'resolved-by-agreement');
  });

  it('a form Jamie is typing in is not replaced when Priya changes the case (issue #17: "the text was gone")', async () => {
    const priya = pages['e2e-practitioner']!;
    const raised = await raiseAs(priya, {
      procedure: 'Case / Conflict Resolution Flowchart',
      reference: 'CSC/2026/0779',
    });
    await raised.getByRole('button', { name: 'Raise', exact: true }).click();
    const priyasCard = cardWith(priya, 'Case CSC/2026/0779');
    await priyasCard.getByRole('button', { name: 'Record a discussion' }).waitFor();

    const jamie = pages['e2e-other']!;
    const told = cardWith(jamie, 'CSC/2026/0779');
    await told.waitFor({ timeout: 30_000 });
    await told.getByRole('button', { name: 'Record a discussion' }).click();
    const jamiesForm = cardWith(jamie, 'Who took part');
    await jamiesForm.locator('textarea').first().fill('Jamie was typing this when Priya saved hers.');

    await priyasCard.getByRole('button', { name: 'Record a discussion' }).click();
    const priyasForm = cardWith(priya, 'Who took part');
    await priyasForm.getByText('telephone', { exact: true }).click();
    await priyasForm.locator('textarea').first().fill('Priya spoke to the school.');
    await priyasForm.getByText('Unresolved', { exact: true }).click();
    await priyasForm.getByRole('button', { name: 'Record the discussion' }).click();
    await priya.getByText('Priya spoke to the school.').last().waitFor();

    // a minute on the bot's clock is well past the card-update delay: every update is made now
    const to = new Date(app.clock.now().getTime() + 60_000).toISOString();
    const res = await fetch(`${app.url}/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceTo: to }),
    });
    assert.equal(res.status, 200);
    await app.dispatch.runNow();
    const [doc] = await app.store.cases.findByReference<CaseDoc>(app.config.PARTNERSHIP_ID, 'CSC/2026/0779');
    assert.deepEqual(
      doc!.outbox.filter((o) => o.effect.kind === 'refreshCards'),
      [],
      'the card updates were done',
    );

    assert.equal(
      await jamiesForm.locator('textarea').first().inputValue(),
      'Jamie was typing this when Priya saved hers.',
      'what Jamie typed is still there',
    );
    await snap(jamie, 'form-kept-while-case-changed');
    await jamiesForm.getByText('telephone', { exact: true }).click();
    await jamiesForm.getByText('Unresolved', { exact: true }).click();
    await jamiesForm.getByRole('button', { name: 'Record the discussion' }).click();
    await jamie.getByText('Jamie was typing this when Priya saved hers.').last().waitFor();
    await jamie.getByText('Discussion recorded.').last().waitFor();
  });

  it('imminent risk: a BSCP case starts at stage 1 with urgent timescales, the card says so at the top, the office is told', async () => {
    const priya = pages['e2e-practitioner']!;
    const card = await raiseAs(priya, {
      procedure: 'Escalation, Challenge & Conflict Resolution Procedure',
      reference: 'CSC/2026/0779',
      imminent: true,
    });
    await card.getByRole('button', { name: 'Raise', exact: true }).click();
    await priya.getByText('Imminent risk of harm: urgent timescales apply').last().waitFor();
    assert.match(await lastCard(priya).innerText(), /Stage 1: Senior Staff/);
    await snap(priya, 'imminent-risk');
    const office = pages['e2e-office']!;
    await office.getByText('Business Office').first().click();
    const alert = cardWith(office, 'CSC/2026/0779');
    await alert.waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await alert.innerText(), /strategy discussion is needed|Jamie|Priya/);
    await snap(office, 'imminent-risk-alert');
    await office.getByText('Personal Chat').first().click();
  });

  it('shows the business office report card, its charts drawn by the playground', async () => {
    const office = pages['e2e-office']!;
    await send(office, 'report');
    const card = lastCard(office);
    await card.getByText('disagreements report').waitFor({ timeout: 30_000 });
    const text = await card.innerText();
    assert.match(text, /Opened\s*\d/);
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
    const card = office
      .locator('.ac-adaptiveCard', { hasText: 'escalated automatically' })
      .filter({ hasText: 'CSC/2026/0777' })
      .last();
    await card.waitFor({ timeout: 30_000 });
    const alert = await card.innerText();
    assert.match(alert, /CSC\/2026\/0777/);
    assert.doesNotMatch(alert, /strategy discussion is needed|Jamie|Priya/);
    await snap(office, 'business-office-alert');
  });
});
