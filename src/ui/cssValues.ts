/**
 * Values a canvas takes from the page's styles, so that the theme and classroom mode reach what
 * is drawn by script: colours written as `var(--name, fallback)` and the curve width.
 */

const VAR = /^var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)$/;

/** A colour as a canvas takes it: `var(--name, fallback)` read from the element's style. */
export function resolveColor(style: CSSStyleDeclaration, color: string): string {
  const match = VAR.exec(color.trim());
  if (!match) return color;
  return style.getPropertyValue(match[1]).trim() || (match[2] ?? '').trim() || 'black';
}

/** The width of drawn curves in CSS pixels: `--curve-width` (a registered length), else `fallback`. */
export function curveWidth(style: CSSStyleDeclaration, fallback = 1): number {
  const width = parseFloat(style.getPropertyValue('--curve-width'));
  return Number.isFinite(width) && width > 0 ? width : fallback;
}
