// Extraction time per MB of input from 64 KB to 16 MB (issue 17): a posting page must not take
// time growing faster than its size. Target: ms per MB flat within 2x across sizes.
import { htmlToText } from '@skillpulse/core';
import { SkillExtractor } from '@skillpulse/extract';

const PARAGRAPH =
  '<h3>About the role</h3><p>We build data pipelines in Python and Go on Kubernetes, with React &amp; TypeScript on the front end. ' +
  'Go to our office or work remote; we Make things simple.</p><ul><li>5+ years of Java or Rust</li><li>Docker, Terraform, AWS</li></ul>\n';

function page(bytes) {
  return `<html><body>${PARAGRAPH.repeat(Math.ceil(bytes / PARAGRAPH.length))}</body></html>`;
}

function timed(fn) {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function benchScaling({ quick }) {
  const extractor = new SkillExtractor();
  const sizes = quick ? [64, 256, 1024, 4096] : [64, 256, 1024, 4096, 16384];
  console.log('\n## Extraction scaling (one page of each size, HTML -> text -> skills)\n');
  console.log('| input | htmlToText ms/MB | extract ms/MB | total ms |');
  console.log('| --- | --- | --- | --- |');
  const perMb = [];
  // Untimed warm-up, so that the first size does not pay for compilation.
  for (let i = 0; i < 3; i++) extractor.extract({ text: htmlToText(page(256 * 1024)).text });
  for (const kb of sizes) {
    const html = page(kb * 1024);
    const mb = Buffer.byteLength(html) / 2 ** 20;
    // Every size is timed over the same amount of work (at least 16 MB of input, so small pages
    // are repeated), as total time over total bytes: a best-of-many for small pages against a
    // single run for large ones made noise on a loaded machine pass for a cost per MB.
    const repetitions = Math.max(1, Math.ceil(16384 / kb));
    let convert = 0;
    let extract = 0;
    for (let r = 0; r < repetitions; r++) {
      let text = '';
      convert += timed(() => {
        text = htmlToText(html).text;
      });
      extract += timed(() => extractor.extract({ text }));
    }
    convert /= repetitions;
    extract /= repetitions;
    perMb.push((convert + extract) / mb);
    console.log(`| ${kb} KB | ${(convert / mb).toFixed(0)} | ${(extract / mb).toFixed(0)} | ${(convert + extract).toFixed(0)} |`);
  }
  const spread = Math.max(...perMb) / Math.min(...perMb);
  const growth = (perMb.at(-1) ?? 0) / (perMb[0] ?? 1);
  console.log(`\nslowest/fastest ms per MB: ${spread.toFixed(2)} (target <= 2: ${spread <= 2 ? 'met' : 'NOT met'})`);
  console.log(`ms per MB at ${sizes.at(-1)} KB / at ${sizes[0]} KB: ${growth.toFixed(2)} (above 1 means cost grows faster than the input)`);
}
