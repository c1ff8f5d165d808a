import { LIVE_SETTINGS, type LiveSetting } from '../engine/settings';
import type { IterationPoint } from '../engine/types';
import { useStore, type State } from '../state/store';
import { formatValue } from './format';
import { useThrottled } from './useThrottled';

const selectLatest = (s: State) => s.run.latest;

/** J's three terms as the course writes them; each row's class colours it as its curve. */
const TERMS: readonly {
  key: keyof Pick<IterationPoint, 'reconstruction' | 'decay' | 'sparsity'>;
  name: string;
  formula: string;
}[] = [
  { key: 'reconstruction', name: 'reconstruction', formula: '(1/m) Σ ½‖a₃ − x‖²' },
  { key: 'decay', name: 'weight decay', formula: '(λ/2)(‖W₁‖² + ‖W₂‖²)' },
  { key: 'sparsity', name: 'sparsity', formula: 'β Σⱼ KL(ρ ‖ ρ̂ⱼ)' },
];

function Term({ value }: { value: number | undefined }) {
  return <span className="term-value">{value === undefined ? '—' : formatValue(value, 4)}</span>;
}

/** A live setting's current value and what it does (the settings table's help). */
function Note({ setting }: { setting: LiveSetting }) {
  const value = useStore((s) => s.settings[setting.key]);
  return (
    <li>
      <strong>
        {setting.symbol} = {formatValue(value)}
      </strong>
      : {setting.help}
    </li>
  );
}

/** The cost being minimised, each term with its live value, and what ρ, β and λ do. */
export function FormulaPanel() {
  const latest = useThrottled(selectLatest, 200);
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
        {TERMS.map((term, i) => (
          <div key={term.key} className={`term-${term.key}`}>
            <dt>
              {i > 0 && '+ '}
              <span className="muted">{term.name}</span> {term.formula}
            </dt>
            <dd>
              <Term value={latest?.[term.key]} />
            </dd>
          </div>
        ))}
      </dl>
      <ul className="notes">
        {LIVE_SETTINGS.map((setting) => (
          <Note key={setting.key} setting={setting} />
        ))}
      </ul>
    </section>
  );
}
