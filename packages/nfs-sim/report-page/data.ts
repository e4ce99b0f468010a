import type { ReportData } from '../src/index.js';

/** The runs, as render-report.ts wrote them into the page's JSON data block. */
export const data = JSON.parse(document.getElementById('report-data')!.textContent!) as ReportData;
