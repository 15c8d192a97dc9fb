/**
 * A statistics chart as a file of its own: an SVG that carries its title, its legend and the
 * period (a chart pasted into a report must say what it counts), and a PNG drawn from that SVG
 * by the browser itself (an `<img>` of a `blob:` URL onto a canvas: no network, nothing the
 * CSP forbids, no script in the file).
 */
import { saveBlob } from '../../api/files.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface LegendItem {
  label: string;
  color: string;
}

function text(doc: Document, x: number, y: number, value: string, size: number, weight = 'normal'): SVGTextElement {
  const el = doc.createElementNS(SVG_NS, 'text');
  el.setAttribute('x', String(x));
  el.setAttribute('y', String(y));
  el.setAttribute('font-size', String(size));
  el.setAttribute('font-weight', weight);
  el.setAttribute('font-family', 'DejaVu Sans, Arial, sans-serif');
  el.setAttribute('fill', '#1d2733');
  el.textContent = value;
  return el;
}

/** The chart's SVG inside one that adds a white ground, the title, the period and the legend. */
export function composeChartSvg(chart: SVGSVGElement, title: string, caption: string, legend: readonly LegendItem[]): string {
  const doc = chart.ownerDocument;
  const width = Number(chart.getAttribute('width')) || chart.viewBox.baseVal.width || 640;
  const height = Number(chart.getAttribute('height')) || chart.viewBox.baseVal.height || 400;
  const legendRows = legend.length > 1 ? Math.ceil(legend.length / 2) : 0;
  const top = 52 + legendRows * 20;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height + top + 8));
  root.setAttribute('viewBox', `0 0 ${width} ${height + top + 8}`);
  const ground = doc.createElementNS(SVG_NS, 'rect');
  ground.setAttribute('width', '100%');
  ground.setAttribute('height', '100%');
  ground.setAttribute('fill', '#ffffff');
  root.append(ground, text(doc, 8, 22, title, 16, 'bold'), text(doc, 8, 42, caption, 12));
  legend.forEach((item, i) => {
    const x = 8 + (i % 2) * (width / 2);
    const y = 52 + Math.floor(i / 2) * 20;
    const swatch = doc.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', String(x));
    swatch.setAttribute('y', String(y + 2));
    swatch.setAttribute('width', '12');
    swatch.setAttribute('height', '12');
    swatch.setAttribute('fill', item.color);
    root.append(swatch, text(doc, x + 18, y + 13, item.label, 12));
  });
  const inner = chart.cloneNode(true) as SVGSVGElement;
  inner.setAttribute('x', '0');
  inner.setAttribute('y', String(top));
  root.append(inner);
  return new XMLSerializer().serializeToString(root);
}

export function saveSvg(svg: string, fileName: string): void {
  saveBlob(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }), fileName);
}

/** Renders the SVG at twice its size (sharp on paper and on high-density screens) and saves a PNG. */
export async function savePng(svg: string, fileName: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The chart could not be drawn as an image'));
      img.src = url;
    });
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * scale;
    canvas.height = img.naturalHeight * scale;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('No 2D canvas');
    g.scale(scale, scale);
    g.drawImage(img, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
    saveBlob(blob, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}
