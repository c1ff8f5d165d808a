import { HealthPanel } from './HealthPanel';
import { ProbePanel } from './ProbePanel';
import { TradeoffPlot } from './TradeoffPlot';
import { UnitInspector } from './UnitInspector';

/** Inside the units: the unit inspector, sparsity health, the probe and the runs' trade-off. */
export function InspectorArea() {
  return (
    <div className="inspector-area">
      <UnitInspector />
      <div className="inspector-column">
        <HealthPanel />
        <ProbePanel />
        <TradeoffPlot />
      </div>
    </div>
  );
}
