import { useInspector } from '../../state/store';
import { HealthPanel } from './HealthPanel';
import { ProbePanel } from './ProbePanel';
import { TradeoffPlot } from './TradeoffPlot';
import { UnitInspector } from './UnitInspector';

/** Inside the units: the unit inspector, sparsity health, the probe and the runs' trade-off. */
export function InspectorArea() {
  const watching = useInspector((s) => s.watching);
  const setWatching = useInspector((s) => s.setWatching);
  return (
    <details
      className="inspector-details"
      open={watching}
      onToggle={(e) => setWatching(e.currentTarget.open)}
    >
      <summary>Inside the units: inspector, sparsity health, probe</summary>
      <div className="inspector-area">
        <UnitInspector />
        <div className="inspector-column">
          <HealthPanel />
          <ProbePanel />
          <TradeoffPlot />
        </div>
      </div>
    </details>
  );
}
