import { csvUrl, getJson, type QuantileEstimate, type SalaryReport, type SalaryRow } from '../api.js';
import { intervalBars, payBoxes } from '../intervals.js';
import { card, count, field, h, pct, skillPicker } from '../ui.js';
import { filterParams, type View } from './context.js';
import { escapeHtml, guard, money, roleSelect, signedMoney, textInput } from './dimensions.js';

const FILTERS = ['from', 'to', 'skill', 'role', 'currency', 'country'] as const;

/**
 * Pay per currency (never mixed): how many postings state it, the quartiles of the annualised
 * midpoint with their distribution-free intervals, and with a skill its premium with a bootstrap
 * interval. Cells under the minimum size are flagged and show no quantiles.
 */
export const pay: View = async ({ params, update, signal, main }) => {
  const onChange = (name: string, value: string) => update({ [name]: value.trim() });
  const skill = params.get('skill');
  const window = filterParams(params, ['from', 'to']);
  const roles = await roleSelect(window, params.get('role') ?? '', signal);
  main.append(
    h(
      'form',
      { class: 'filters', 'aria-label': 'Pay filters', onsubmit: (e: Event) => e.preventDefault() },
      skillPicker({
        label: 'Skill (for its premium)',
        selected: skill ? [skill] : [],
        max: 1,
        onChange: ([next]) => update({ skill: next ?? null }),
      }),
      field('Role', roles, 'role', params.get('role') ?? '', onChange),
      field('Currency', textInput('e.g. EUR', 5), 'currency', params.get('currency') ?? '', onChange),
      field('Country', textInput('e.g. DE', 4), 'country', params.get('country') ?? '', onChange),
      field('From', h('input', { type: 'date' }), 'from', params.get('from') ?? '', onChange),
      field('To', h('input', { type: 'date' }), 'to', params.get('to') ?? '', onChange),
    ),
  );
  const summary = card('Pay', { id: 'pay', wide: true });
  const currencies = h('div', { class: 'currencies' });
  main.append(summary.root, currencies);
  summary.status('loading');
  const query = filterParams(params, FILTERS);
  await guard(summary, async () => {
    const report = await getJson<SalaryReport>('/api/salary', query, signal);
    summary.setCsv(csvUrl('/api/salary', query));
    if (report.skill)
      summary.root.querySelector('h2')!.textContent = `Pay: ${report.skill.name}${report.role ? `, ${report.role.name}` : ''}`;
    else if (report.role) summary.root.querySelector('h2')!.textContent = `Pay: ${report.role.name}`;
    if (report.totalPostings === 0) {
      summary.status('empty', 'No postings match these filters. Widen the dates, or clear the skill, role, currency or country.');
      return;
    }
    const d = report.disclosure;
    summary.status(
      'info',
      `${count(report.postingsWithPay)} of ${count(report.totalPostings)} unique ${report.role ? `${report.role.name} ` : ''}postings${report.stamp.query.currency ? ` state pay in ${String(report.stamp.query.currency).toUpperCase()}` : ' state pay'}: ${pct(d.share)} (95% CI ${pct(d.shareLow)}–${pct(d.shareHigh)}). Pay is the annualised midpoint of the stated range, per currency, never converted. Boxes: 25th to 75th percentile; diamond: median; whiskers: their 95% intervals.${report.skill ? ` Premium: median pay of postings asking for ${report.skill.name} minus that of the others, same currency and filters, with a 95% bootstrap interval.` : ' Choose a skill for its premium.'}`,
    );
    if (report.currencies.length === 0) {
      summary.status('empty', `None of the ${count(report.totalPostings)} postings matching these filters states pay.`);
      return;
    }
    summary.body.append(overviewTable(report));
    // Small cells (the fewest postings, so last) as compact cards side by side.
    const small = h('div', { class: 'grid four' });
    for (const row of report.currencies) (row.tooSmall ? small : currencies).append(currencyCard(row, report));
    currencies.append(small);
  });
};

