import { Controls } from './Controls';
import { CostChart } from './CostChart';
import { FilterMosaic } from './FilterMosaic';
import { FormulaPanel } from './FormulaPanel';
import { HyperparameterSliders } from './HyperparameterSliders';
import { Lesson } from './Lesson';
import { MeanActivation } from './MeanActivation';
import { RunProgress } from './RunProgress';
import { StatusLine } from './StatusLine';

/**
 * For a projector: the screen and nothing more, at any size from 1024×768 to 3840×2160: the
 * mosaic as large as fits, the cost chart, ρ̂, the formula's live terms, and a column with the
 * progress, the controls and the three sliders. Text and curves scale
 * with the screen's height (classroom.css). Each area takes whatever its panel renders; the
 * chart and the mosaic give up room to the others.
 */
export function ClassroomView() {
  return (
    <main className="classroom-layout">
      <section className="panel classroom-mosaic" aria-label="Filters">
        <FilterMosaic maxHeight={Infinity} fill />
      </section>
      <div className="classroom-chart">
        <CostChart height="fill" />
      </div>
      <section className="panel classroom-activation" aria-label="Mean activation">
        <MeanActivation />
      </section>
      <div className="classroom-formula">
        <FormulaPanel />
      </div>
      <div className="classroom-side">
        <Lesson />
        <RunProgress />
        <Controls />
        <HyperparameterSliders />
        <StatusLine />
      </div>
    </main>
  );
}
