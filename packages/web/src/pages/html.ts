/** The HTML shell shared by every page: pvws's client scripts, uPlot's CSS, the page's module. */
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function pageHtml(options: { title: string; script: string; css?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="/devioc/uPlot.min.css">
<style>${options.css ?? ''}</style>
<script src="/pvws/js/base64.js"></script>
<script src="/pvws/js/pvws.js"></script>
</head>
<body data-title="${escapeHtml(options.title)}">
<script type="module" src="${escapeHtml(options.script)}"></script>
</body>
</html>
`;
}