function currencyCard(row: SalaryRow, report: SalaryReport): HTMLElement {
  const c = card(row.currency, { id: `pay-${row.currency}`, wide: !row.tooSmall });
  const narrow = globalThis.innerWidth < 600;
  const fmt = money(row.currency);
  const compact = money(row.currency, true);
  if (row.tooSmall) {
    c.root.classList.add('small-cell');
    c.root.querySelector('h2')!.append(' ', h('span', { class: 'badge few' }, 'too few postings'));
  }
  const d = row.disclosure;
  c.status(
    row.tooSmall ? 'empty' : 'info',
    `${count(row.postings)} postings with pay in ${row.currency}: ${pct(d.share)} of all postings (95% CI ${pct(d.shareLow)}–${pct(d.shareHigh)})${row.fromText > 0 ? `; ${pct(row.fromTextShare)} read from free text` : ''}.${row.tooSmall ? ' Too few for quartiles or a premium: below the minimum cell size.' : ''}`,
  );
  if (row.tooSmall) return c.root;
  if (!row.tooSmall && row.median.value !== null) {
    const box = h('div', {
      class: 'chart short',
      role: 'img',
      'aria-label': `Box of ${row.currency} pay: quartiles and median with their 95% intervals`,
    });
    c.body.append(box);
    const q = (e: QuantileEstimate) => `${fmt(e.value)} (95% CI ${fmt(e.low)}–${fmt(e.high)})`;
    payBoxes(
      box,
      [
        {
          label: report.role?.name ?? 'All postings',
          p25: row.q1.value,
          p25Low: row.q1.low,
          p25High: row.q1.high,
          median: row.median.value,
          medianLow: row.median.low,
          medianHigh: row.median.high,
          p75: row.q3.value,
          p75Low: row.q3.low,
          p75High: row.q3.high,
          flagged: row.tooSmall,
          tooltip: `<b>${escapeHtml(row.currency)}</b>, ${count(row.postings)} postings<br>25th percentile ${q(row.q1)}<br>median ${q(row.median)}<br>75th percentile ${q(row.q3)}`,
        },
      ],
      (v) => compact(v),
      narrow,
    );
  }
  const figures: Array<[string, string, string, string]> = [
    ['q1', '25th percentile', fmt(row.q1.value), interval(row.q1, fmt)],
    ['median', 'Median', fmt(row.median.value), interval(row.median, fmt)],
    ['q3', '75th percentile', fmt(row.q3.value), interval(row.q3, fmt)],
  ];
  const premium = row.premium;
  if (premium && report.skill) {
    const signed = signedMoney(row.currency);
    figures.push(
      ['with', `Median with ${report.skill.name} (${count(premium.withSkill)})`, fmt(premium.medianWith), ''],
      ['without', `Median without (${count(premium.withoutSkill)})`, fmt(premium.medianWithout), ''],
      [
        'premium',
        'Skill premium',
        premium.tooSmall
          ? 'too few postings'
          : `${signed(premium.difference)}${premium.relativeDifference !== null ? ` (${premium.relativeDifference > 0 ? '+' : ''}${(premium.relativeDifference * 100).toFixed(0)}%)` : ''}`,
        premium.differenceLow === null ? '–' : `${signed(premium.differenceLow)} to ${signed(premium.differenceHigh)}`,
      ],
    );
    if (!premium.tooSmall && premium.difference !== null) {
      const box = h('div', {
        class: 'chart premium',
        role: 'img',
        'aria-label': `The ${report.skill.name} premium in ${row.currency} with its 95% interval`,
      });
      c.body.append(box);
      intervalBars(
        box,
        [
          {
            label: `${report.skill.name} premium`,
            value: premium.difference,
            low: premium.differenceLow,
            high: premium.differenceHigh,
            flagged: false,
            tooltip: `<b>${escapeHtml(report.skill.name)} premium</b><br>${signed(premium.difference)} a year (95% CI ${signed(premium.differenceLow)} to ${signed(premium.differenceHigh)}), ${premium.resamples} bootstrap resamples`,
          },
        ],
        { format: (v) => compact(v), reference: 0, grid: { left: narrow ? 90 : 150, right: 24 } },
      );
    }
  }
  c.body.append(
    h(
      'table',
      { class: 'data figures-table' },
      h('caption', { class: 'visually-hidden' }, `${row.currency} pay figures with their 95% intervals`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Figure'),
          h('th', { scope: 'col', class: 'num' }, 'Per year'),
          h('th', { scope: 'col', class: 'num' }, '95% interval'),
        ),
      ),
      h(
        'tbody',
        {},
        ...figures.map(([key, label, value, ci]) =>
          h(
            'tr',
            { 'data-figure': key },
            h('th', { scope: 'row' }, label),
            h('td', { class: 'num' }, value),
            h('td', { class: 'num' }, ci || '–'),
          ),
        ),
      ),
    ),
  );
  return c.root;
}

function interval(e: QuantileEstimate, fmt: (v: number | null) => string): string {
  if (e.low === null || e.high === null) return e.value === null ? '–' : 'too few for 95%';
  return `${fmt(e.low)}–${fmt(e.high)}`;
}

/** Every currency on one line, each in its own money (the cards below follow in this order). */
function overviewTable(report: SalaryReport): HTMLTableElement {
  const head = ['Currency', 'Postings with pay', 'Share of postings', '25th percentile', 'Median', '75th percentile'];
  return h(
    'table',
    { class: 'data' },
    h('caption', { class: 'visually-hidden' }, 'Pay per currency: postings with pay, their share, quartiles'),
    h('thead', {}, h('tr', {}, ...head.map((label, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : undefined }, label)))),
    h(
      'tbody',
      {},
      ...report.currencies.map((row) => {
        const fmt = money(row.currency);
        return h(
          'tr',
          { 'data-currency': row.currency },
          h('th', { scope: 'row' }, row.currency, row.tooSmall ? h('span', { class: 'badge few' }, 'too few') : null),
          h('td', { class: 'num' }, count(row.postings)),
          h('td', { class: 'num' }, pct(row.disclosure.share)),
          h('td', { class: 'num' }, fmt(row.q1.value)),
          h('td', { class: 'num' }, fmt(row.median.value)),
          h('td', { class: 'num' }, fmt(row.q3.value)),
        );
      }),
    ),
  );
}
