/**
 * The titles of a service dashboard's widgets (service-dashboard.ts), which its runbook names when it
 * says what to look at first (lib/codegen/runbook.ts). No CDK import: `dev generate` reads them.
 */
export const DASHBOARD_TITLES = Object.freeze({
  alarms: 'Alarms',
  requests: 'Requests per route',
  clientErrors: '4xx per route',
  serverErrors: '5xx per route',
  latency: 'p99 latency per route (ms)',
  forwarderLag: 'Forwarder lag: iterator age (ms)',
  forwarderEvents: 'Events put / failed',
  forwarderInvocations: 'Forwarder invocations',
  forwarderParked: 'Parked stream records (on-failure queue)',
  errorsLogged: 'Latest errors logged',
});

/** The title of a subscription's widget: `on-users-user: deliveries and parked`. */
export function subscriptionWidgetTitle(slug: string): string {
  return `${slug}: deliveries and parked`;
}
