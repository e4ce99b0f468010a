/**
 * The report page's one inline script, as text: report-page/*.ts, TypeScript type-checked
 * against the DOM, bundled into one IIFE at build time (report-page/bundle.mjs, run by
 * `pnpm build`). Its code lives outside src because it runs in the browser, where it may use
 * timers and animation frames that the simulator itself must not. It contains no module syntax
 * and nothing that would end its `<script>` element (render-report.test.ts checks).
 */
export { REPORT_SCRIPT } from '../../report-page/bundle/report-script.js';
