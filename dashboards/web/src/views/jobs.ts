import { ApiError, type CrawlRun, csvUrl, getJson, type JobsReport, postJson } from '../api.js';
import { type Column, card, count, h, sortableTable } from '../ui.js';
import type { View } from './context.js';

const KEY_STORAGE = 'skillpulse-admin-key';

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '–');

/** Statuses whose first error says why the run read nothing or expired nothing. */
const WITH_REASON = ['failed', 'blocked', 'suspicious'];

/** A run's status as a badge (`completed_with_errors` reads "completed with errors"); hovering shows why it failed. */
const statusBadge = (run: Pick<CrawlRun, 'status' | 'errors'>) =>
  h(
    'span',
    {
      class: `badge run-${run.status}`,
      title: WITH_REASON.includes(run.status) ? (run.errors[0]?.reason ?? '') : '',
    },
    run.status.replaceAll('_', ' '),
  );

/** Columns of imports (`skillpulse import`), shown when the list has any: the rows rejected and the file read. */
const importColumns: Column<CrawlRun>[] = [
  {
    key: 'rejected',
    label: 'Rejected',
    value: (r) => r.postingsRejected ?? null,
    render: (r) => (r.postingsRejected === undefined ? '–' : count(r.postingsRejected)),
    numeric: true,
  },
  {
    key: 'file',
    label: 'File',
    value: (r) => r.file?.name ?? null,
    render: (r) =>
      r.file
        ? h(
            'span',
            { title: `${count(r.file.bytes)} bytes, SHA-256 ${r.file.sha256 ?? 'not read to its end'}` },
            `${r.file.name} (${count(r.file.bytes)} bytes)`,
          )
        : '–',
  },
];

