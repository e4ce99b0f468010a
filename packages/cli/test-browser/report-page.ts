import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { runCli } from '../test/run-cli.js';

// Helpers of report.test.ts: the browser, the seeds, and what the page shows, measured in it.
const CHROMIUM = process.env.LINKLOCK_CHROMIUM ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

export interface ReplayRun {
  algorithm: string;
  processes: number;
  violations: { checker: string; message: string }[];
}

/** A seed of `profile` on which mailman21 lets two processes in at once (a safety violation). */
export async function unsafeMailmanSeed(profile: string): Promise<number> {
  const result = await runCli([
    'simulate',
    ...['--seeds', '40', '--profile', profile, '--algorithm', 'mailman21', '--json'],
  ]);
  const runs = (
    JSON.parse(result.stdout) as { runs: { seed: number; violations: { checker: string }[] }[] }
  ).runs;
  const unsafe = runs.find((run) =>
    run.violations.some((violation) => violation.checker === 'safety'),
  );
  expect(unsafe, 'mailman21 is expected to break safety on some seed').toBeDefined();
  return (unsafe as { seed: number }).seed;
}

/** `linklock replay --seed S --profile nfs --algorithm A --report file`: its runs, as --json says. */
export async function replayReport(seed: number, algorithm: string, file: string) {
  const replayed = await runCli([
    'replay',
    ...['--seed', String(seed), '--profile', 'nfs', '--algorithm', algorithm],
    ...['--report', file, '--json'],
  ]);
  expect(replayed.code).toBe(1); // some run failed
  return (JSON.parse(replayed.stdout) as { runs: ReplayRun[] }).runs;
}

/** Waits until the canvas has drawn what the last action asked for (it draws on a frame). */
export function drawn(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

/** The zoom readout (`85 px/s`), as a number. */
export async function pxPerSecond(page: Page): Promise<number> {
  const text = (await page.locator('#zoom-level').textContent()) ?? '';
  return Number(text.replace(/[^0-9.]/g, ''));
}

/**
 * Where violation `index` of the run shown stands on the screen: its start's row (the middle
 * of its label over the canvas) against the rows the canvas shows under the lane header, and
 * whether the canvas really draws it there (the violation's red line, #d00000, crosses its
 * first lane at that row).
 */
export function violationOnScreen(page: Page, index: number) {
  return page.evaluate((i) => {
    const byId = (id: string) => document.getElementById(id) as HTMLElement;
    const label = document.querySelector(`button.violation[data-violation="${i}"]`) as HTMLElement;
    const timeline = byId('timeline').getBoundingClientRect();
    const top = timeline.top + byId('lane-header').offsetHeight;
    const bottom = byId('timeline').getBoundingClientRect().top + byId('timeline').clientHeight;
    const box = label.getBoundingClientRect();
    const y = box.top + box.height / 2;
    const pid = (label.getAttribute('data-pids') ?? '').split(' ')[0];
    const lane = (
      document.querySelector(`.lane-label[data-pid="${pid}"]`) as HTMLElement
    ).getBoundingClientRect();
    const x = lane.left + lane.width / 2;
    const canvas = byId('canvas') as HTMLCanvasElement;
    const area = canvas.getBoundingClientRect();
    const ratio = canvas.width / area.width;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    let red = false;
    for (let dy = -2; dy <= 2; dy += 1) {
      const cx = Math.round((x - area.left) * ratio);
      const cy = Math.round((y + dy - area.top) * ratio);
      if (cy < 0 || cy >= canvas.height) continue;
      const [r, g, b] = context.getImageData(cx, cy, 1, 1).data;
      if (r! > 180 && g! < 60 && b! < 60) red = true;
    }
    const inView = y >= top && y <= bottom && x >= timeline.left && x <= timeline.right;
    return { inView, red, y: Math.round(y), rows: [Math.round(top), Math.round(bottom)] };
  }, index);
}

/**
 * Whether `locator` can be read and clicked where it is: wholly inside the window and inside
 * every box that scrolls or clips it (a header that scrolls cuts off what is below its edge),
 * and on top at its centre (a click there lands on it, nothing covers it).
 */
export function readable(locator: Locator) {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const inside = (outer: { top: number; left: number; bottom: number; right: number }) =>
      box.top >= outer.top - 0.5 &&
      box.left >= outer.left - 0.5 &&
      box.bottom <= outer.bottom + 0.5 &&
      box.right <= outer.right + 0.5;
    const inWindow = inside({ top: 0, left: 0, bottom: innerHeight, right: innerWidth });
    let unclipped = true;
    for (let node = element.parentElement; node !== null; node = node.parentElement) {
      if (getComputedStyle(node).overflow === 'visible') continue;
      const outer = node.getBoundingClientRect();
      const top = outer.top + node.clientTop;
      const left = outer.left + node.clientLeft;
      unclipped &&= inside({
        top,
        left,
        bottom: top + node.clientHeight,
        right: left + node.clientWidth,
      });
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const onTop = hit !== null && (hit === element || element.contains(hit));
    return { inWindow, unclipped, onTop };
  });
}

/**
 * Numbers with more than three decimals in `text`, except inside names: the lock's file names
 * read `jobs.lock.c1.1004.ZPI2...`, where `1.1004` follows a letter.
 */
export function longDecimals(text: string): string[] {
  return [...text.matchAll(/(?<![\w.])\d+\.\d{4,}/g)].map((match) => match[0]);
}

/** Times (`… ms`) written to more than a tenth of a millisecond, the page's rule. */
export function unroundedTimes(text: string): string[] {
  return [...text.matchAll(/(?<![\w.])\d+\.\d{2,} ?ms\b/g)].map((match) => match[0]);
}

/** Ctrl + wheel with the pointer low in the timeline, away from the violation. */
export async function ctrlWheel(page: Page, deltaY: number): Promise<void> {
  const box = (await page.locator('#canvas').boundingBox()) as {
    x: number;
    y: number;
    height: number;
  };
  await page.mouse.move(box.x + 30, box.y + box.height - 10);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, deltaY);
  await page.keyboard.up('Control');
}

/** The tooltips over a grid of points on the canvas: operations, faults, intervals, violations. */
export async function hoverTooltips(page: Page): Promise<string[]> {
  const box = (await page.locator('#canvas').boundingBox()) as {
    x: number;
    y: number;
    width: number;
    height: number;
  };
  const texts: string[] = [];
  for (let row = 1; row < 12; row += 1) {
    for (let column = 1; column < 12; column += 1) {
      await page.mouse.move(box.x + (box.width * column) / 12, box.y + (box.height * row) / 12);
      if (await page.locator('#tooltip').isVisible())
        texts.push((await page.locator('#tooltip').textContent()) ?? '');
    }
  }
  expect(texts.length, 'some tooltips were shown').toBeGreaterThan(0);
  return texts;
}
