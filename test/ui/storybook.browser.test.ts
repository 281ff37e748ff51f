// Storybook as users meet it: `storybook build`, the static folder served on 127.0.0.1 with an
// emulator behind the live stories (.storybook/emulator.ts), driven by playwright-core in
// Debian's Chromium. Every story renders without errors and axe-clean; two users chat through
// the emulator on each backend (AppSync Events, API Gateway, Hotsock, Chime with its channel list); the reconnect banner shows when the emulator drops the
// sockets; hostile content stays inert; 10,000 messages stay virtualized. Screenshots (light
// and dark) go to test/ui/.out/screenshots/ for CI to keep as artifacts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStorybook } from '../../.storybook/emulator.js';
import { CHROMIUM_PATH, RUN_BROWSER_TESTS } from '../browser/_harness.js';

const root = resolve(import.meta.dirname, '../..');
const OUT = resolve(import.meta.dirname, '.out');
const STATIC = resolve(OUT, 'storybook-static');
const SHOTS = resolve(OUT, 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];
const SCREENSHOT = ['components-chatroom--static', 'components-messagelist--states', 'components-chatroom--devtools', 'components-channellist--with-unread'];

let site: Awaited<ReturnType<typeof serveStorybook>>;
let browser: Browser;

interface Opened {
  page: Page;
  errors: string[];
}

/** Opens one story in its own page and waits until Storybook says it rendered (or failed). */
async function open(id: string, theme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Failed requests are reported with their URL below (the console line has none); the
  // browser's own favicon request is not the story's.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  await page.goto(`${site.url}/iframe.html?id=${id}&viewMode=story&globals=theme:${theme}`);
  await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'), undefined, { timeout: 15_000 });
  if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) errors.push(`story error: ${await page.locator('#error-message').textContent()}`);
  return { page, errors };
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const run = (globalThis as unknown as { axe: { run(ctx: string): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await run.run('#storybook-root');
    return r.violations.map((v) => `${v.impact} ${v.id} ${JSON.stringify(v.nodes.slice(0, 2).map((n) => n.target))}`);
  });
}