/** Scheduled crawl jobs, their runs with counts and errors, and a button to run one now. */
export const jobs: View = async ({ params, update, signal, main }) => {
  const jobsCard = card('Crawl jobs', { id: 'jobs', wide: true });
  const runsCard = card(params.get('job') ? `Runs of ${params.get('job')}` : 'Recent runs', { id: 'runs', wide: true });
  // The admin key stays in this tab's session storage: never in the URL, never in a link.
  const keyInput = h('input', { type: 'password', autocomplete: 'off', value: sessionStorage.getItem(KEY_STORAGE) ?? '' });
  keyInput.addEventListener('change', () => sessionStorage.setItem(KEY_STORAGE, keyInput.value));
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Admin key', onsubmit: (e: Event) => e.preventDefault() },
      h('label', {}, 'Admin key (only if the server has one) ', keyInput),
    ),
    jobsCard.root,
    runsCard.root,
  );
  jobsCard.status('loading');
  runsCard.status('loading');
  const runsQuery = new URLSearchParams({ limit: '50' });
  const job = params.get('job');
  if (job) runsQuery.set('job', job);
  const [report, runs] = await Promise.all([
    getJson<JobsReport>('/api/jobs', undefined, signal),
    getJson<{ runs: CrawlRun[] }>('/api/runs', runsQuery, signal),
  ]);

  const runNow = async (id: string, button: HTMLButtonElement) => {
    button.disabled = true;
    const key = keyInput.value.trim();
    try {
      await postJson(`/api/jobs/${encodeURIComponent(id)}/run`, key ? { authorization: `Bearer ${key}` } : {});
      jobsCard.status('info', `Started ${id}. This page refreshes while it runs.`);
      setTimeout(() => update({}, { replace: true }), 800);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      jobsCard.status(
        'error',
        status === 401 || status === 403
          ? `${(error as Error).message}. Enter the admin key above.`
          : `Could not start ${id}: ${(error as Error).message}`,
      );
      button.disabled = false;
    }
  };

  if (report.jobs.length === 0) jobsCard.status('empty', 'No jobs. Add a YAML file to the jobs folder (README, "Crawl jobs").');
  else jobsCard.status('info', `${report.jobs.length} jobs; times in UTC.`);
  jobsCard.body.append(
    sortableTable(
      'Crawl jobs',
      [
        {
          key: 'id',
          label: 'Job',
          value: (j) => j.id,
          render: (j) => h('a', { href: `?view=jobs&job=${encodeURIComponent(j.id)}`, title: j.description }, j.id),
        },
        { key: 'source', label: 'Source', value: (j) => j.source },
        {
          key: 'schedule',
          label: 'Schedule',
          value: (j) => j.schedule,
          render: (j) => (j.enabled ? (j.schedule ? `${j.schedule} (${j.timezone})` : 'manual') : 'disabled'),
        },
        { key: 'next', label: 'Next run', value: (j) => j.nextRun, render: (j) => when(j.nextRun) },
        {
          key: 'last',
          label: 'Last run',
          value: (j) => j.lastRun?.startedAt ?? null,
          render: (j) =>
            j.lastRun
              ? h(
                  'span',
                  {},
                  statusBadge(j.lastRun),
                  ` ${when(j.lastRun.startedAt)}, ${count(j.lastRun.postingsNew)} new, ${count(j.lastRun.errorCount)} errors`,
                )
              : 'never',
        },
        {
          key: 'action',
          label: 'Run',
          value: () => null,
          render: (j) => {
            const button = h(
              'button',
              { type: 'button', class: 'run-now', disabled: j.running, 'aria-label': `Run ${j.id} now` },
              j.running ? 'Running…' : 'Run now',
            );
            button.addEventListener('click', () => void runNow(j.id, button));
            return button;
          },
        },
      ],
      report.jobs,
      null,
    ),
  );
  if (report.errors.length > 0) {
    jobsCard.body.append(
      h('h3', {}, 'Job files that did not load'),
      h('ul', { class: 'errors' }, ...report.errors.map((e) => h('li', {}, e.message))),
    );
  }

  runsCard.setCsv(csvUrl('/api/runs', runsQuery));
  if (runs.runs.length === 0) runsCard.status('empty', job ? `${job} has not run yet.` : 'No runs yet. Press "Run now" on a job.');
  else runsCard.status('info', job ? `Newest first. ` : 'Newest first, every job. Pick a job to see only its runs.');
  if (job) runsCard.body.append(h('p', {}, h('a', { href: '?view=jobs' }, 'All jobs’ runs')));
  runsCard.body.append(
    sortableTable(
      'Crawl runs',
      [
        { key: 'started', label: 'Started', value: (r) => r.startedAt, render: (r) => when(r.startedAt) },
        { key: 'job', label: 'Job', value: (r) => r.job },
        { key: 'trigger', label: 'Trigger', value: (r) => r.trigger },
        { key: 'status', label: 'Status', value: (r) => r.status, render: (r) => statusBadge(r) },
        {
          key: 'duration',
          label: 'Duration',
          value: (r) => r.durationSeconds,
          render: (r) => (r.durationSeconds === null ? '–' : `${r.durationSeconds} s`),
          numeric: true,
        },
        { key: 'pages', label: 'Pages', value: (r) => r.pagesFetched, render: (r) => count(r.pagesFetched), numeric: true },
        { key: 'new', label: 'New', value: (r) => r.postingsNew, render: (r) => count(r.postingsNew), numeric: true },
        { key: 'updated', label: 'Updated', value: (r) => r.postingsUpdated, render: (r) => count(r.postingsUpdated), numeric: true },
        {
          key: 'duplicate',
          label: 'Duplicate',
          value: (r) => r.postingsDuplicate,
          render: (r) => count(r.postingsDuplicate),
          numeric: true,
        },
        { key: 'expired', label: 'Expired', value: (r) => r.postingsExpired, render: (r) => count(r.postingsExpired), numeric: true },
        {
          key: 'errors',
          label: 'Errors',
          value: (r) => r.errorCount,
          render: (r) =>
            r.errorCount === 0
              ? '0'
              : h(
                  'details',
                  {},
                  h('summary', {}, count(r.errorCount)),
                  h('ul', {}, ...r.errors.slice(0, 10).map((e) => h('li', {}, e.url ? `${e.url}: ${e.reason}` : e.reason))),
                ),
          numeric: true,
        },
        ...(runs.runs.some((r) => r.file || r.postingsRejected !== undefined) ? importColumns : []),
      ],
      runs.runs,
      null,
    ),
  );
  // While a job runs, its counts move: look again every few seconds.
  if (report.jobs.some((j) => j.running)) {
    const timer = setTimeout(() => update({}, { replace: true }), 3000);
    signal.addEventListener('abort', () => clearTimeout(timer));
  }
};
