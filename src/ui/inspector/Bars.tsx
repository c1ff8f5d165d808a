/** A plain SVG bar chart (a histogram): one bar per count, optional labels under the ends. */
export function Bars({
  counts,
  width = 260,
  height = 70,
  label,
  left,
  right,
  color = '#5b7fa6',
}: {
  counts: readonly number[];
  width?: number;
  height?: number;
  label: string;
  left?: string;
  right?: string;
  color?: string;
}) {
  const top = Math.max(1, ...counts);
  const slot = width / Math.max(1, counts.length);
  const plot = height - 14;
  return (
    <svg
      className="bars"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={label}
    >
      {counts.map((count, i) => {
        const h = count > 0 ? Math.max(1, (count / top) * plot) : 0;
        return (
          <rect
            key={i}
            x={i * slot}
            y={plot - h}
            width={Math.max(1, slot - 1)}
            height={h}
            fill={color}
          >
            <title>{count}</title>
          </rect>
        );
      })}
      <line x1={0} x2={width} y1={plot + 0.5} y2={plot + 0.5} stroke="#c7ccd4" />
      {left && (
        <text x={0} y={height - 2} className="axis-label">
          {left}
        </text>
      )}
      {right && (
        <text x={width} y={height - 2} textAnchor="end" className="axis-label">
          {right}
        </text>
      )}
    </svg>
  );
}
