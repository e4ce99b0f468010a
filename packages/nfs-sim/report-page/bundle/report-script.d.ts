// The declaration of bundle/report-script.js, which ../bundle.mjs generates at build time
// (git-ignored); committed so that tsc and editors need no bundle.

/** The report page's script: report-page/*.ts bundled into one IIFE, for an inline `<script>`. */
export declare const REPORT_SCRIPT: string;
