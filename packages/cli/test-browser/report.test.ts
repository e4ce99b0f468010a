import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ctrlWheel,
  drawn,
  hoverTooltips,
  launch,
  longDecimals,
  pxPerSecond,
  type ReplayRun,
  readable,
  replayReport,
  unroundedTimes,
  unsafeMailmanSeed,
  violationOnScreen,
} from './report-page.js';

// The timeline report opened in Debian's chromium (installed by .ci/run when missing): a
// failing mailman21 seed's lanes and violation, then a `replay --algorithm all` page as a new
// user meets it: which run it opens on, zooming around a violation, the legend, a small
// window, rounded numbers. Screenshots go to test-browser/output/.
const OUTPUT = fileURLToPath(new URL('./output/', import.meta.url));

let browser: Browser;
let seed: number;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  browser = await launch();
  seed = await unsafeMailmanSeed('nfs');
});

afterAll(async () => {
  await browser?.close();
});

describe('the timeline report in a browser', () => {
  it("draws a failing mailman21 seed's lanes and violation; clicking the violation explains it", async () => {
    const file = join(OUTPUT, `mailman21-nfs-${seed}.html`);
    const [run] = (await replayReport(seed, 'mailman21', file)) as [ReplayRun];
    expect(run.violations.length).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/(src|href)=["']?https?:/);

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const opened = performance.now();
    await page.goto(`file://${file}`);
    await page.waitForSelector('#report');
    const openMs = performance.now() - opened;

    const lanes = await page.locator('.lane-label[data-pid]').count();
    expect(lanes).toBe(run.processes);
    const drawnViolations = Number(
      await page.locator('[data-violations]').first().getAttribute('data-violations'),
    );
    expect(drawnViolations).toBe(run.violations.length);

    const safety = run.violations.findIndex((violation) => violation.checker === 'safety');
    const first = run.violations[safety] as { checker: string; message: string };
    await page.locator('button.violation-item[data-checker="safety"]').first().click();
    const detail = (await page.locator('#detail').textContent()) ?? '';
    expect(detail).toContain(first.checker);
    // The message as the checker wrote it up to its first time (the page rounds the times).
    expect(detail).toContain(first.message.slice(0, first.message.search(/\d+\.\d/)));

    await drawn(page);
    await page.screenshot({ path: join(OUTPUT, `mailman21-nfs-${seed}.png`), fullPage: false });
    await page.close();
    // Not a timing assertion: reported for the record (the closing note quotes it).
    process.stdout.write(`report of seed ${seed}: opened in ${openMs.toFixed(0)} ms\n`);
  }, 120_000);
});

describe('a replay --algorithm all page, as a new user meets it', () => {
  let file: string;
  let runs: ReplayRun[];
  let failing: number;

  beforeAll(async () => {
    file = join(OUTPUT, `all-nfs-${seed}.html`);
    runs = await replayReport(seed, 'all', file);
    failing = runs.findIndex((run) => run.violations.length > 0);
  }, 120_000);

  async function open(width = 1400, height = 900): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`file://${file}`);
    await page.waitForSelector('#report');
    await drawn(page);
    return page;
  }

  it('opens on the first run with a violation, and says which run it shows', async () => {
    expect(runs[0]!.violations, 'linklock, listed first, is expected clean').toHaveLength(0);
    expect(failing).toBeGreaterThan(0);
    const page = await open();
    const shown = runs[failing]!;
    expect(await page.locator('.run-tab.active').getAttribute('data-run')).toBe(String(failing));
    expect(await page.locator('#timeline').getAttribute('data-run')).toBe(String(failing));
    expect(await page.locator('section.run-info:visible').getAttribute('data-algorithm')).toBe(
      shown.algorithm,
    );
    expect(Number(await page.locator('#timeline').getAttribute('data-violations'))).toBe(
      shown.violations.length,
    );
    const note = (await page.locator('#run-note').textContent()) ?? '';
    expect(note).toContain(`run ${failing + 1} of ${runs.length}`);
    expect(note).toContain(shown.algorithm);
    expect(note).toContain('the first run with a violation');
    // Switching runs says so too.
    await page.locator('.run-tab[data-run="0"]').click();
    expect(await page.locator('#run-note').textContent()).toContain(`run 1 of ${runs.length}`);
    await page.close();
  });

  it('zooms to a clicked violation and keeps it in view while zooming in and out', async () => {
    const page = await open();
    await page.locator(`.run-tab[data-run="${failing}"]`).click(); // whichever run it opened on
    await drawn(page);
    const safety = runs[failing]!.violations.findIndex((v) => v.checker === 'safety');
    expect(safety).toBeGreaterThanOrEqual(0);
    const fit = await pxPerSecond(page);
    await page.locator(`button.violation-item[data-violation="${safety}"]:visible`).click();
    await drawn(page);
    const focused = await pxPerSecond(page);
    expect(focused, 'clicking a violation zooms in').toBeGreaterThan(fit * 2);
    expect(await violationOnScreen(page, safety)).toMatchObject({ inView: true, red: true });

    const steps: [string, () => Promise<void>][] = [
      ['zoom in', () => page.locator('#zoom-in').click()],
      ['zoom in', () => page.locator('#zoom-in').click()],
      ['zoom in', () => page.locator('#zoom-in').click()],
      ['zoom out', () => page.locator('#zoom-out').click()],
      ['ctrl+wheel in, pointer low', () => ctrlWheel(page, -500)],
      ['ctrl+wheel out, pointer low', () => ctrlWheel(page, 800)],
      ['zoom out', () => page.locator('#zoom-out').click()],
      ['zoom out', () => page.locator('#zoom-out').click()],
    ];
    let previous = focused;
    for (const [what, step] of steps) {
      await step();
      await drawn(page);
      const now = await pxPerSecond(page);
      expect(now, `${what} changes the zoom`).not.toBe(previous);
      previous = now;
      expect(await violationOnScreen(page, safety), `after ${what}`).toMatchObject({
        inView: true,
        red: true,
      });
    }
    expect(previous, 'zoomed in past the first focus').not.toBe(focused);
    await page.close();
  });

  it("explains the holding bars' colours: one per fencing token, with a swatch each", async () => {
    const page = await open();
    // The failing run (mailman21) gives no tokens: the legend says so.
    expect(await page.locator('#legend').textContent()).toMatch(/fencing token/);
    const tokens = await page.evaluate(() =>
      (
        JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as {
          runs: { layout: { tokens: number[] } }[];
        }
      ).runs.map((run) => run.layout.tokens.length),
    );
    const withTokens = tokens.findIndex((n) => n > 0);
    expect(
      withTokens,
      'some algorithm hands out fencing tokens on this seed',
    ).toBeGreaterThanOrEqual(0);
    await page.locator(`.run-tab[data-run="${withTokens}"]`).click();
    await page.locator('#zoom-fit').click();
    await drawn(page);
    const legend = page.locator('#legend .legend-holding');
    expect(await legend.textContent()).toMatch(/a colour per fencing token/);
    const swatches = await legend
      .locator('[data-token]')
      .evaluateAll((nodes) => nodes.map((node) => getComputedStyle(node).backgroundColor));
    expect(swatches.length).toBeGreaterThan(0);
    expect(swatches.length).toBeLessThanOrEqual(tokens[withTokens]!);
    expect(new Set(swatches).size, 'each token its own colour').toBe(swatches.length);
    // And those are the colours the canvas paints the holding bars with.
    const painted = await page.evaluate((colours) => {
      const canvas = document.getElementById('canvas') as HTMLCanvasElement;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      ).data;
      const seen = new Set<string>();
      for (let i = 0; i < data.length; i += 4)
        seen.add(`rgb(${data[i]}, ${data[i + 1]}, ${data[i + 2]})`);
      return colours.filter((colour) => seen.has(colour));
    }, swatches);
    expect(painted).toEqual(swatches);
    await page.close();
  });

  it('keeps the replay command and the first violation visible and clickable at 900 x 700', async () => {
    const page = await open(900, 700);
    await page.locator(`.run-tab[data-run="${failing}"]`).click(); // whichever run it opened on
    const shown = page.locator('section.run-info:visible');
    const command = shown.locator('code.replay-command');
    const first = shown.locator('button.violation-item').first();
    for (const [name, element] of [
      ['replay command', command],
      ['copy button', shown.locator('button.copy')],
      ['first violation', first],
      ["first violation's message", shown.locator('ol.violation-list > li').first()],
    ] as const) {
      expect(await readable(element), name).toEqual({
        inWindow: true,
        unclipped: true,
        onTop: true,
      });
    }
    // The whole command shows: it wraps rather than run under the edge.
    expect(await command.evaluate((code) => code.scrollWidth <= code.clientWidth + 1)).toBe(true);
    // The timeline keeps room to read.
    expect((await page.locator('#canvas').boundingBox())?.height).toBeGreaterThan(200);
    await first.click();
    expect(await page.locator('#detail').getAttribute('data-kind')).toBe('violation');
    await page.screenshot({ path: join(OUTPUT, `all-nfs-${seed}-900x700.png`) });
    await page.close();
  });

  it('rounds its numbers: times to a tenth of a ms, none past three decimals, everywhere', async () => {
    const page = await open();
    const texts: string[] = [];
    // The summary per algorithm, every run's options, the marks' legend: all open.
    await page.evaluate(() => {
      for (const details of document.querySelectorAll('details')) details.open = true;
    });
    for (let run = 0; run < runs.length; run += 1) {
      await page.locator(`.run-tab[data-run="${run}"]`).click();
      const items = page.locator('section.run-info:visible button.violation-item');
      for (let v = 0; v < (await items.count()); v += 1) {
        await items.nth(v).click();
        await drawn(page);
        texts.push((await page.locator('#detail').textContent()) ?? '');
      }
      texts.push(...(await hoverTooltips(page)));
    }
    // Every run's header (the hidden ones too) and the rest of the page, as it stands now. The
    // options as JSON stay exact on purpose (what simulate({ world }) takes): not scanned.
    texts.push(
      await page.locator('#report').evaluate((report) => {
        const copy = report.cloneNode(true) as HTMLElement;
        for (const json of copy.querySelectorAll('pre.options')) json.remove();
        return copy.textContent ?? '';
      }),
    );
    texts.push(
      ...(await page
        .locator('[title]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title') ?? ''))),
    );
    const all = texts.join('\n');
    expect(all).toMatch(/\d ms/);
    expect(longDecimals(all), 'numbers to three decimals at most').toEqual([]);
    expect(unroundedTimes(all), 'times to a tenth of a millisecond').toEqual([]);
    await page.close();
  });
});
