import { createLinklockContainer, type LinklockContainerOptions } from '@linklock/inversify';
import type { Container } from 'inversify';
import { REPORT_SETTINGS, ReportPublisher, type ReportSettings } from './report-publisher.js';

export interface AppOptions {
  reports: ReportSettings;
  /** The lock's backend: `{ backend: 'node' }` in production, `'memfs'` in tests. */
  linklock: LinklockContainerOptions;
}

/** The application's container: linklock's services plus the application's own. */
export function createAppContainer(options: AppOptions): Container {
  const container = createLinklockContainer(options.linklock);
  container.bind(REPORT_SETTINGS).toConstantValue(options.reports);
  container.bind(ReportPublisher).toSelf().inSingletonScope();
  return container;
}