describe.skipIf(!RUN_BROWSER_TESTS)('Storybook, built and driven in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The build's Node loads .storybook/main.ts, which imports the emulator from its sources.
    execFileSync(resolve(root, 'node_modules/.bin/storybook'), ['build', '-o', STATIC, '--quiet'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', NODE_OPTIONS: '--conditions=@channelkit/source --import tsx' },
    });
    site = await serveStorybook(STATIC);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('renders every story without errors and with no axe violation', async () => {
    const index = JSON.parse(readFileSync(resolve(STATIC, 'index.json'), 'utf8')) as { entries: Record<string, { id: string; type: string }> };
    const stories = Object.values(index.entries).filter((e) => e.type === 'story');
    expect(stories.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { id } of stories) {
      for (const theme of ['light', 'dark'] as const) {
        const { page, errors } = await open(id, theme);
        // Live stories: wait for both panes before checking them.
        if (id.startsWith('live-')) await page.getByRole('textbox').nth(1).waitFor();
        problems.push(...[...errors, ...(await axe(page))].map((p) => `${id} (${theme}): ${p}`));
        if (SCREENSHOT.includes(id) || id.startsWith('live-')) await page.screenshot({ path: resolve(SHOTS, `${id}-${theme}.png`), fullPage: true });
        await page.close();
      }
    }
    expect(problems).toEqual([]);
    // ~90 pages (every story, light and dark) opened one after another, 3–7 s each on a 2-core
    // machine shared with other builds (measured: 300 s was not enough there; issue 17 added six
    // stories, twelve pages). A deadline against hangs, not a timing assertion.
  }, 600_000);

  for (const [backend, id, history] of [
    ['AppSync Events', 'live-two-users--app-sync-events', undefined],
    ['API Gateway WebSocket', 'live-two-users--api-gateway-web-socket', undefined],
    // Native presence on a `presence.` channel; the welcome message was stored before anyone joined.
    ['Hotsock', 'live-two-users--hotsock', 'Welcome! This message was published before you joined'],
  ] as const) {
    it(`two users chat through the emulator (${backend}), sending with the keyboard only, and see the reconnect banner on a drop`, async () => {
      const { page, errors } = await open(id);
      const ana = page.locator('[data-user="ana"]');
      const bo = page.locator('[data-user="bo"]');
      if (history) {
        await ana.locator('.ck-message-text', { hasText: history }).waitFor({ timeout: 15_000 });
        await bo.locator('.ck-message-text', { hasText: history }).waitFor();
      }
      // Both present before sending: each sees the other in presence.
      await bo.getByRole('list', { name: '2 online' }).waitFor({ timeout: 15_000 });
      const text = `hello from Ana ${Math.random().toString(36).slice(2)}`;
      await ana.getByRole('textbox', { name: 'Message' }).focus();
      await page.keyboard.type(text);
      await bo.getByText('Ana Lima is typing…').waitFor();
      await page.keyboard.press('Enter');
      await bo.locator('.ck-message-text', { hasText: text }).waitFor();
      await ana.locator('.ck-message-text', { hasText: text }).waitFor();
      // Delivered, it stays Ana's own (what the backend says, or what her page sent) and is not
      // Bo's; where the backend vouches for nobody, Bo sees the sender marked unverified.
      await ana.locator('.ck-message[data-own][data-status="delivered"]', { hasText: text }).waitFor();
      expect(await bo.locator('.ck-message[data-own]', { hasText: text }).count()).toBe(0);
      expect(await bo.locator('.ck-message', { hasText: text }).locator('.ck-message-unverified').count()).toBe(backend === 'Hotsock' ? 0 : 1);

      await page.getByRole('button', { name: 'Drop connections (emulator)' }).click();
      await ana.locator('.ck-banner', { hasText: /Reconnecting/ }).waitFor();
      // …and it clears once the client is back: then a message goes through again.
      await ana.locator('.ck-banner').waitFor({ state: 'detached', timeout: 15_000 });
      await bo.getByRole('textbox', { name: 'Message' }).focus();
      await page.keyboard.type('back again');
      await page.keyboard.press('Enter');
      await ana.locator('.ck-message-text', { hasText: 'back again' }).waitFor();
      await page.screenshot({ path: resolve(SHOTS, `${id}-after-chat.png`) });
      expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/.test(e))).toEqual([]);
      await page.close();
    }, 60_000);
  }

  it('two users chat on Chime SDK messaging: the channel list with real unread badges, history, and the reconnect banner on a drop', async () => {
    const id = 'live-two-users--chime-sdk-messaging';
    const { page, errors } = await open(id);
    const ana = page.locator('[data-user="ana"]');
    const bo = page.locator('[data-user="bo"]');
    const anaChannels = ana.getByRole('navigation', { name: 'Ana Lima: channels' });
    // Bo wrote twice in Random before Ana connected: her list counts both (Chime keeps a read
    // marker, not a count; the prefetch's messages after the marker are counted).
    await anaChannels.getByRole('button', { name: /Random.*2 unread messages/ }).waitFor({ timeout: 15_000 });
    // Both in General, present through their memberships.
    await bo.getByRole('list', { name: '2 online' }).waitFor();
    const text = `hello from Ana ${Math.random().toString(36).slice(2)}`;
    await ana.getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await bo.locator('.ck-message-text', { hasText: text }).waitFor();
    await ana.locator('.ck-message-text', { hasText: text }).waitFor();
    // Own by the sender's ARN compared with Ana's membership, not by a name; Chime vouches for it.
    await ana.locator('.ck-message[data-own][data-status="delivered"]', { hasText: text }).waitFor();
    expect(await bo.locator('.ck-message[data-own]', { hasText: text }).count()).toBe(0);
    expect(await bo.locator('.ck-message-unverified').count()).toBe(0);

    await page.getByRole('button', { name: 'Drop connections (emulator)' }).click();
    await ana.locator('.ck-banner', { hasText: /Reconnecting/ }).waitFor();
    await ana.locator('.ck-banner').waitFor({ state: 'detached', timeout: 15_000 });
    // Chime publishes over REST, so Bo's message would go through offline: wait until he is back.
    await bo.locator('.ck-banner').waitFor({ state: 'detached', timeout: 15_000 });
    await bo.getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.type('back again');
    await page.keyboard.press('Enter');
    await ana.locator('.ck-message-text', { hasText: 'back again' }).waitFor();

    // Opening Random shows Bo's messages from history and clears the badge …
    await anaChannels.getByRole('button', { name: /Random/ }).click();
    await ana.locator('.ck-message-text', { hasText: 'Anyone up for lunch?' }).waitFor();
    await anaChannels
      .getByRole('button', { name: /Random/ })
      .locator('.ck-badge')
      .waitFor({ state: 'detached' });
    // … and what Bo writes in General meanwhile becomes General's badge.
    await bo.getByRole('textbox', { name: 'Message' }).focus();
    await page.keyboard.type('while you were away');
    await page.keyboard.press('Enter');
    await anaChannels.getByRole('button', { name: /General.*1 unread message/ }).waitFor();
    await page.screenshot({ path: resolve(SHOTS, `${id}-after-chat.png`) });
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION|net::/.test(e))).toEqual([]);
    await page.close();
  }, 60_000);

  it('hostile content renders inert: no script runs, only http(s) links, bidi overrides shown', async () => {
    const { page, errors } = await open('components-messagelist--hostile-content');
    const result = await page.evaluate(() => ({
      pwned: (globalThis as { __pwned?: number }).__pwned,
      scripts: document.querySelectorAll('#storybook-root script, #storybook-root img').length,
      links: [...document.querySelectorAll('#storybook-root a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')]),
      text: document.querySelector('#storybook-root')!.textContent!,
    }));
    expect(result.pwned).toBeUndefined();
    expect(result.scripts).toBe(0);
    for (const [href, rel] of result.links) {
      expect(href).toMatch(/^https?:\/\//);
      expect(rel).toBe('noopener noreferrer');
    }
    expect(result.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a failed load of older messages can be tried again, and the keyboard keeps its focus in the list', async () => {
    const { page, errors } = await open('components-messagelist--older-fails-once');
    const scroller = page.locator('.ck-message-scroller');
    const oldest = () => page.evaluate(() => Math.min(...[...document.querySelectorAll('.ck-message-text')].map((t) => Number(/Message (\d+)/.exec(t.textContent!)?.[1] ?? 1e9))));
    const button = page.locator('.ck-load-older button');
    // The first attempt fails (after 300 ms): nothing new, and the control is usable again.
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await button.filter({ hasText: 'Loading' }).waitFor();
    await button.filter({ hasText: 'Load older' }).waitFor();
    expect(await button.getAttribute('aria-disabled')).toBe('false');
    expect(await oldest()).toBe(200);
    // The second, from the keyboard: the page arrives, the view stays, focus stays in the list.
    const height = await page.evaluate(() => document.querySelector<HTMLElement>('.ck-message-rows')!.offsetHeight);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => document.querySelector<HTMLElement>('.ck-message-rows')!.offsetHeight > h, height);
    await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    expect(await page.evaluate(() => (document.activeElement === document.body ? 'body' : document.activeElement?.closest('.ck-message-list') ? 'list' : 'elsewhere'))).toBe('list');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('10,000 messages keep fewer than 200 rows in the DOM; scrolling to the top loads older ones without a jump', async () => {
    const { page } = await open('components-messagelist--ten-thousand');
    const scroller = page.locator('.ck-message-scroller');
    const count = () => page.locator('.ck-message-rows > li').count();
    expect(await count()).toBeLessThan(200);
    // The first message on screen before older messages load is on screen after they did.
    await scroller.evaluate((el) => el.scrollTo({ top: 200 }));
    // Rows render after the scroll event: wait for one on screen. The list opens at the newest
    // message and may still be settling there (StrictMode's second mount, rows measured) when
    // the scroll above lands; scrolled back down, it is scrolled up again until it stays.
    const anchor = (await (
      await page.waitForFunction(() => {
        const el = document.querySelector<HTMLElement>('.ck-message-scroller')!;
        if (el.scrollTop > 400) {
          el.scrollTo({ top: 200 });
          return undefined;
        }
        const top = el.getBoundingClientRect();
        const on = [...document.querySelectorAll('.ck-message-text')].find((t) => t.getBoundingClientRect().top >= top.top && t.getBoundingClientRect().bottom <= top.bottom);
        return on?.textContent;
      })
    ).jsonValue()) as string;
    expect(anchor).toMatch(/^Message 6\d\d/);
    const height = () => page.evaluate(() => document.querySelector<HTMLElement>('.ck-message-rows')!.offsetHeight);
    const before = await height();
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.waitForFunction((h) => document.querySelector<HTMLElement>('.ck-message-rows')!.offsetHeight > h, before);
    // Rows re-render after the restored scroll position: wait (bounded) for the anchor on screen.
    const onScreen = await page
      .waitForFunction(
        (text) => {
          const view = document.querySelector('.ck-message-scroller')!.getBoundingClientRect();
          const el = [...document.querySelectorAll('.ck-message-text')].find((t) => t.textContent === text);
          const r = el?.getBoundingClientRect();
          return !!r && r.bottom > view.top && r.top < view.bottom;
        },
        anchor,
        { timeout: 5_000 },
      )
      .then(
        () => 'on screen',
        async () =>
          `not on screen: ${await page.evaluate(() => `scrollTop ${document.querySelector('.ck-message-scroller')!.scrollTop}, shown ${[...document.querySelectorAll('.ck-message-text')].map((t) => t.textContent!.slice(0, 12)).join('|')}`)}`,
      );
    expect(onScreen).toBe('on screen');
    // Precisely: loading a page (the control pressed, no scrolling) moves nothing on screen.
    const positions = () =>
      page.evaluate(() => {
        const view = document.querySelector('.ck-message-scroller')!.getBoundingClientRect();
        const out: Record<string, number> = {};
        for (const t of document.querySelectorAll('.ck-message-text')) {
          const r = t.getBoundingClientRect();
          if (r.top >= view.top && r.bottom <= view.bottom) out[t.textContent!] = r.top - view.top;
        }
        return out;
      });
    const frames = () => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
    await scroller.evaluate((el) => el.scrollTo({ top: 120 }));
    await frames();
    const shown = await positions();
    const grown = await height();
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('.ck-load-older button')!.click());
    await page.waitForFunction((h) => document.querySelector<HTMLElement>('.ck-message-rows')!.offsetHeight > h, grown);
    await frames();
    const after = await positions();
    const moved = Object.keys(shown).map((text) => [text, after[text] === undefined ? 'gone' : Math.round(after[text]! - shown[text]!)]);
    expect(moved.length).toBeGreaterThan(3);
    expect(moved.filter(([, d]) => d === 'gone' || Math.abs(d as number) > 1)).toEqual([]);
    // The list is a focusable region: the keyboard scrolls it (last: Chrome animates it).
    const at = await scroller.evaluate((el) => el.scrollTop);
    await scroller.focus();
    await page.keyboard.press('PageUp');
    await page.waitForFunction((top) => document.querySelector('.ck-message-scroller')!.scrollTop < top, at);
    expect(await count()).toBeLessThan(200);
    await page.close();
  }, 60_000);
});
