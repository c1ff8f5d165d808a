import { formatValue } from './format';

interface Entry {
  name?: unknown;
  value?: unknown;
  color?: string;
  dataKey?: unknown;
  payload?: Record<string, unknown>;
}

export interface TooltipSeries {
  key: string;
  name: string;
  color: string;
}

/**
 * The chart's tooltip: the iteration, J and its three terms from the row under the pointer (one
 * invisible line carries the rows), then the overlaid past runs' J.
 */
export function CostTooltip({
  active,
  payload,
  label,
  series,
  liveName,
}: {
  active?: boolean;
  payload?: readonly Entry[];
  label?: unknown;
  series: readonly TooltipSeries[];
  liveName: string;
}) {
  if (!active || !payload?.length) return null;
  const live = payload.find((entry) => entry.name === liveName)?.payload;
  const others = payload.filter((entry) => entry.name !== liveName);
  const number = (v: unknown) => (typeof v === 'number' ? formatValue(v, 4) : '—');
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-label">Iteration {String(label)}</p>
      <ul>
        {live &&
          series.map((s) => (
            <li key={s.key} style={{ color: s.color }}>
              {s.name}: {number(live[s.key])}
            </li>
          ))}
        {others.map((entry) => (
          <li key={String(entry.name)} style={{ color: entry.color }}>
            {String(entry.name)}: {number(entry.value)}
          </li>
        ))}
      </ul>
    </div>
  );
}
