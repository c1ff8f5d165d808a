import { useStore } from '../../state/store';
import { formatValue } from '../format';

const WIDTH = 340;
const HEIGHT = 200;
const PAD = { left: 44, right: 12, top: 10, bottom: 30 };

/** The kept runs as points of mean L0 against NMSE: the trade-off that ρ and β buy. */
export function TradeoffPlot() {
  const runs = useStore((s) => s.runs);
  const points = runs.filter((r) => r.health);
  if (points.length === 0)
    return (
      <section className="panel tradeoff" aria-label="L0 against NMSE">
        <h2>Sparsity against reconstruction</h2>
        <p className="muted small">Kept runs appear here as points of mean L0 against NMSE.</p>
      </section>
    );
  const xs = points.map((r) => r.health!.meanL0);
  const ys = points.map((r) => r.health!.nmse);
  const xMax = Math.max(...xs) * 1.1 || 1;
  const yMax = Math.max(...ys) * 1.1 || 1;
  const x = (v: number) => PAD.left + (v / xMax) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <section className="panel tradeoff" aria-label="L0 against NMSE">
      <h2>Sparsity against reconstruction</h2>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label="Kept runs: mean L0 against NMSE"
      >
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#c7ccd4" />
        <line x1={x(0)} x2={x(0)} y1={PAD.top} y2={y(0)} stroke="#c7ccd4" />
        <text x={(WIDTH + PAD.left) / 2} y={HEIGHT - 4} textAnchor="middle" className="axis-label">
          mean L0 (units firing per example), 0 to {formatValue(xMax, 2)}
        </text>
        <text x={4} y={PAD.top + 8} className="axis-label">
          NMSE
        </text>
        <text x={4} y={PAD.top + 20} className="axis-label">
          {formatValue(yMax, 2)}
        </text>
        {points.map((run, i) => (
          <g key={run.number} data-run={run.number}>
            <circle cx={x(xs[i])} cy={y(ys[i])} r={5} fill="#2563eb">
              <title>
                Run {run.number}: ρ {run.settings.rho}, β {run.settings.beta}; mean L0{' '}
                {formatValue(xs[i], 3)}, NMSE {formatValue(ys[i], 3)}
              </title>
            </circle>
            <text
              x={x(xs[i]) + (xs[i] > xMax / 2 ? -7 : 7)}
              y={y(ys[i]) + 4}
              textAnchor={xs[i] > xMax / 2 ? 'end' : 'start'}
              className="point-label"
            >
              {run.number} · ρ {run.settings.rho}
            </text>
          </g>
        ))}
      </svg>
    </section>
  );
}
