/**
 * The report as one self-contained HTML file: styles inline in the head, charts and maps as data: URLs,
 * no script and no outside request — it opens from a mail attachment or a USB stick as it is.
 */
import type { Block } from './report-blocks.js';
import { STATUS_FILL } from './report-labels.js';
import type { TableView } from './report-tables.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `body{font-family:"Source Han Serif SC","Noto Serif CJK SC","Songti SC",SimSun,"宋体",serif;max-width:960px;margin:2em auto;padding:0 1em;line-height:1.8;color:#222}
h1,h2,.title,caption,figcaption{font-family:"Source Han Sans SC","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",SimHei,"黑体",sans-serif}
.title{text-align:center;font-size:2em;margin-top:1em}.subtitle{text-align:center;color:#555}
p{text-indent:2em}table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.9em}
th,td{border:1px solid #888;padding:.2em .4em}th{background:#dce6f1}caption{font-weight:bold;padding:.4em}
figure{text-align:center;margin:1.5em 0}figure img{max-width:100%;height:auto}nav li{list-style:none}`;

function tableHtml(t: TableView): string {
  const last = t.header.length - 1;
  const rows = t.rows
    .map(
      (r) =>
        '<tr>' +
        r.cells
          .map((c, i) =>
            i === last && r.status
              ? `<td class="status-${r.status}" style="background:#${STATUS_FILL[r.status]}">${esc(c)}</td>`
              : `<td>${esc(c)}</td>`,
          )
          .join('') +
        '</tr>',
    )
    .join('\n');
  return `<table><caption>${esc(t.caption)}</caption><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

export function writeHtml(blocks: readonly Block[], title: string): Buffer {
  const headings = blocks.filter((b) => b.kind === 'heading' && b.level === 1);
  let h1 = 0;
  const body = blocks.map((b) => {
    switch (b.kind) {
      case 'title':
        return `<div class="title">${esc(b.text)}</div><p class="subtitle">${esc(b.subtitle)}</p>`;
      case 'toc':
        return `<nav><h2>目录</h2><ul>${headings.map((h, i) => `<li><a href="#s${i + 1}">${esc(h.kind === 'heading' ? h.text : '')}</a></li>`).join('')}</ul></nav>`;
      case 'heading':
        return b.level === 1 ? `<h1 id="s${++h1}">${esc(b.text)}</h1>` : `<h2>${esc(b.text)}</h2>`;
      case 'paragraph':
        return `<p>${esc(b.text)}</p>`;
      case 'table':
        return tableHtml(b.table);
      case 'figure':
        return `<figure><img alt="${esc(b.figure.caption)}" width="${b.figure.png.width / 2}" src="data:image/png;base64,${b.figure.png.data.toString('base64')}"><figcaption>图 ${b.number}  ${esc(b.figure.caption)}</figcaption></figure>`;
    }
  });
  return Buffer.from(
    `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`,
    'utf8',
  );
}
