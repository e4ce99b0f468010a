import type { CaseGroup } from './adapter-case.js';

/** The lock reads the capabilities synchronously and trusts them: they must be well-formed. */
export const capabilityCases: CaseGroup = {
  name: 'capabilities',
  cases: [
    {
      title: 'capabilities: every flag declared, of the right type',
      async run({ fs, expect }) {
        const capabilities = fs.capabilities;
        for (const flag of [
          'hardLinks',
          'reliableNlink',
          'reliableIno',
          'watchSeesOtherHosts',
        ] as const) {
          expect(typeof capabilities[flag], `capabilities: ${flag} must be a boolean`).toBe(
            'boolean',
          );
        }
        const resolution = capabilities.mtimeResolutionMs;
        expect(
          Number.isFinite(resolution) && resolution >= 0,
          'capabilities: mtimeResolutionMs must be a finite number >= 0',
        ).toBe(true);
      },
    },
  ],
};
