import { useStore, type State } from '../state/store';
import { formatValue } from './format';
import { useThrottled } from './useThrottled';

const selectLatest = (s: State) => s.run.latest;

function Term({ value }: { value: number | undefined }) {
  return <span className="term-value">{value === undefined ? '—' : formatValue(value, 4)}</span>;
}

/** The cost being minimised, each term with its live value, and what ρ, β and λ do. */
export function FormulaPanel() {
  const latest = useThrottled(selectLatest, 200);
  const rho = useStore((s) => s.settings.rho);
  const beta = useStore((s) => s.settings.beta);
  const lambda = useStore((s) => s.settings.lambda);
  return (
    <section className="panel formula" aria-labelledby="formula-title">
      <h2 id="formula-title">The cost J</h2>
      <dl className="terms">
        <div>
          <dt>
            J <span className="muted">=</span>
          </dt>
          <dd>
            <Term value={latest?.cost} />
          </dd>
        </div>
        <div className="term-reconstruction">
          <dt>
            <span className="muted">reconstruction</span> (1/m) Σ ½‖a₃ − x‖²
          </dt>
          <dd>
            <Term value={latest?.reconstruction} />
          </dd>
        </div>
        <div className="term-decay">
          <dt>
            + <span className="muted">weight decay</span> (λ/2)(‖W₁‖² + ‖W₂‖²)
          </dt>
          <dd>
            <Term value={latest?.decay} />
          </dd>
        </div>
        <div className="term-sparsity">
          <dt>
            + <span className="muted">sparsity</span> β Σⱼ KL(ρ ‖ ρ̂ⱼ)
          </dt>
          <dd>
            <Term value={latest?.sparsity} />
          </dd>
        </div>
      </dl>
      <ul className="notes">
        <li>
          <strong>ρ = {formatValue(rho)}</strong>: the average activation each hidden unit aims for.
          Small ρ means each unit fires for few inputs, so it has to specialise.
        </li>
        <li>
          <strong>β = {formatValue(beta)}</strong>: how hard the KL term pulls every ρ̂ⱼ towards ρ.
          At 0 there is no sparsity pressure at all.
        </li>
        <li>
          <strong>λ = {formatValue(lambda)}</strong>: weight decay. Larger λ keeps weights small and
          filters smooth; too large and they fade to nothing.
        </li>
      </ul>
    </section>
  );
}
